// An OAuth 2.0 error as Microsoft Entra answers it: HTTP status, `error` code, and an AADSTS description. `suberror`
// is what MSAL reads to tell "consent needed" from "sign in again" (consent_required, bad_token, ...).
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly suberror?: string,
  ) {
    super(description);
  }

  /** The token endpoint's JSON body. */
  body(): Record<string, unknown> {
    const code = Number(/AADSTS(\d+)/.exec(this.description)?.[1] ?? 0);
    return {
      error: this.error,
      error_description: this.description,
      error_codes: [code],
      ...(this.suberror ? { suberror: this.suberror } : {}),
    };
  }
}
