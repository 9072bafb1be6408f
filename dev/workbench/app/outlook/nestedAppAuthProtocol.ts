// The wire side of the workbench's nested app authentication broker (nestedAppAuth.ts): the identity provider's
// token answers and refusals as the bridge reports them to MSAL, PKCE's encoding, and the scripted user who answers
// the sign-in window's pages (scripts and tests).

export interface TokenResponse {
  access_token: string;
  id_token: string;
  expires_in: number;
  scope?: string;
}
export interface OAuthFailure {
  error?: string;
  error_description?: string;
  suberror?: string;
}
export type BridgeError = { status: string; code?: string; subError?: string; description?: string };

export const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
export const claimsOf = (jwt: string): Record<string, string> =>
  JSON.parse(atob(jwt.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, string>;

/** The identity provider's refusal as the bridge reports it (MSAL's NestedAppAuthAdapter maps the status). */
export function bridgeErrorOf(status: number, body: OAuthFailure): BridgeError {
  const error = body.error ?? "server_error";
  const base = {
    code: error,
    description: body.error_description ?? "",
    ...(body.suberror ? { subError: body.suberror } : {}),
  };
  if (/interaction_required|consent_required|login_required/.test(`${error} ${body.suberror ?? ""}`))
    return { status: "USER_INTERACTION_REQUIRED", ...base };
  if (status >= 500 || status === 429) return { status: "TRANSIENT_ERROR", ...base };
  return { status: "PERSISTENT_ERROR", ...base };
}

/**
 * Answers the sign-in window's pages as a user would, until the window closes: the sign-in page with the dev password,
 * the consent page with "Accept"; an admin-approval page is an error (only an administrator can go on).
 */
export async function answerSignInPages(win: Window, started: number, timeoutMs: number): Promise<void> {
  let lastStep = "";
  while (!win.closed) {
    if (Date.now() - started > timeoutMs) throw new Error(`The sign-in window did not finish (at ${lastStep})`);
    let doc: Document | null = null;
    try {
      doc = win.document;
    } catch {
      doc = null; // between pages
    }
    if (doc && doc.readyState === "complete" && doc.body) {
      const password = doc.querySelector<HTMLInputElement>("input[name=password]");
      const consent = doc.querySelector<HTMLButtonElement>("button[value=consent]");
      // Each page is answered once (a form keeps showing until the next page replaces it).
      const step = `${doc.location.href}#${password ? "signin" : consent ? "consent" : "other"}`;
      if (step !== lastStep && password) {
        lastStep = step;
        password.value = "dev";
        password.form?.submit();
      } else if (step !== lastStep && consent) {
        lastStep = step;
        consent.click();
      } else if (doc.querySelector("h1")?.textContent === "Need admin approval") {
        throw new Error(`The sign-in window says: ${doc.body.innerText.slice(0, 300)}`);
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
