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
