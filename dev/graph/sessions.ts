// What the identity provider remembers between requests: each user's sign-in session (what Outlook's broker holds for
// the signed-in account, or a browser's cookie), the refresh tokens it issued, and authorization codes waiting to be
// redeemed (PKCE). In memory: a restart is a revoked session for everyone, which clients must survive anyway.
import { createHash, randomBytes } from "node:crypto";
import { OAuthError } from "./oauthError";

/** Authorization codes live ten minutes and are redeemed once, as Entra's. */
const CODE_LIFETIME_MS = 10 * 60 * 1000;

export interface CodeGrant {
  clientId: string;
  userId: string;
  redirectUri: string;
  scope: string;
  codeChallenge: string;
  nonce?: string;
  expiresAt: number;
}

interface RefreshGrant {
  clientId: string;
  userId: string;
}

const opaque = () => randomBytes(32).toString("base64url");

export class Sessions {
  /** Users whose session was revoked (or who signed out); every firm user has one until then. */
  private readonly revoked = new Set<string>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly codes = new Map<string, CodeGrant>();

  hasSession(userId: string): boolean {
    return !this.revoked.has(userId);
  }

  /** The user signed in (again): a new session. */
  signIn(userId: string): void {
    this.revoked.delete(userId);
  }

  /** An administrator revoked the user's sessions (or the password changed): every refresh token stops working. */
  revoke(userId: string): void {
    this.revoked.add(userId);
    for (const [token, grant] of this.refreshTokens) if (grant.userId === userId) this.refreshTokens.delete(token);
  }

  clear(): void {
    this.revoked.clear();
    this.refreshTokens.clear();
    this.codes.clear();
  }

  issueRefreshToken(clientId: string, userId: string): string {
    const token = opaque();
    this.refreshTokens.set(token, { clientId, userId });
    return token;
  }

  /** Redeems a refresh token (rotated: the old one is spent) and answers whose it was. */
  redeemRefreshToken(token: string | undefined, clientId: string): string {
    const grant = token ? this.refreshTokens.get(token) : undefined;
    if (!grant || grant.clientId !== clientId) {
      throw new OAuthError(
        400,
        "invalid_grant",
        "AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password, or an administrator revoked their sessions.",
        "bad_token",
      );
    }
    this.refreshTokens.delete(token as string);
    return grant.userId;
  }

  issueCode(grant: Omit<CodeGrant, "expiresAt">): string {
    const code = opaque();
    this.codes.set(code, { ...grant, expiresAt: Date.now() + CODE_LIFETIME_MS });
    return code;
  }

  /** Redeems a code: same client and redirect URI, and the PKCE verifier whose S256 hash is the challenge. */
  redeemCode(
    code: string | undefined,
    clientId: string,
    redirectUri: string | undefined,
    verifier: string | undefined,
  ): CodeGrant {
    const grant = code ? this.codes.get(code) : undefined;
    if (code) this.codes.delete(code);
    if (!grant || grant.expiresAt < Date.now() || grant.clientId !== clientId) {
      throw new OAuthError(
        400,
        "invalid_grant",
        "AADSTS70008: The provided authorization code or refresh token has expired due to inactivity, or was already redeemed. Send a new interactive authorization request for this user and resource.",
      );
    }
    if (grant.redirectUri !== redirectUri) {
      throw new OAuthError(
        400,
        "invalid_grant",
        "AADSTS70000: The request was denied because one or more grants are invalid: the redirect_uri does not match the one the code was issued for.",
      );
    }
    const hashed = verifier ? createHash("sha256").update(verifier).digest("base64url") : "";
    if (hashed !== grant.codeChallenge) {
      throw new OAuthError(
        400,
        "invalid_grant",
        "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.",
      );
    }
    return grant;
  }
}
