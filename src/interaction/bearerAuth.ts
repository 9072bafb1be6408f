// InterAction's bearer token as openapi-fetch middleware: every request leaves with a token from the pluggable
// provider, and a request InterAction refuses with 401 is sent once more, same body, with a freshly acquired token.
// Also the two globals openapi-fetch names that Outlook's JavaScript-only event runtime may lack.
import type { Middleware } from "openapi-fetch";
import { messages } from "../core/messages";
import { errorText, InterActionError } from "../sync/errors";
import { globalObject } from "../sync/globalObject";

/** Returns a bearer token for InterAction; `forceRefresh` after InterAction rejected the previous one. */
export type TokenGetter = (options?: { forceRefresh?: boolean }) => Promise<string>;

/** A token, or the sign-in's failure as an InterActionError (retryable when the provider says so). */
async function tokenFor(getToken: TokenGetter, forceRefresh: boolean): Promise<string> {
  try {
    return await getToken(forceRefresh ? { forceRefresh: true } : undefined);
  } catch (e) {
    if (e instanceof InterActionError) throw e;
    const retryable = (e as { retryable?: unknown } | null)?.retryable === true;
    throw new InterActionError("unauthorized", messages.request.signInFailed(errorText(e)), retryable);
  }
}

export function bearerAuth(getToken: TokenGetter): Middleware {
  // A copy of each request in flight, taken before it is sent (a sent body cannot be read again): the 401 retry.
  const spares = new Map<string, Request>();
  const authorize = async (request: Request, forceRefresh: boolean): Promise<Request> => {
    request.headers.set("Authorization", `Bearer ${await tokenFor(getToken, forceRefresh)}`);
    return request;
  };
  return {
    async onRequest({ request, id }) {
      // Changed in place, not returned: the event runtime's Request is a stand-in openapi-fetch must not re-check.
      spares.set(id, (await authorize(request, false)).clone());
    },
    async onResponse({ response, id, options }) {
      const spare = spares.get(id);
      spares.delete(id);
      if (response.status !== 401 || !spare) return undefined;
      // The refusal's body is not needed; cancelling it frees the connection.
      response.body?.cancel().catch(() => undefined);
      // Through the client's own fetch, not the middleware chain again: one retry, and its answer is the answer.
      return options.fetch(await authorize(spare, true));
    },
    onError({ id }) {
      spares.delete(id);
    },
  };
}

/**
 * openapi-fetch names FormData (`body instanceof FormData`) and Response (`instanceof Response` on a middleware's
 * answer). Outlook's JavaScript-only event runtime has fetch but need not expose those classes; where one is
 * missing, a stand-in: FormData that nothing is an instance of (the client never sends forms), and Response that
 * recognizes any answer of the runtime's fetch (status and headers), so a retried answer is accepted.
 */
export function ensureOpenapiFetchGlobals(): void {
  const scope = globalObject();
  if (typeof FormData === "undefined") scope.FormData = class FormDataUnavailable {};
  if (typeof Response === "undefined") {
    scope.Response = class RuntimeResponse {
      static [Symbol.hasInstance](value: unknown): boolean {
        const answer = value as { status?: unknown; headers?: { get?: unknown } } | null;
        return typeof answer?.status === "number" && typeof answer.headers?.get === "function";
      }
    };
  }
}
