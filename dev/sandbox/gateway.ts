// What the sandbox trusts besides its own development tokens, wired for startSandbox: an OpenID issuer (the local
// Graph's identity provider in development, Entra ID in a firm) from the options or the environment, the InterAction
// users its tokens name, and the rule the sync service's writes are held to.
import { readFileSync } from "node:fs";
import { ApiError } from "./apiError";
import type { Gateway } from "./auth";
import { OpenIdTrust, type OpenIdTrustOptions } from "./openIdTrust";
import type { Store } from "./store";

export type { OpenIdTrustOptions } from "./openIdTrust";

/** The firm's InterAction API registration, as the local Graph's identity provider has it (dev/graph/registrations.ts). */
export const INTERACTION_APP_ID_URI = "api://interaction.firm.example";
export const INTERACTION_API_CLIENT_ID = "1a7e0c55-0000-4000-8000-0000000001a7";

/** INTERACTION_TRUSTED_ISSUER and INTERACTION_TRUSTED_CA_FILE, with the firm API's audience, scope and role. */
export function openIdFromEnv(env: Record<string, string | undefined> = process.env): OpenIdTrustOptions | undefined {
  const issuer = env.INTERACTION_TRUSTED_ISSUER?.trim();
  if (!issuer) return undefined;
  const caFile = env.INTERACTION_TRUSTED_CA_FILE?.trim();
  return {
    issuer,
    audiences: [env.INTERACTION_AUDIENCE?.trim() || INTERACTION_APP_ID_URI, INTERACTION_API_CLIENT_ID],
    scope: "access_as_user",
    appRole: "Meetings.Sync",
    ...(caFile ? { caPem: readFileSync(caFile, "utf8") } : {}),
  };
}

/**
 * The trust options for the local Graph's identity provider (dev/graph): its issuer and CA, the firm API's audiences.
 * The browser stack and `npm start` start the sandbox before the local Graph (the Graph reads the sandbox's clock), so
 * they make the sandbox trust it afterwards with `trustIssuer`.
 */
export function localIssuerTrust(graph: { idp: { issuer: string }; caPem: string }): OpenIdTrustOptions {
  return {
    issuer: graph.idp.issuer,
    audiences: [INTERACTION_APP_ID_URI, INTERACTION_API_CLIENT_ID],
    scope: "access_as_user",
    appRole: "Meetings.Sync",
    caPem: graph.caPem,
  };
}

/** Makes a running sandbox trust `options` from its next request on (its dev tokens stay while controls are on). */
export function trustIssuer(
  sandbox: { store: Store; keys: { gateway?: Gateway } },
  options: OpenIdTrustOptions,
  controls = true,
): void {
  sandbox.keys.gateway = firmGateway(sandbox.store, options, controls);
}

export function firmGateway(store: Store, options: OpenIdTrustOptions | undefined, controls: boolean): Gateway {
  const trust = options ?? openIdFromEnv();
  return {
    // A firm's API (no controls) that trusts an issuer accepts only that issuer's tokens.
    devTokens: controls || !trust,
    ...(trust ? { openId: new OpenIdTrust(trust) } : {}),
    userByEmail: (email) => store.userByEmail(email),
    assertServiceMayChange(user, syncKey) {
      try {
        store.getMeeting(store.userById(user.id) as NonNullable<ReturnType<Store["userById"]>>, syncKey);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        throw new ApiError(
          403,
          "forbidden",
          e.status === 404
            ? `The sync service changes only meetings already in InterAction: ${user.email} has not added this one, and the service never adds a meeting.`
            : `The sync service acts for ${user.email}, whose meeting this is not.`,
        );
      }
    },
  };
}
