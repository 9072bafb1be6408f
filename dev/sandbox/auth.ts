// Real bearer-token verification for the sandbox, as a firm's gateway does it. Two kinds of token: the sandbox's own
// development tokens (RS256, a key pair kept in its database, issuer `interaction-sandbox`), and tokens of a trusted
// OpenID issuer (Microsoft Entra ID in a firm; the local Graph's identity provider in development; openIdTrust.ts):
// a user's, with the delegated scope, or the sync service's, with the app role, acting for the user that its
// X-Acting-For header names. A development token is refused when the sandbox runs as a firm's API (no controls, an
// issuer trusted). Every check that fails says which one.
import {
  decodeJwt,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importPKCS8,
  importSPKI,
  jwtVerify,
  SignJWT,
} from "jose";
import type { KeyLike, JWK, JWTPayload } from "jose";
import type { FastifyRequest } from "fastify";
import { ApiError } from "./apiError";
import type { Db } from "./db";
import { getMeta, setMeta } from "./db";
import type { OpenIdTrust } from "./openIdTrust";

export const TOKEN_ISSUER = "interaction-sandbox";
export const TOKEN_AUDIENCE = "api://interaction-sandbox";
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface SigningKeys {
  kid: string;
  privateKey: KeyLike;
  publicKey: KeyLike;
  publicJwk: JWK;
  /** What else the sandbox trusts, and whether its own development tokens still count (set by startSandbox). */
  gateway?: Gateway;
}

/** The header naming the user the sync service acts for (its e-mail address). */
export const ACTING_FOR_HEADER = "x-acting-for";

export interface Gateway {
  /** Development tokens accepted (false: a firm's API, which trusts only its issuer). */
  devTokens: boolean;
  openId?: OpenIdTrust;
  userByEmail(email: string): { id: string; email: string; name: string } | undefined;
  /**
   * Throws unless the sync service, acting for `user`, may change the meeting `syncKey`: it must already be in
   * InterAction and be the user's (added by them, or organized by them). The service never adds a meeting.
   */
  assertServiceMayChange(user: { id: string; email: string }, syncKey: string): void;
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
  /** The client application the token was issued to (its azp/appid claim), as InterAction tells its writers apart. */
  client?: TokenClient;
}

/** The firm's applications that write to InterAction: the Outlook add-in, or the firm's sync service. */
export type TokenClient = "addin" | "syncService";
/** The `azp` of development tokens: the client ids of the add-in's and the sync service's registrations. */
export const DEV_CLIENT_IDS: Record<TokenClient, string> = {
  addin: "interaction-outlook-addin",
  syncService: "interaction-sync-service",
};
const clientOfAzp = (azp: unknown): TokenClient => (azp === DEV_CLIENT_IDS.syncService ? "syncService" : "addin");

/** Signs an access token. Options exist so tests can make expired, foreign-audience or foreign-issuer tokens. */
export async function signAccessToken(
  keys: Pick<SigningKeys, "kid" | "privateKey">,
  claims: TokenClaims,
  options: { audience?: string; issuer?: string; expiresInSeconds?: number; now?: Date } = {},
): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({
    email: claims.email,
    name: claims.name,
    scp: "access_as_user",
    azp: DEV_CLIENT_IDS[claims.client ?? "addin"],
  })
    .setProtectedHeader({ alg: "RS256", kid: keys.kid, typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(options.issuer ?? TOKEN_ISSUER)
    .setAudience(options.audience ?? TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.expiresInSeconds ?? TOKEN_LIFETIME_SECONDS))
    .sign(keys.privateKey);
}

export type TokenProblem =
  "missing" | "malformed" | "expired" | "audience" | "issuer" | "signature" | "scope" | "invalid";

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
export async function verifyAccessToken(
  keys: SigningKeys,
  authorization: string | undefined,
  request?: FastifyRequest,
): Promise<TokenClaims> {
  if (!authorization) throw new TokenError("missing", "Sign in to InterAction: the request had no access token.");
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw new TokenError("malformed", "The access token is not a bearer token.");
  let issuer: unknown;
  try {
    issuer = decodeJwt(match[1] as string).iss;
  } catch {
    throw new TokenError("malformed", "The access token is not valid.");
  }
  const gateway = keys.gateway;
  if (gateway?.openId && issuer === gateway.openId.options.issuer) {
    return fromOpenIdToken(gateway, await gateway.openId.verify(match[1] as string), request);
  }
  if (issuer === TOKEN_ISSUER && gateway && !gateway.devTokens) {
    throw new TokenError(
      "issuer",
      `Development tokens are not accepted here: this InterAction API trusts only ${gateway.openId?.options.issuer ?? "its identity provider"}.`,
    );
  }
  if (issuer !== TOKEN_ISSUER && gateway?.openId) {
    throw new TokenError(
      "issuer",
      `The access token was not issued by a trusted issuer: its issuer is not ${gateway.openId.options.issuer}.`,
    );
  }
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
      client: clientOfAzp(payload.azp),
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

/**
 * The InterAction user an OpenID token stands for. A user's token names them (preferred_username, else email) and
 * must carry the delegated scope; the sync service's (an application token) must carry the app role and act for the
 * user its X-Acting-For header names, on the meeting operations only, and only on meetings already theirs.
 */
function fromOpenIdToken(gateway: Gateway, claims: JWTPayload, request?: FastifyRequest): TokenClaims {
  const trust = (gateway.openId as OpenIdTrust).options;
  const roles = Array.isArray(claims.roles) ? claims.roles.map(String) : [];
  const scopes = typeof claims.scp === "string" ? claims.scp.split(" ") : [];
  const application = claims.idtyp === "app" || (typeof claims.scp !== "string" && claims.oid === claims.sub);
  if (!application) {
    if (!scopes.includes(trust.scope))
      throw new TokenError("scope", `The access token does not grant ${trust.scope} on the InterAction API.`);
    const email = [claims.preferred_username, claims.email, claims.upn].find((v) => typeof v === "string") as
      string | undefined;
    if (!email) throw new TokenError("invalid", "The access token does not name a user.");
    const user = gateway.userByEmail(email);
    if (!user) throw new TokenError("invalid", `${email} is not an InterAction user.`);
    return { sub: user.id, email: user.email, name: user.name, client: "addin" };
  }
  const app = String(claims.azp ?? claims.appid ?? "");
  // A valid token that may not do this: 403, not "sign in again".
  if (!roles.includes(trust.appRole))
    throw new ApiError(
      403,
      "forbidden",
      `The application ${app} has no ${trust.appRole} role on the InterAction API; an administrator grants it (application permission).`,
    );
  const actingFor = request?.headers[ACTING_FOR_HEADER];
  if (typeof actingFor !== "string" || !actingFor.trim())
    throw new ApiError(403, "forbidden", "The sync service must name the user it acts for (X-Acting-For: <e-mail>).");
  const user = gateway.userByEmail(actingFor.trim());
  if (!user)
    throw new ApiError(403, "forbidden", `X-Acting-For names ${actingFor.trim()}, who is not an InterAction user.`);
  const route = `${request?.method ?? ""} ${request?.routeOptions.url ?? ""}`;
  const syncKey = (request?.params as { syncKey?: string } | undefined)?.syncKey;
  const writes = [
    "PUT /api/v1/meetings/:syncKey",
    "POST /api/v1/meetings/:syncKey/removal",
    "PUT /api/v1/meetings/:syncKey/documents/:documentKey",
  ];
  const reads = ["GET /api/v1/meetings/:syncKey", "GET /api/v1/settings/calendar-sync", "GET /api/v1/me"];
  if (writes.includes(route) && syncKey) gateway.assertServiceMayChange(user, syncKey);
  else if (!reads.includes(route))
    throw new ApiError(403, "forbidden", `The sync service may only read and update meetings, not ${route}.`);
  return { sub: user.id, email: user.email, name: user.name, client: "syncService" };
}
