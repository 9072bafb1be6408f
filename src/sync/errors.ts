// One error type for every InterAction failure, so use-cases decide "retry later" vs "tell the user" in one place.
export type InterActionErrorCode =
  | "network"
  | "timeout"
  | "server"
  | "rateLimited"
  | "unauthorized"
  | "forbidden"
  | "notFound"
  | "frozen"
  | "conflict"
  | "tooLarge"
  | "ineligible"
  | "invalid"
  | "badResponse";

export class InterActionError extends Error {
  constructor(
    readonly code: InterActionErrorCode,
    message: string,
    /** Whether trying again later can help (network, 5xx, 429, timeouts). */
    readonly retryable: boolean,
    readonly status?: number,
    /** From Retry-After, when the server sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "InterActionError";
  }
}

export const isInterActionError = (e: unknown): e is InterActionError =>
  e instanceof InterActionError || (e instanceof Error && e.name === "InterActionError");

/** What a failure means for the user: a sentence to show and whether trying again later can help. */
export interface ErrorSummary {
  message: string;
  retryable: boolean;
}

/** An Error's own message, anything else as text. */
export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** An Error's own message when it has one, else `fallback` (for errors whose text is not meant for users). */
export const messageOr =
  (fallback: string) =>
  (e: unknown): string =>
    e instanceof Error && e.message ? e.message : fallback;

/**
 * The one mapping of any failure to what the user is told: InterAction's own message and verdict for an
 * InterActionError; anything else (storage, the runtime, a bug) is worth retrying, worded by `wording` (the caller
 * decides whether such a message is fit for its users).
 */
export const describeError = (e: unknown, wording: (e: unknown) => string = errorText): ErrorSummary =>
  isInterActionError(e) ? { message: e.message, retryable: e.retryable } : { message: wording(e), retryable: true };
