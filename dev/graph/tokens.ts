// The identity provider's tokens: the RS256 key pair kept in the database, signing a JWT the way Entra ID shapes
// them, and checking a bearer token the way Microsoft Graph does. Apart from idp.ts, which decides who gets which
// claims (the grants, consent, sessions); this file only makes and reads the tokens.
import { randomUUID } from "node:crypto";
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, jwtVerify, SignJWT } from "jose";
import type { JWK, KeyLike } from "jose";
import { getMeta, setMeta, type Db } from "./db";
import { OAuthError } from "./oauthError";
import { GRAPH_APP_ID, GRAPH_RESOURCE } from "./registrations";

export const TENANT_ID = "7a1f0c2e-5b1d-4c8e-9f00-00000000f17a";

export interface Caller {
  /** The application (client id) the token was issued to. */
  appId: string;
  /** Delegated: the signed-in user's mailbox id. Application tokens have none. */
  userId?: string;
  permissions: string[];
  kind: "application" | "delegated";
}

export interface Keys {
  kid: string;
  privateKey: KeyLike;
  publicKey: KeyLike;
  publicJwk: JWK;
}

export async function loadOrCreateKeys(db: Db): Promise<Keys> {
  let pkcs8 = getMeta(db, "idp.private");
  let spki = getMeta(db, "idp.public");
  let kid = getMeta(db, "idp.kid");
  if (!pkcs8 || !spki || !kid) {
    const pair = await generateKeyPair("RS256", { extractable: true });
    pkcs8 = await exportPKCS8(pair.privateKey);
    spki = await exportSPKI(pair.publicKey);
    kid = randomUUID();
    setMeta(db, "idp.private", pkcs8);
    setMeta(db, "idp.public", spki);
    setMeta(db, "idp.kid", kid);
  }
  const privateKey = await importPKCS8(pkcs8, "RS256");
  const publicKey = await importSPKI(spki, "RS256", { extractable: true });
  return { kid, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

/** A JWT as Entra signs it (tenant, version, a unique id; valid from 5 s before now); undefined claims are left out. */
export function signToken(
  keys: Keys,
  claims: Record<string, unknown>,
  options: { issuer: string; lifetime: number; audience?: string; kid?: string },
): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const defined = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
  return new SignJWT({ ...defined, tid: TENANT_ID, ver: "2.0", uti: randomUUID() })
    .setProtectedHeader({ alg: "RS256", kid: options.kid ?? keys.kid, typ: "JWT" })
    .setIssuer(options.issuer)
    .setAudience(options.audience ?? GRAPH_RESOURCE)
    .setIssuedAt(iat)
    .setNotBefore(iat - 5)
    .setExpirationTime(iat + options.lifetime)
    .sign(keys.privateKey);
}

/** Checks a bearer token as Graph does; throws OAuthError 401 with the reason. Tokens keep real time. */
export async function verifyGraphToken(keys: Keys, issuer: string, authorization: string | undefined): Promise<Caller> {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!m?.[1]) throw new OAuthError(401, "InvalidAuthenticationToken", "Access token is empty.");
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(m[1], keys.publicKey, {
      issuer,
      audience: [GRAPH_RESOURCE, GRAPH_APP_ID],
      algorithms: ["RS256"],
    }));
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why =
      code === "ERR_JWT_EXPIRED"
        ? "Lifetime validation failed, the token is expired."
        : code === "ERR_JWT_CLAIM_VALIDATION_FAILED"
          ? `Invalid ${(e as { claim?: string }).claim ?? "claim"}: ${(e as Error).message}`
          : code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"
            ? "Signature validation failed."
            : "IDX14100: JWT is not well formed.";
    throw new OAuthError(401, "InvalidAuthenticationToken", why);
  }
  const appId = String(payload.appid ?? payload.azp ?? "");
  if (Array.isArray(payload.roles)) return { appId, kind: "application", permissions: payload.roles.map(String) };
  if (typeof payload.scp === "string")
    return { appId, kind: "delegated", userId: String(payload.oid), permissions: payload.scp.split(" ") };
  throw new OAuthError(401, "InvalidAuthenticationToken", "The token carries neither roles nor scp.");
}
