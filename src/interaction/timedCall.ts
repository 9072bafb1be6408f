// One typed call's life apart from its endpoint: a timeout per request and every failure mapped to InterActionError
// with a readable message and whether a retry can help. The token and the 401 retry are bearerAuth's (middleware).
import type { FetchOptions } from "openapi-fetch";
import { messages } from "../core/messages";
import { InterActionError } from "../sync/errors";
import { errorFromResponse, GENERIC_MESSAGES } from "./httpErrors";

/** What openapi-fetch answers for one call. */
export interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** What a call passes on to openapi-fetch: headers, the abort signal, the timed fetch and the clock's middleware. */
export type CallInit = Pick<FetchOptions<unknown>, "fetch" | "middleware"> & {
  headers: Record<string, string>;
  signal: AbortSignal;
};

export type TimedCall = <T>(
  send: (init: CallInit) => Promise<Answer<T>>,
  extraHeaders?: Record<string, string | undefined>,
  caller?: AbortSignal,
) => Promise<{ data: T; response: Response }>;

const isAbort = (e: unknown): boolean =>
  typeof e === "object" && e !== null && ((e as Error).name === "AbortError" || (e as Error).name === "TimeoutError");

/**
 * Runs one typed call with a timeout and error mapping. `send` receives what to pass on. The timeout runs from the
 * moment a request leaves (after its token: a sign-in takes as long as the user needs) until its answer's body is
 * read; it stops while a refused token is renewed, and the retry gets a timeout of its own. Aborting `caller` (the
 * caller gave up) aborts the request and rethrows the abort as it is: it is neither a timeout nor a failure of
 * InterAction.
 */
export function timedCall(baseFetch: typeof fetch, timeoutMs: number): TimedCall {
  return async function call<T>(
    send: (init: CallInit) => Promise<Answer<T>>,
    extraHeaders: Record<string, string | undefined> = {},
    caller?: AbortSignal,
  ): Promise<{ data: T; response: Response }> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(extraHeaders)) if (v !== undefined) headers[k] = v;
    const controller = new AbortController();
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stopClock = () => clearTimeout(timer);
    const startClock = () => {
      stopClock();
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
    };
    const callerAborted = () => controller.abort();
    if (caller?.aborted) controller.abort();
    else caller?.addEventListener("abort", callerAborted);
    let answer: Answer<T>;
    try {
      answer = await send({
        headers,
        signal: controller.signal,
        // openapi-fetch hands middleware this fetch too, so bearerAuth's retry starts its own clock.
        fetch: (request: Request) => (startClock(), baseFetch(request)),
        // Runs before bearerAuth's onResponse (request middleware answer first): no clock while a token is renewed.
        middleware: [{ onResponse: ({ response }) => void (response.status === 401 && stopClock()) }],
      });
    } catch (e) {
      if (e instanceof InterActionError) throw e;
      if (caller?.aborted && !timedOut) throw e;
      if (timedOut || isAbort(e)) {
        throw new InterActionError("timeout", messages.request.timedOutAfter(timeoutMs), true);
      }
      // By name: the JSON parser of fetch's Response may live in another realm (instanceof would fail).
      if ((e as Error)?.name === "SyntaxError") {
        throw new InterActionError("badResponse", GENERIC_MESSAGES.badResponse, true);
      }
      throw new InterActionError("network", GENERIC_MESSAGES.network, true);
    } finally {
      stopClock();
      caller?.removeEventListener("abort", callerAborted);
    }
    const { response } = answer;
    if (response.ok) return { data: answer.data as T, response };
    throw errorFromResponse(response.status, answer.error, response.headers.get("Retry-After"));
  };
}

/** An answer that must carry a body: none is a bad response (retryable), not a crash further on. */
export const requireData = <T>(data: T | undefined): T => {
  if (data === undefined || data === null) {
    throw new InterActionError("badResponse", GENERIC_MESSAGES.badResponse, true);
  }
  return data;
};
