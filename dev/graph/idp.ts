// The local identity provider, shaped like Microsoft Entra ID's v2.0 endpoints so msal-node (with knownAuthorities)
// works against it unchanged: OpenID metadata, JWKS, and the token endpoint for client credentials (application
// permissions as `roles`) and for a signed-in user (delegated permissions as `scp`). Tokens are RS256 JWTs signed with
// a key pair kept in the database, checked on every Graph call for signature, issuer, audience and expiry.
import { randomUUID } from "node:crypto";
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, jwtVerify, SignJWT } from "jose";
import type { JWK, KeyLike } from "jose";
import { getMeta, setMeta, type Db } from "./db";
import type { Store } from "./store";

export const TENANT_ID = "7a1f0c2e-5b1d-4c8e-9f00-00000000f17a";
export const GRAPH_RESOURCE = "https://graph.microsoft.com";
/** Graph's application id: a token's audience may name Graph by it too. */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const TOKEN_LIFETIME_SECONDS = 3600;
/** The dev password of every firm user for the resource-owner password grant (dev only). */
export const DEV_PASSWORD = "dev";

export interface AppRegistration {
  clientId: string;
  /** Absent: a public client (no secret), which may only get delegated tokens. */
  clientSecret?: string;
  displayName: string;
  /** Application permissions an administrator granted (client credentials tokens carry them as `roles`). */
  roles: string[];
  /** Delegated permissions consented for the firm's users (`scp`). */
  delegatedScopes: string[];
}

export const DEMO_APP: AppRegistration = {
  clientId: "5e1c0a11-0000-4000-8000-00000000a5e1",
  clientSecret: "dev-secret-not-for-production",
  displayName: "InterAction Meeting Sync (demo)",
  roles: ["Calendars.Read"],
  delegatedScopes: ["Calendars.Read", "User.Read"],
};

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

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

export class IdentityProvider {
  readonly apps = new Map<string, AppRegistration>();

  constructor(
    private readonly keys: Keys,
    private readonly store: Store,
    /** `https://localhost:<port>` — the issuer is `${origin}/${TENANT_ID}/v2.0`. */
    private readonly origin: () => string,
    apps: AppRegistration[] = [DEMO_APP],
  ) {
    for (const a of apps) this.apps.set(a.clientId, a);
  }

  get issuer(): string {
    return `${this.origin()}/${TENANT_ID}/v2.0`;
  }
  get authority(): string {
    return `${this.origin()}/${TENANT_ID}`;
  }
  get tokenUrl(): string {
    return `${this.authority}/oauth2/v2.0/token`;
  }

  metadata() {
    const base = this.authority;
    return {
      issuer: this.issuer,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      grant_types_supported: ["client_credentials", "password"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      tenant_region_scope: "EU",
      cloud_instance_name: "localhost",
    };
  }

  jwks() {
    return { keys: [this.keys.publicJwk] };
  }

  /** The token endpoint: form fields as Entra takes them; answers Entra's token response or throws OAuthError. */
  async token(form: Record<string, string | undefined>, basicAuth?: { id: string; secret: string }) {
    const clientId = form.client_id ?? basicAuth?.id;
    const app = clientId ? this.apps.get(clientId) : undefined;
    if (!app)
      throw new OAuthError(
        400,
        "unauthorized_client",
        `AADSTS700016: Application with identifier '${clientId ?? ""}' was not found in the directory.`,
      );
    const secret = form.client_secret ?? basicAuth?.secret;
    const scopes = (form.scope ?? "").split(/\s+/).filter(Boolean);
    switch (form.grant_type) {
      case "client_credentials": {
        if (!app.clientSecret || secret !== app.clientSecret)
          throw new OAuthError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
        const resource =
          scopes.length === 1 && scopes[0]?.endsWith("/.default") ? scopes[0].slice(0, -"/.default".length) : undefined;
        if (!resource || !this.isGraph(resource)) {
          throw new OAuthError(
            400,
            "invalid_scope",
            `AADSTS1002012: The provided value for scope ${form.scope ?? ""} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
          );
        }
        const accessToken = await this.sign({
          roles: app.roles,
          appid: app.clientId,
          azp: app.clientId,
          idtyp: "app",
          oid: app.clientId,
          sub: app.clientId,
        });
        return {
          token_type: "Bearer",
          expires_in: TOKEN_LIFETIME_SECONDS,
          ext_expires_in: TOKEN_LIFETIME_SECONDS,
          access_token: accessToken,
        };
      }
      case "password": {
        if (app.clientSecret && secret !== undefined && secret !== app.clientSecret)
          throw new OAuthError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
        const user = form.username ? this.store.mailbox(form.username) : undefined;
        if (!user || user.kind !== "user" || form.password !== DEV_PASSWORD)
          throw new OAuthError(
            400,
            "invalid_grant",
            "AADSTS50126: Error validating credentials due to invalid username or password.",
          );
        return this.delegated(app, user.id, scopes);
      }
      default:
        throw new OAuthError(
          400,
          "unsupported_grant_type",
          `AADSTS70003: The app requested an unsupported grant type '${form.grant_type ?? ""}'.`,
        );
    }
  }

  /** A delegated token for a firm user (also the dev route the workbench uses for its signed-in user). */
  async delegated(app: AppRegistration, userId: string, requested: string[]) {
    const user = this.store.mailbox(userId);
    if (!user)
      throw new OAuthError(400, "invalid_grant", "AADSTS50034: The user account does not exist in the directory.");
    const graphScopes = requested
      .filter((s) => !["openid", "profile", "email", "offline_access"].includes(s))
      .map((s) => (s.includes("/") ? s.slice(s.lastIndexOf("/") + 1) : s))
      .filter((s) => s !== ".default");
    const missing = graphScopes.filter((s) => !app.delegatedScopes.includes(s));
    if (missing.length) {
      throw new OAuthError(
        400,
        "invalid_grant",
        `AADSTS65001: The user or administrator has not consented to use the application with ID '${app.clientId}' for ${missing.join(", ")}.`,
      );
    }
    const scp = (graphScopes.length ? graphScopes : app.delegatedScopes).join(" ");
    const accessToken = await this.sign({
      scp,
      appid: app.clientId,
      azp: app.clientId,
      oid: user.id,
      sub: user.id,
      preferred_username: user.email,
      name: user.name,
      idtyp: "user",
    });
    const idToken = await this.sign(
      { oid: user.id, sub: user.id, preferred_username: user.email, name: user.name },
      app.clientId,
      this.issuer,
    );
    const clientInfo = Buffer.from(JSON.stringify({ uid: user.id, utid: TENANT_ID })).toString("base64url");
    return {
      token_type: "Bearer",
      scope: scp,
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token: accessToken,
      id_token: idToken,
      client_info: clientInfo,
    };
  }

  private isGraph(resource: string): boolean {
    return resource === GRAPH_RESOURCE || resource === GRAPH_APP_ID || resource === this.origin();
  }

  private async sign(
    claims: Record<string, unknown>,
    audience = GRAPH_RESOURCE,
    issuer = this.issuer,
    lifetime = TOKEN_LIFETIME_SECONDS,
  ): Promise<string> {
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims, tid: TENANT_ID, ver: "2.0", uti: randomUUID() })
      .setProtectedHeader({ alg: "RS256", kid: this.keys.kid, typ: "JWT" })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(iat)
      .setNotBefore(iat - 5)
      .setExpirationTime(iat + lifetime)
      .sign(this.keys.privateKey);
  }

  /** Tests: a token signed by this provider with chosen claims (expired, foreign audience, no roles...). */
  signForTest(
    claims: Record<string, unknown>,
    options: { audience?: string; issuer?: string; lifetimeSeconds?: number } = {},
  ) {
    return this.sign(claims, options.audience, options.issuer, options.lifetimeSeconds);
  }

  /** Checks a bearer token as Graph does; throws OAuthError 401 with the reason. Tokens keep real time. */
  async verify(authorization: string | undefined): Promise<Caller> {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!m?.[1]) throw new OAuthError(401, "InvalidAuthenticationToken", "Access token is empty.");
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(m[1], this.keys.publicKey, {
        issuer: this.issuer,
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
}
