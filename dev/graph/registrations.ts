// The firm's tenant as the local identity provider knows it: the resources (APIs) tokens can be issued for, and the
// app registrations that ask for them, shaped like Microsoft Entra's application objects. Two resources: Microsoft
// Graph, and the firm's InterAction API (the gateway's own app registration, with an app id URI, a delegated scope and
// an app role). Three clients: the sync service (confidential, application permissions), the add-in (a single-page
// app whose redirect URIs include Outlook's NAA broker URI), and nothing else: any other client id is unknown.
import { OAuthError } from "./oauthError";

export const GRAPH_RESOURCE = "https://graph.microsoft.com";
/** Graph's application id: a token's audience may name Graph by it too. */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** An API that accepts tokens (Entra: an app registration with "Expose an API"). */
export interface ApiResource {
  /** Application (client) id of the API's own registration. */
  appId: string;
  /** Application ID URI; tokens for it carry it as `aud`. */
  appIdUri: string;
  displayName: string;
  /** Delegated permissions it exposes (`scp`). */
  scopes: string[];
  /** App roles it exposes for applications (`roles`). */
  appRoles: string[];
}

export const GRAPH_API: ApiResource = {
  appId: GRAPH_APP_ID,
  appIdUri: GRAPH_RESOURCE,
  displayName: "Microsoft Graph",
  scopes: ["Calendars.Read", "Calendars.ReadBasic", "Calendars.ReadWrite", "User.Read"],
  appRoles: ["Calendars.Read", "Calendars.ReadWrite", "User.Read.All"],
};

/** The firm's InterAction API (its gateway's registration). */
export const INTERACTION_API: ApiResource = {
  appId: "1a7e0c55-0000-4000-8000-0000000001a7",
  appIdUri: "api://interaction.firm.example",
  displayName: "InterAction API (firm gateway)",
  scopes: ["access_as_user"],
  appRoles: ["Meetings.Sync"],
};

export const RESOURCES: ApiResource[] = [GRAPH_API, INTERACTION_API];

/** Permissions by resource app id URI. */
export type PermissionsByResource = Record<string, string[]>;

export interface AppRegistration {
  clientId: string;
  /** Absent: a public client (no secret), which may only get delegated tokens. */
  clientSecret?: string;
  displayName: string;
  /** Application permissions an administrator granted, by resource (client credentials tokens carry them as `roles`). */
  appPermissions: PermissionsByResource;
  /** Delegated permissions the registration asks for (what admin consent grants), by resource (`scp`). */
  delegatedPermissions: PermissionsByResource;
  /** Redirect URIs of the "Single-page application" platform: exact match, case-sensitive, as Entra checks them. */
  spaRedirectUris: string[];
}

/** The sync service's registration: Graph Calendars.Read and InterAction's Meetings.Sync as application permissions. */
export const DEMO_APP: AppRegistration = {
  clientId: "5e1c0a11-0000-4000-8000-00000000a5e1",
  clientSecret: "dev-secret-not-for-production",
  displayName: "InterAction Meeting Sync (demo)",
  appPermissions: { [GRAPH_RESOURCE]: ["Calendars.Read"], [INTERACTION_API.appIdUri]: ["Meetings.Sync"] },
  delegatedPermissions: { [GRAPH_RESOURCE]: ["Calendars.Read", "User.Read"] },
  spaRedirectUris: [],
};

/** The add-in's registration: a single-page app, brokered by Outlook (NAA) and with the dialog fallback's page. */
export const ADDIN_APP: AppRegistration = {
  clientId: "add1a000-0000-4000-8000-0000000add1a",
  displayName: "InterAction Meeting Sync for Outlook",
  appPermissions: {},
  delegatedPermissions: {
    [GRAPH_RESOURCE]: ["Calendars.Read"],
    [INTERACTION_API.appIdUri]: ["access_as_user"],
  },
  // Outlook's NAA broker URI for the add-in's origin, and the dialog fallback's sign-in page; the workbench adds its
  // own origin's with PUT /__graph/apps/{clientId}/redirect-uris or startGraph({ addinRedirectUris }).
  spaRedirectUris: ["brk-multihub://localhost:3000", "https://localhost:3000/auth-dialog.html"],
};

export const OIDC_SCOPES = ["openid", "profile", "email", "offline_access"];

/** What one token request asks for: one resource and its permissions (OpenID scopes set aside). */
export interface ScopeRequest {
  resource: ApiResource;
  /** Named permissions; empty for `<resource>/.default` (everything granted). */
  permissions: string[];
  isDefault: boolean;
}

const resourceOf = (prefix: string, origin: string): ApiResource | undefined =>
  RESOURCES.find(
    (r) => r.appIdUri === prefix || r.appId === prefix || (r === GRAPH_API && (prefix === origin || prefix === "")),
  );

/**
 * Parses a space-separated `scope` as Entra does: `Calendars.Read` (Graph by default), `https://graph.microsoft.com/
 * Calendars.Read`, `api://interaction.firm.example/access_as_user`, `<resource>/.default`. One resource per request.
 */
export function parseScopes(scope: string | undefined, origin: string): ScopeRequest {
  const requested = (scope ?? "").split(/\s+/).filter((s) => s && !OIDC_SCOPES.includes(s));
  let resource: ApiResource | undefined;
  const permissions: string[] = [];
  let isDefault = false;
  for (const s of requested) {
    const cut = s.lastIndexOf("/");
    const prefix = cut < 0 ? "" : s.slice(0, cut);
    const name = cut < 0 ? s : s.slice(cut + 1);
    const r = resourceOf(prefix, origin);
    if (!r) {
      throw new OAuthError(
        400,
        "invalid_resource",
        `AADSTS500011: The resource principal named ${prefix} was not found in the tenant named firm. This can happen if the application has not been installed by the administrator of the tenant.`,
      );
    }
    if (resource && resource !== r) {
      throw new OAuthError(
        400,
        "invalid_request",
        `AADSTS28000: Provided value for the input parameter scope '${scope ?? ""}' is not valid because it contains more than one resource. Request one resource at a time.`,
      );
    }
    resource = r;
    if (name === ".default") isDefault = true;
    else if (![...r.scopes, ...r.appRoles].includes(name)) {
      throw new OAuthError(
        400,
        "invalid_scope",
        `AADSTS70011: The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid: ${r.displayName} has no permission '${name}'.`,
      );
    } else if (!permissions.includes(name)) permissions.push(name);
  }
  return { resource: resource ?? GRAPH_API, permissions, isDefault };
}

/** Entra checks a redirect URI by exact, case-sensitive match against the registration's list. */
export function assertRedirectUri(app: AppRegistration, redirectUri: string | undefined): string {
  if (!redirectUri || !app.spaRedirectUris.includes(redirectUri)) {
    throw new OAuthError(
      400,
      "invalid_request",
      `AADSTS50011: The redirect URI '${redirectUri ?? ""}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
    );
  }
  return redirectUri;
}

export function unknownClient(clientId: string | undefined): OAuthError {
  return new OAuthError(
    400,
    "unauthorized_client",
    `AADSTS700016: Application with identifier '${clientId ?? ""}' was not found in the directory 'firm'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
  );
}
