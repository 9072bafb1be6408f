// Outlook's side of nested app authentication, played by the workbench page: it answers the bridge protocol MSAL's
// BridgeProxy speaks from the add-in's frames (host/nestedAppAuth.ts) for the signed-in user, as Outlook's broker
// does with the account signed in to Outlook:
// - GetInitContext: the host's SDK name and the account context;
// - GetToken (silent): the local identity provider's broker request (POST /__graph/broker/token): a token when the
//   user's session is alive and the add-in's permissions are consented, else the error MSAL turns into "interaction
//   required" (first-time consent, a revoked session) or a refusal naming what an administrator must grant;
// - GetTokenPopup: a sign-in window at the identity provider's authorize page (authorization code with PKCE, redirect
//   URI brk-multihub://<workbench origin>), only for the task pane: an event runtime has no UI, so it is refused
//   there and the refusal logged. A window the user closes answers USER_CANCEL.
// Tokens cross to the frame that asked and nowhere else: the log keeps methods and outcomes only.
import type { FrameRecord } from "./frames";
import {
  answerSignInPages,
  b64url,
  bridgeErrorOf,
  claimsOf,
  type BridgeError,
  type OAuthFailure,
  type TokenResponse,
} from "./nestedAppAuthProtocol";

export { bridgeErrorOf } from "./nestedAppAuthProtocol";

export type AuthMode = "naa" | "dialog" | "dev";

interface Identity {
  clientId: string;
  authority: string;
  localAuthority: string;
  scopes: string[];
  brokerRedirectUri: string;
}

export interface BridgeLogEntry {
  at: string;
  frame: "taskpane" | "commands" | "dialog";
  user: string;
  method: string;
  outcome: "initContext" | "token" | "error";
  status?: string;
  code?: string;
}

export class NestedAppAuthBroker {
  mode: AuthMode = "dev";
  identity: Identity | null = null;
  readonly log: BridgeLogEntry[] = [];
  /** The sign-in window a GetTokenPopup opened, while it is open. */
  signInWindow: { win: Window; user: string } | null = null;

  constructor(private readonly host: { readonly user: { email: string }; changed(): void }) {}

  async load(): Promise<void> {
    const res = await fetch("/__workbench/auth");
    if (!res.ok) return;
    const body = (await res.json()) as { mode: AuthMode; identity: Identity | null };
    this.mode = body.mode;
    this.identity = body.identity;
  }

  /**
   * The user signed in to Outlook: their session at the identity provider is alive, and the add-in's permissions are
   * consented firm-wide unless `consent` says otherwise ("userConsentRequired": first-time consent;
   * "adminConsentRequired": user consent blocked, no administrator granted yet).
   */
  async userSignedIn(
    email: string,
    consent: "granted" | "userConsentRequired" | "adminConsentRequired" = "granted",
  ): Promise<void> {
    if (!this.identity) return;
    const put = (method: string, path: string, body: unknown) =>
      fetch(path, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then(
        async (r) => {
          if (!r.ok) throw new Error(`${method} ${path} answered ${r.status}: ${await r.text()}`);
        },
      );
    await put("PUT", "/__graph/consent", { clientId: this.identity.clientId, mode: consent });
    await put("POST", "/__graph/sessions/sign-in", { user: email });
  }

  /** An administrator revoked the user's sign-in sessions: silent requests now need the user. */
  async revokeSessions(email: string): Promise<void> {
    const r = await fetch("/__graph/sessions/revoke", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: email }),
    });
    if (!r.ok) throw new Error(`Revoking ${email}'s sessions failed: ${r.status}`);
  }

  /** Switches the Outlook being played; the add-in's runtimes started afterwards see it. */
  async setMode(mode: AuthMode): Promise<void> {
    const res = await fetch("/__workbench/auth", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mode }),
    });
    const body = (await res.json()) as { mode: AuthMode; identity: Identity | null; message?: string };
    if (!res.ok) throw new Error(`The workbench cannot use auth "${mode}": ${body.message ?? res.status}`);
    this.mode = body.mode;
    this.identity = body.identity;
    // The event runtimes keep the last good addin-config.json (src/compose/config.ts): as if IT's change had long
    // reached every runtime, drop those copies so the next event reads the new one.
    for (const key of Object.keys(localStorage))
      if (key.startsWith("wb-user:") && key.endsWith(":interaction.addinConfig")) localStorage.removeItem(key);
    this.host.changed();
  }

  /** One bridge message from a frame: answers the response envelope (JSON), never throws. */
  async handle(record: FrameRecord, message: string): Promise<string> {
    let request: { method?: string; requestId?: string; tokenParams?: { clientId?: string; scope?: string } };
    try {
      request = JSON.parse(message) as typeof request;
    } catch {
      return JSON.stringify({ messageType: "NestedAppAuthResponse", requestId: "", success: false });
    }
    const user = this.host.user.email;
    const method = request.method ?? "";
    const reply = (body: Record<string, unknown>) =>
      JSON.stringify({ messageType: "NestedAppAuthResponse", requestId: request.requestId, ...body });
    const note = (outcome: BridgeLogEntry["outcome"], error?: BridgeError) => {
      this.log.push({
        at: new Date().toISOString(),
        frame: record.kind,
        user,
        method,
        outcome,
        ...(error ? { status: error.status, ...(error.code ? { code: error.code } : {}) } : {}),
      });
      if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
    };
    const fail = (error: BridgeError) => {
      note("error", error);
      return reply({ success: false, error });
    };
    const identity = this.identity;
    if (this.mode !== "naa" || !identity)
      return fail({
        status: "NESTED_APP_AUTH_UNAVAILABLE",
        description: "This Outlook has no nested app authentication.",
      });
    try {
      if (method === "GetInitContext") {
        note("initContext");
        return reply({
          success: true,
          initContext: { sdkName: "Outlook workbench", sdkVersion: "1.0.0", capabilities: { queryAccount: false } },
        });
      }
      const scope = request.tokenParams?.scope ?? identity.scopes.join(" ");
      const clientId = request.tokenParams?.clientId ?? identity.clientId;
      if (method === "GetToken") {
        const got = await this.silent(user, clientId, scope);
        if ("error" in got) return fail(got.error);
        note("token");
        return reply({ success: true, ...got });
      }
      if (method === "GetTokenPopup") {
        // Event-based activation has no UI: Outlook shows no sign-in window for a launch event or function command.
        if (record.kind !== "taskpane")
          return fail({
            status: "PERSISTENT_ERROR",
            code: "interaction_not_supported",
            description: "An event-based add-in runtime cannot show a sign-in window.",
          });
        const got = await this.interactive(user, clientId, scope);
        if ("error" in got) return fail(got.error);
        note("token");
        return reply({ success: true, ...got });
      }
      return fail({ status: "PERSISTENT_ERROR", code: "unsupported_method", description: `Unknown method ${method}` });
    } catch (e) {
      return fail({ status: "NO_NETWORK", description: (e as Error).message });
    }
  }

  /** The token and account MSAL expects, from the identity provider's token response. */
  private answer(token: TokenResponse) {
    const claims = claimsOf(token.id_token);
    const environment = new URL(this.identity!.authority).host;
    return {
      token: {
        access_token: token.access_token,
        id_token: token.id_token,
        expires_in: token.expires_in,
        scope: token.scope,
        properties: null,
      },
      account: {
        homeAccountId: `${claims.oid}.${claims.tid}`,
        environment,
        tenantId: claims.tid,
        localAccountId: claims.oid,
        username: claims.preferred_username,
        name: claims.name,
      },
    };
  }

  private async silent(user: string, clientId: string, scope: string) {
    const res = await fetch("/__graph/broker/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user, clientId, scope, redirectUri: this.identity!.brokerRedirectUri }),
    });
    const body = (await res.json().catch(() => ({}))) as TokenResponse & OAuthFailure;
    if (!res.ok || !body.access_token) return { error: bridgeErrorOf(res.status, body) };
    return this.answer(body);
  }

  /** The sign-in window: authorize (code + PKCE) at the identity provider, as the user answers its pages. */
  private async interactive(user: string, clientId: string, scope: string) {
    const identity = this.identity!;
    const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
    const challenge = b64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
    const state = b64url(crypto.getRandomValues(new Uint8Array(12)));
    const query = new URLSearchParams({
      client_id: clientId,
      redirect_uri: identity.brokerRedirectUri,
      response_type: "code",
      response_mode: "query",
      scope: `${scope} openid profile offline_access`,
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
      login_hint: user,
    });
    const win = window.open(`${identity.localAuthority}/oauth2/v2.0/authorize?${query}`, "wb-sign-in", "popup");
    if (!win)
      return { error: { status: "PERSISTENT_ERROR", code: "popup_blocked", description: "The window was blocked." } };
    this.signInWindow = { win, user };
    this.host.changed();
    const outcome = await new Promise<{ url?: string }>((resolve) => {
      const onMessage = (e: MessageEvent) => {
        const data = e.data as { type?: string; url?: string } | null;
        if (e.source !== win || data?.type !== "brokerRedirect") return;
        done({ url: data.url });
      };
      const timer = setInterval(() => win.closed && done({}), 200);
      const done = (r: { url?: string }) => {
        clearInterval(timer);
        window.removeEventListener("message", onMessage);
        resolve(r);
      };
      window.addEventListener("message", onMessage);
    });
    if (!win.closed) win.close();
    this.signInWindow = null;
    this.host.changed();
    const params = outcome.url ? new URL(outcome.url).searchParams : undefined;
    const code = params?.get("state") === state ? params.get("code") : null;
    if (!code) {
      // Closed or declined: what the identity provider says now decides what the add-in hears (an administrator
      // must grant, or the user simply cancelled).
      const now = await this.silent(user, clientId, scope);
      if ("error" in now && /admin consent|admin approval|AADSTS90094/i.test(now.error.description ?? "")) return now;
      return {
        error: { status: "USER_CANCEL", code: "user_canceled", description: "The user closed the sign-in window." },
      };
    }
    const res = await fetch(`${identity.localAuthority}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: clientId,
        grant_type: "authorization_code",
        code,
        redirect_uri: identity.brokerRedirectUri,
        code_verifier: verifier,
        scope,
      }),
    });
    const body = (await res.json().catch(() => ({}))) as TokenResponse & OAuthFailure;
    if (!res.ok || !body.access_token) return { error: bridgeErrorOf(res.status, body) };
    return this.answer(body);
  }

  /**
   * Answers the open sign-in window as a user would (scripts and tests): "accept" signs in when asked (the dev
   * password) and accepts the permissions; "close" closes the window.
   */
  async answerSignIn(choice: "accept" | "close", timeoutMs = 20_000): Promise<void> {
    const started = Date.now();
    while (!this.signInWindow) {
      if (Date.now() - started > timeoutMs) throw new Error("No sign-in window is open");
      await new Promise((r) => setTimeout(r, 50));
    }
    const { win } = this.signInWindow;
    if (choice === "close") {
      win.close();
      return;
    }
    await answerSignInPages(win, started, timeoutMs);
  }
}
