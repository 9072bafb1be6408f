// Consent, as a firm's users meet it. An app's delegated permissions reach a user's token only when consented: by an
// administrator for the whole firm (the default here: what a firm that deployed the add-in has done), or by the user
// in an interactive step (first-time consent). Many firms block user consent; then only an administrator can grant,
// and the refusal names exactly what the administrator must grant. Switch with PUT /__graph/consent.
import { OAuthError } from "./oauthError";
import { RESOURCES, type AppRegistration, type ScopeRequest } from "./registrations";

/**
 * - granted: an administrator granted the registration's delegated permissions for every user (default).
 * - userConsentRequired: nobody granted yet; each user consents once in the interactive step.
 * - adminConsentRequired: user consent is blocked in the firm and no administrator granted yet.
 */
export type ConsentMode = "granted" | "userConsentRequired" | "adminConsentRequired";
export const CONSENT_MODES: ConsentMode[] = ["granted", "userConsentRequired", "adminConsentRequired"];

/** One delegated permission of one resource, e.g. `api://interaction.firm.example access_as_user`. */
const key = (resource: string, permission: string) => `${resource} ${permission}`;

export class Consent {
  private readonly modes = new Map<string, ConsentMode>();
  /** clientId + user id → the delegated permissions that user consented to. */
  private readonly userGrants = new Map<string, Set<string>>();

  mode(clientId: string): ConsentMode {
    return this.modes.get(clientId) ?? "granted";
  }

  /** Sets how an app's permissions are consented; users' own earlier consents are forgotten. */
  setMode(clientId: string, mode: ConsentMode): void {
    this.modes.set(clientId, mode);
    for (const k of [...this.userGrants.keys()]) if (k.startsWith(`${clientId}|`)) this.userGrants.delete(k);
  }

  clear(): void {
    this.modes.clear();
    this.userGrants.clear();
  }

  describe(): Record<string, ConsentMode> {
    return Object.fromEntries(this.modes);
  }

  /** The permissions a request needs: the named ones, or for `/.default` everything the registration asks for. */
  needed(app: AppRegistration, request: ScopeRequest): string[] {
    const configured = app.delegatedPermissions[request.resource.appIdUri] ?? [];
    return request.permissions.length ? request.permissions : configured;
  }

  /** Of `permissions` on the request's resource, those this user has not got consent for. */
  missing(app: AppRegistration, userId: string, request: ScopeRequest): string[] {
    const resource = request.resource.appIdUri;
    const configured = app.delegatedPermissions[resource] ?? [];
    const own = this.userGrants.get(`${app.clientId}|${userId}`);
    return this.needed(app, request).filter(
      (p) => !(this.mode(app.clientId) === "granted" && configured.includes(p)) && !own?.has(key(resource, p)),
    );
  }

  /** The interactive step: the user accepted the consent page. Not possible while user consent is blocked. */
  grantByUser(app: AppRegistration, userId: string, request: ScopeRequest): void {
    if (this.mode(app.clientId) === "adminConsentRequired") throw this.adminMustGrant(app, userId, request);
    const k = `${app.clientId}|${userId}`;
    const set = this.userGrants.get(k) ?? new Set<string>();
    for (const p of this.needed(app, request)) set.add(key(request.resource.appIdUri, p));
    this.userGrants.set(k, set);
  }

  /** Throws the refusal a silent request meets when consent is missing; returns when everything is consented. */
  check(app: AppRegistration, userId: string, request: ScopeRequest): void {
    if (this.missing(app, userId, request).length === 0) return;
    if (this.mode(app.clientId) === "adminConsentRequired") throw this.adminMustGrant(app, userId, request);
    throw new OAuthError(
      400,
      "invalid_grant",
      `AADSTS65001: The user or administrator has not consented to use the application with ID '${app.clientId}' named '${app.displayName}'. Send an interactive authorization request for this user and resource.`,
      "consent_required",
    );
  }

  /**
   * The refusal when only an administrator can grant: it names every delegated permission of the registration that
   * is not granted yet (an administrator grants the app as a whole), resource by resource.
   */
  adminMustGrant(app: AppRegistration, userId: string, request: ScopeRequest): OAuthError {
    const parts: string[] = [];
    for (const resource of RESOURCES) {
      const configured = app.delegatedPermissions[resource.appIdUri] ?? [];
      const asked = resource === request.resource ? this.needed(app, request) : [];
      const all = [...new Set([...configured, ...asked])];
      const open = this.missing(app, userId, { resource, permissions: all, isDefault: false });
      if (open.length) parts.push(`${resource.displayName} (${resource.appIdUri}): ${open.join(", ")}`);
    }
    return new OAuthError(
      400,
      "invalid_grant",
      `AADSTS65001: The user or administrator has not consented to use the application with ID '${app.clientId}' named '${app.displayName}'. User consent is blocked in this organization: an administrator must grant admin consent to '${app.displayName}' for the delegated permissions ${parts.join("; ")}.`,
      "consent_required",
    );
  }
}
