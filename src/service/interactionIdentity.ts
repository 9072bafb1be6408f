// The sync service's own identity towards InterAction: it signs in as the firm's sync service with client credentials
// (msal-node, tokens only in msal's in-memory cache; a certificate in production, a secret in development) for the
// InterAction API's `.default` scope (its app role Meetings.Sync), and every request names the user it acts for in
// X-Acting-For. The gateway lets it change only meetings already that user's (api/interaction.openapi.yaml).
import { ConfidentialClientApplication } from "@azure/msal-node";
import { createHttpsFetch, msalNetworkClient } from "../graph/https";
import { createInterActionClient } from "../interaction";
import { serviceInterAction } from "./interactionWriter";
import type { InterActionFor } from "./ports";

export const ACTING_FOR_HEADER = "X-Acting-For";

export interface ServiceIdentitySettings {
  interactionUrl: string;
  /** e.g. https://login.microsoftonline.com/<tenant> (the local Graph's authority in development). */
  authority: string;
  clientId: string;
  clientSecret?: string;
  certificate?: { thumbprintSha256: string; privateKey: string; x5c?: string };
  /** The InterAction API's scope for client credentials, e.g. api://interaction.firm.example/.default. */
  scope: string;
  /** An extra CA to trust for the authority (the local Graph's). */
  caPem?: string;
  timeoutMs?: number;
}

export function clientCredentialsInterAction(settings: ServiceIdentitySettings): InterActionFor {
  if (!settings.clientSecret && !settings.certificate)
    throw new Error("The sync service's InterAction identity needs a client secret or a certificate.");
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: settings.clientId,
      authority: settings.authority,
      knownAuthorities: [new URL(settings.authority).host],
      ...(settings.clientSecret ? { clientSecret: settings.clientSecret } : {}),
      ...(settings.certificate ? { clientCertificate: settings.certificate } : {}),
    },
    system: { networkClient: msalNetworkClient(createHttpsFetch(settings.caPem ? { ca: settings.caPem } : {})) },
  });
  const getToken = async (options?: { forceRefresh?: boolean }) => {
    const result = await msal.acquireTokenByClientCredential({
      scopes: [settings.scope],
      ...(options?.forceRefresh ? { skipCache: true } : {}),
    });
    if (!result?.accessToken) throw new Error("Microsoft Entra ID gave no access token for InterAction.");
    return result.accessToken;
  };
  return (mailbox) =>
    serviceInterAction(
      createInterActionClient({
        baseUrl: settings.interactionUrl,
        getToken,
        ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
        // Every request names the user the service acts for.
        fetch: (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
          const request = new Request(input, init);
          request.headers.set(ACTING_FOR_HEADER, mailbox);
          return fetch(request);
        },
      }),
    );
}
