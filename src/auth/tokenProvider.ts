// The token-provider port: how the InterAction client gets a bearer token. Tokens live only in memory or in MSAL's
// own cache: never in custom properties, storage, notifications or logs.
export interface TokenRequestOptions {
  /**
   * Whether the user may be shown a sign-in (popup or dialog). Launch events and the send handler must never prompt:
   * they call with interactive false and queue the work when a silent token is not available.
   */
  interactive?: boolean;
}

export interface TokenProvider {
  getAccessToken(options?: TokenRequestOptions): Promise<string>;
  /** Forget any token held in memory (after a 401, or on sign-out). */
  clear?(): void;
  /**
   * The user acted in the pane (Add, Retry): a sign-in they closed may be shown again. Until then every request
   * fails with the same reason without opening another window (src/auth/promptGate.ts).
   */
  allowPrompt?(): void;
}

/** A token with its expiry, held only in a closure's memory. */
export interface CachedToken {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** Tokens are renewed a minute before they expire, so a request never leaves with a token about to lapse. */
export const EXPIRY_MARGIN_MS = 60_000;

export const isFresh = (cached: CachedToken | undefined, now: number): cached is CachedToken =>
  Boolean(cached && cached.expiresAt - EXPIRY_MARGIN_MS > now);
