// What an HTTP failure of InterAction means: one InterActionError with a readable message (the server's own, else
// core's catalogue) and whether a retry can help, with Retry-After when the server sent one.
import { messages } from "../core/messages";
import { InterActionError, type InterActionErrorCode } from "../sync/errors";
import type { components } from "./schema";

type ApiErrorBody = components["schemas"]["Error"];

/** InterAction's failures in the user's words (core's catalogue), for answers that carry no message of their own. */
export const GENERIC_MESSAGES: Record<InterActionErrorCode, string> = messages.interaction;

/** Milliseconds from a Retry-After header (delta-seconds or HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

const isErrorBody = (body: unknown): body is ApiErrorBody =>
  typeof body === "object" &&
  body !== null &&
  typeof (body as ApiErrorBody).code === "string" &&
  typeof (body as ApiErrorBody).message === "string";

/** Maps an HTTP failure to the one error type the use-cases understand. */
export function errorFromResponse(status: number, body: unknown, retryAfter: string | null): InterActionError {
  const server = isErrorBody(body) ? body : undefined;
  let code: InterActionErrorCode;
  let retryable = false;
  if (status === 429) {
    code = "rateLimited";
    retryable = true;
  } else if (status === 408) {
    code = "timeout";
    retryable = true;
  } else if (status >= 500) {
    code = "server";
    retryable = true;
  } else if (status === 401) code = "unauthorized";
  else if (status === 403) code = "forbidden";
  else if (status === 404) code = "notFound";
  else if (status === 409) code = server?.code === "frozen" ? "frozen" : "conflict";
  else if (status === 412) code = "conflict";
  else if (status === 413) code = "tooLarge";
  else if (status === 422) code = "ineligible";
  else code = "invalid";
  let message = server?.message || GENERIC_MESSAGES[code];
  if (code === "invalid" && server?.details?.length) {
    message = `${message} (${server.details.map((d) => `${d.field} ${d.message}`).join("; ")})`;
  }
  const retryAfterMs = retryable ? parseRetryAfter(retryAfter) : undefined;
  return new InterActionError(code, message, retryable, status, retryAfterMs);
}
