// The Graph SDK client the service uses: application tokens from msal-node (client credentials), the SDK's own retry
// middleware (honours Retry-After on 429/503/504, backs off otherwise), and HTTPS over ./https.ts. Production: the
// authority is https://login.microsoftonline.com/<tenant> and a certificate credential is preferred to a secret (see
// the README's "Sync service"); the local Graph (dev/graph) is the same protocol on https://localhost:<port>.
import { ConfidentialClientApplication, type Configuration } from "@azure/msal-node";
import {
  AuthenticationHandler,
  Client,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from "@microsoft/microsoft-graph-client";
import { createHttpsFetch, msalNetworkClient, type HttpsFetch, type HttpsInit } from "./https";

export interface GraphAppSettings {
  /** e.g. https://graph.microsoft.com or https://localhost:4020 (no version). */
  graphBaseUrl: string;
  /** e.g. https://login.microsoftonline.com/<tenant> or https://localhost:4020/<tenant>. */
  authority: string;
  clientId: string;
  /** Client secret, or a certificate (thumbprint + private key, PEM): one of the two. */
  clientSecret?: string;
  certificate?: { thumbprintSha256: string; privateKey: string; x5c?: string };
  /** An extra CA to trust (the local Graph's), PEM. */
  caPem?: string;
  /** Retries of one request after 429/503/504 (default 3). */
  maxRetries?: number;
}

export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/** The last link of the SDK's chain: sends the request over the service's HTTPS transport. */
class TransportHandler implements Middleware {
  constructor(private readonly fetchImpl: HttpsFetch) {}
  async execute(context: Context): Promise<void> {
    const url = typeof context.request === "string" ? context.request : (context.request as Request).url;
    context.response = await this.fetchImpl(url, (context.options ?? {}) as HttpsInit);
  }
  setNext(): void {
    // The end of the chain.
  }
}

export interface GraphConnection {
  client: Client;
  /** An application token (cached by msal-node until shortly before expiry). */
  token(): Promise<string>;
  fetch: HttpsFetch;
}

export function createGraphConnection(settings: GraphAppSettings): GraphConnection {
  const fetchImpl = createHttpsFetch(settings.caPem ? { ca: settings.caPem } : {});
  const authorityHost = new URL(settings.authority).host;
  const auth: Configuration["auth"] = {
    clientId: settings.clientId,
    authority: settings.authority,
    // A host msal does not know (the local Graph) must be named, or msal asks Microsoft's instance discovery.
    knownAuthorities: [authorityHost],
    ...(settings.clientSecret ? { clientSecret: settings.clientSecret } : {}),
    ...(settings.certificate ? { clientCertificate: settings.certificate } : {}),
  };
  if (!settings.clientSecret && !settings.certificate)
    throw new Error("The Graph application needs a client secret or a certificate (GRAPH_CLIENT_SECRET).");
  const msal = new ConfidentialClientApplication({ auth, system: { networkClient: msalNetworkClient(fetchImpl) } });
  const token = async () => {
    const result = await msal.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    if (!result?.accessToken) throw new Error("Microsoft Entra ID gave no access token for Microsoft Graph.");
    return result.accessToken;
  };
  const authentication = new AuthenticationHandler({ getAccessToken: token });
  const retry = new RetryHandler(new RetryHandlerOptions(1, settings.maxRetries ?? 3));
  authentication.setNext(retry);
  retry.setNext(new TransportHandler(fetchImpl));
  const base = new URL(settings.graphBaseUrl);
  const client = Client.initWithMiddleware({
    middleware: authentication,
    baseUrl: `${base.origin}/`,
    defaultVersion: "v1.0",
    // The SDK sends the token only to Graph's own hosts and the hosts named here.
    customHosts: new Set([base.hostname]),
  });
  return { client, token, fetch: fetchImpl };
}
