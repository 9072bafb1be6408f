// Real bearer-token verification for the sandbox: RS256 JWTs signed with a key pair the sandbox generates once and
// keeps in its database, checked for signature, issuer, audience and expiry like a firm's gateway would.
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, jwtVerify, SignJWT } from "jose";
import type { KeyLike, JWK } from "jose";
import type { Db } from "./db";
import { getMeta, setMeta } from "./db";

export const TOKEN_ISSUER = "interaction-sandbox";
export const TOKEN_AUDIENCE = "api://interaction-sandbox";
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface SigningKeys {
  kid: string;
  privateKey: KeyLike;
  publicKey: KeyLike;
  publicJwk: JWK;
}

export async function loadOrCreateKeys(db: Db): Promise<SigningKeys> {
  let pkcs8 = getMeta(db, "keys.private");
  let spki = getMeta(db, "keys.public");
  let kid = getMeta(db, "keys.kid");
  if (!pkcs8 || !spki || !kid) {
    const pair = await generateKeyPair("RS256", { extractable: true });
    pkcs8 = await exportPKCS8(pair.privateKey);
    spki = await exportSPKI(pair.publicKey);
    kid = `sandbox-${Date.now().toString(36)}`;
    setMeta(db, "keys.private", pkcs8);
    setMeta(db, "keys.public", spki);
    setMeta(db, "keys.kid", kid);
  }
  const privateKey = await importPKCS8(pkcs8, "RS256");
  const publicKey = await importSPKI(spki, "RS256", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  return { kid, privateKey, publicKey, publicJwk };
}

export interface TokenClaims {
  sub: string;
  email: string;
  name?: string;
}

/** Signs an access token. Options exist so tests can make expired, foreign-audience or foreign-issuer tokens. */
export async function signAccessToken(
  keys: Pick<SigningKeys, "kid" | "privateKey">,
  claims: TokenClaims,
  options: { audience?: string; issuer?: string; expiresInSeconds?: number; now?: Date } = {},
): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ email: claims.email, name: claims.name, scp: "access_as_user" })
    .setProtectedHeader({ alg: "RS256", kid: keys.kid, typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(options.issuer ?? TOKEN_ISSUER)
    .setAudience(options.audience ?? TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.expiresInSeconds ?? TOKEN_LIFETIME_SECONDS))
    .sign(keys.privateKey);
}

export type TokenProblem = "missing" | "malformed" | "expired" | "audience" | "issuer" | "signature" | "invalid";

export class TokenError extends Error {
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
    this.name = "TokenError";
  }
}

/**
 * Verifies a bearer token against the real clock (token lifetimes are about security, not InterAction's rules, so
 * moving the sandbox's clock does not expire the add-in's tokens).
 */
export async function verifyAccessToken(keys: SigningKeys, authorization: string | undefined): Promise<TokenClaims> {
  if (!authorization) throw new TokenError("missing", "Sign in to InterAction: the request had no access token.");
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw new TokenError("malformed", "The access token is not a bearer token.");
  try {
    const { payload } = await jwtVerify(match[1] as string, keys.publicKey, {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: ["RS256"],
      requiredClaims: ["sub", "exp", "iat"],
    });
    if (typeof payload.email !== "string" || typeof payload.sub !== "string") {
      throw new TokenError("invalid", "The access token does not name a user.");
    }
    return {
      sub: payload.sub,
      email: payload.email,
      name: typeof payload.name === "string" ? payload.name : undefined,
    };
  } catch (e) {
    if (e instanceof TokenError) throw e;
    const code = (e as { code?: string }).code;
    if (code === "ERR_JWT_EXPIRED") throw new TokenError("expired", "The access token has expired; sign in again.");
    if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED") {
      const claim = (e as { claim?: string }).claim;
      if (claim === "aud") throw new TokenError("audience", "The access token is not meant for InterAction.");
      if (claim === "iss") throw new TokenError("issuer", "The access token was not issued by a trusted issuer.");
      throw new TokenError("invalid", "The access token is not valid.");
    }
    if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") {
      throw new TokenError("signature", "The access token's signature is not valid.");
    }
    throw new TokenError("malformed", "The access token is not valid.");
  }
}
