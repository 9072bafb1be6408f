// Dev tokens from the InterAction sandbox (POST {apiBaseUrl}/dev/token { email }), for the workbench and local
// development. The user is whoever Outlook says is signed in. The token stays in this closure's memory.
// With `graph`, the same for Microsoft Graph: a delegated token of the local Graph's identity provider (dev/graph,
// POST {tokenUrl} { user, scopes }), what nested app authentication gives the add-in for Graph in production.
import { InterActionError } from "../sync/errors";
import { isFresh, type CachedToken, type TokenProvider } from "./tokenProvider";

export interface DevTokenProviderOptions {
  apiBaseUrl: string;
  /** The signed-in user's address (Office.context.mailbox.userProfile.emailAddress). */
  email: () => string;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
  /** Tokens for the local Microsoft Graph instead of InterAction: its dev token route and the delegated scopes. */
  graph?: { tokenUrl: string; scopes: string[] };
}

export function createDevTokenProvider(options: DevTokenProviderOptions): TokenProvider {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const now = options.now ?? (() => Date.now());
  let cached: CachedToken | undefined;
  let cachedFor = "";
  let inflight: Promise<string> | undefined;

  async function issue(email: string): Promise<string> {
    const graph = options.graph;
    const url = graph ? graph.tokenUrl : `${options.apiBaseUrl.replace(/\/+$/, "")}/dev/token`;
    const who = graph ? "Microsoft Graph" : "InterAction";
    let res: Response;
    const timeoutMs = options.timeoutMs ?? 10_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      res = await Promise.race([
        doFetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify(graph ? { user: email, scopes: graph.scopes } : { email }),
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new InterActionError("timeout", `${who} did not answer the sign-in in time.`, true)),
            timeoutMs,
          );
        }),
      ]);
    } catch (e) {
      if (e instanceof InterActionError) throw e;
      throw new InterActionError("network", `${who} cannot be reached to sign in.`, true);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    if (!res.ok) {
      const retryable = res.status >= 500 || res.status === 429;
      throw new InterActionError(
        retryable ? "server" : "unauthorized",
        retryable
          ? `${who} could not sign you in right now (HTTP ${res.status}).`
          : `${who} does not know ${email}: ask your InterAction administrator for access.`,
        retryable,
        res.status,
      );
    }
    const body = (await res.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown } | null;
    if (!body || typeof body.access_token !== "string" || !body.access_token) {
      throw new InterActionError("badResponse", `${who} answered the sign-in without a token.`, true, res.status);
    }
    const expiresIn = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 300;
    cached = { token: body.access_token, expiresAt: now() + expiresIn * 1000 };
    cachedFor = email;
    return body.access_token;
  }

  return {
    async getAccessToken() {
      const email = options.email().trim().toLowerCase();
      if (!email) throw new InterActionError("unauthorized", "Outlook did not say who is signed in.", false);
      if (cachedFor === email && isFresh(cached, now())) return cached.token;
      if (!inflight) inflight = issue(email).finally(() => (inflight = undefined));
      return inflight;
    },
    clear() {
      cached = undefined;
      cachedFor = "";
    },
  };
}
