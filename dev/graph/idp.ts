// The local identity provider, shaped like Microsoft Entra ID's v2.0 endpoints so MSAL (msal-node with
// knownAuthorities, msal-browser in a page) works against it unchanged: OpenID metadata, JWKS, the token endpoint
// (client credentials: application permissions as `roles`; authorization code + PKCE, refresh token and the dev
// password grant: delegated permissions as `scp`), for two resources: Microsoft Graph and the firm's InterAction API
// (registrations.ts). Consent (consent.ts) and sign-in sessions (sessions.ts) decide what a user gets silently.
// Tokens are RS256 JWTs signed with a key pair kept in the database; Graph checks them on every call (verify). How a
// token is signed and read is tokens.ts; this file decides who gets which claims.
import { Consent } from "./consent";
import { OAuthError } from "./oauthError";
import {
  DEMO_APP,
  GRAPH_RESOURCE,
  parseScopes,
  unknownClient,
  type AppRegistration,
  type ScopeRequest,
} from "./registrations";
import { Sessions } from "./sessions";
import type { Store } from "./store";
import { signToken, TENANT_ID, verifyGraphToken, type Caller, type Keys } from "./tokens";

export { OAuthError } from "./oauthError";
export { DEMO_APP, GRAPH_APP_ID, GRAPH_RESOURCE, type AppRegistration } from "./registrations";
export { loadOrCreateKeys, TENANT_ID, type Caller, type Keys } from "./tokens";

export const TOKEN_LIFETIME_SECONDS = 3600;
/** The dev password of every firm user (password grant, the sign-in page). Dev only. */
export const DEV_PASSWORD = "dev";

/** Options of a delegated issue: a refresh token (code and refresh grants), the authorize request's nonce. */
interface IssueOptions {
  refresh?: boolean;
  nonce?: string;
}

export class IdentityProvider {
  readonly apps = new Map<string, AppRegistration>();
  readonly consent = new Consent();
  readonly sessions = new Sessions();
  /** Access token lifetime (dev control: short lifetimes let tests watch a silent renewal). */
  accessTokenLifetimeSeconds = TOKEN_LIFETIME_SECONDS;

  constructor(
    private readonly keys: Keys,
    private readonly store: Store,
    /** `https://localhost:<port>` — the issuer is `${origin}/${TENANT_ID}/v2.0`. */
    private readonly origin: () => string,
    private readonly registered: AppRegistration[] = [DEMO_APP],
  ) {
    this.reset();
  }

  /** Back to the registrations it started with, every permission consented, every user signed in. */
  reset(): void {
    // Copies: dev controls change redirect URIs and permissions, never the registrations given.
    this.apps.clear();
    for (const a of this.registered)
      this.apps.set(a.clientId, {
        ...a,
        appPermissions: { ...a.appPermissions },
        spaRedirectUris: [...a.spaRedirectUris],
      });
    this.consent.clear();
    this.sessions.clear();
    this.accessTokenLifetimeSeconds = TOKEN_LIFETIME_SECONDS;
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

  app(clientId: string | undefined): AppRegistration {
    const app = clientId ? this.apps.get(clientId) : undefined;
    if (!app) throw unknownClient(clientId);
    return app;
  }

  scopes(scope: string | undefined): ScopeRequest {
    return parseScopes(scope, this.origin());
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
      response_modes_supported: ["query", "fragment"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      grant_types_supported: ["authorization_code", "refresh_token", "client_credentials", "password"],
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
    const app = this.app(form.client_id ?? basicAuth?.id);
    const secret = form.client_secret ?? basicAuth?.secret;
    if (secret !== undefined && app.clientSecret === undefined)
      throw new OAuthError(
        401,
        "invalid_client",
        "AADSTS700025: Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
      );
    if (secret !== undefined && secret !== app.clientSecret)
      throw new OAuthError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
    switch (form.grant_type) {
      case "client_credentials":
        return this.clientCredentials(app, secret, form.scope);
      case "password": {
        const user = form.username ? this.store.mailbox(form.username) : undefined;
        if (!user || user.kind !== "user" || form.password !== DEV_PASSWORD)
          throw new OAuthError(
            400,
            "invalid_grant",
            "AADSTS50126: Error validating credentials due to invalid username or password.",
          );
        return this.delegated(app, user.id, this.scopes(form.scope), { refresh: true });
      }
      case "authorization_code": {
        const grant = this.sessions.redeemCode(form.code, app.clientId, form.redirect_uri, form.code_verifier);
        return this.delegated(app, grant.userId, this.scopes(form.scope ?? grant.scope), {
          refresh: true,
          nonce: grant.nonce,
        });
      }
      case "refresh_token": {
        const userId = this.sessions.redeemRefreshToken(form.refresh_token, app.clientId);
        return this.delegated(app, userId, this.scopes(form.scope), { refresh: true });
      }
      default:
        throw new OAuthError(
          400,
          "unsupported_grant_type",
          `AADSTS70003: The app requested an unsupported grant type '${form.grant_type ?? ""}'.`,
        );
    }
  }

  private async clientCredentials(app: AppRegistration, secret: string | undefined, scope: string | undefined) {
    if (!app.clientSecret || secret !== app.clientSecret)
      throw new OAuthError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
    const request = this.scopes(scope);
    if (!request.isDefault || request.permissions.length || !scope) {
      throw new OAuthError(
        400,
        "invalid_scope",
        `AADSTS1002012: The provided value for scope ${scope ?? ""} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
      );
    }
    // As Entra: an app without granted application permissions still gets a token, with no `roles`; the API refuses.
    const roles = app.appPermissions[request.resource.appIdUri] ?? [];
    const accessToken = await this.sign(
      {
        ...(roles.length ? { roles } : {}),
        appid: app.clientId,
        azp: app.clientId,
        idtyp: "app",
        oid: app.clientId,
        sub: app.clientId,
      },
      { audience: request.resource.appIdUri },
    );
    return {
      token_type: "Bearer",
      expires_in: this.accessTokenLifetimeSeconds,
      ext_expires_in: this.accessTokenLifetimeSeconds,
      access_token: accessToken,
    };
  }

  /**
   * A delegated token for a firm user, if consented (else the consent refusal): the dev route the workbench's
   * broker and tests use, and the end of the code, refresh and password grants.
   */
  async delegated(app: AppRegistration, userId: string, request: ScopeRequest, options: IssueOptions = {}) {
    const user = this.store.mailbox(userId);
    if (!user || user.kind !== "user")
      throw new OAuthError(400, "invalid_grant", "AADSTS50034: The user account does not exist in the directory.");
    this.consent.check(app, user.id, request);
    const granted = this.consent.needed(app, request);
    const resource = request.resource.appIdUri;
    const accessToken = await this.sign(
      {
        scp: granted.join(" "),
        appid: app.clientId,
        azp: app.clientId,
        oid: user.id,
        sub: user.id,
        preferred_username: user.email,
        email: user.email,
        name: user.name,
        idtyp: "user",
      },
      { audience: resource },
    );
    const idToken = await this.sign(
      { oid: user.id, sub: user.id, preferred_username: user.email, name: user.name, nonce: options.nonce },
      { audience: app.clientId },
    );
    const clientInfo = Buffer.from(JSON.stringify({ uid: user.id, utid: TENANT_ID })).toString("base64url");
    const scopeText = granted.map((p) => (resource === GRAPH_RESOURCE ? p : `${resource}/${p}`));
    return {
      token_type: "Bearer",
      scope: [...scopeText, ...(options.refresh ? ["openid", "profile", "offline_access"] : [])].join(" "),
      expires_in: this.accessTokenLifetimeSeconds,
      ext_expires_in: this.accessTokenLifetimeSeconds,
      access_token: accessToken,
      id_token: idToken,
      client_info: clientInfo,
      ...(options.refresh ? { refresh_token: this.sessions.issueRefreshToken(app.clientId, user.id) } : {}),
    };
  }

  private async sign(
    claims: Record<string, unknown>,
    options: { audience?: string; issuer?: string; lifetime?: number; kid?: string } = {},
  ): Promise<string> {
    return signToken(this.keys, claims, {
      ...options,
      issuer: options.issuer ?? this.issuer,
      lifetime: options.lifetime ?? this.accessTokenLifetimeSeconds,
    });
  }

  /** Tests: a token signed by this provider with chosen claims (expired, foreign audience, unknown kid...). */
  signForTest(
    claims: Record<string, unknown>,
    options: { audience?: string; issuer?: string; lifetimeSeconds?: number; kid?: string } = {},
  ) {
    return this.sign(claims, { ...options, lifetime: options.lifetimeSeconds });
  }

  /** Checks a bearer token as Graph does; throws OAuthError 401 with the reason. Tokens keep real time. */
  async verify(authorization: string | undefined): Promise<Caller> {
    return verifyGraphToken(this.keys, this.issuer, authorization);
  }
}
