// Microsoft Entra tokens through nested app authentication (NAA): Outlook brokers the sign-in for the add-in, so
// the user is never asked for a password inside the add-in. Silent calls only, unless the caller allows a popup
// (the task pane, after a user gesture). Tokens stay in MSAL's own cache (memory in the event runtime).
// MSAL itself comes from the shell through `createPca`, so this module imports only its types: the commands bundle
// passes MSAL's factory statically (one self-contained file, no dynamic import), the task pane a loader that fetches
// MSAL's chunk the first time a token is actually asked for in NAA mode (dev sign-in never loads it).
import type { IPublicClientApplication, Configuration } from "@azure/msal-browser";
import { InterActionError } from "../sync/errors";
import type { TokenProvider, TokenRequestOptions } from "./tokenProvider";

export interface NaaOptions {
  clientId: string;
  authority: string;
  scopes: string[];
  /** "memoryStorage" in event runtimes (no web storage there); the task pane may use MSAL's localStorage cache. */
  cacheLocation?: "memoryStorage" | "localStorage" | "sessionStorage";
  /** MSAL's createNestablePublicClientApplication, or a loader that imports MSAL first; called once (until it fails). */
  createPca: PcaFactory;
}

/** Creates MSAL's nestable public client application (MSAL's own factory, or a lazy loader of it). */
export type PcaFactory = (config: Configuration) => Promise<IPublicClientApplication>;

const isInteractionRequired = (e: unknown): boolean => {
  const err = e as { name?: string; errorCode?: string } | undefined;
  return (
    err?.name === "InteractionRequiredAuthError" ||
    /interaction_required|login_required|consent_required|no_account|no_tokens_found|user_null/i.test(
      err?.errorCode ?? "",
    )
  );
};

export function createNaaTokenProvider(options: NaaOptions): TokenProvider {
  let pca: Promise<IPublicClientApplication> | undefined;
  // Set by clear() after InterAction refused a token (401): MSAL's cache would hand the same token back, so the
  // next silent call must go to Entra for a new one.
  let refused = false;
  const app = (): Promise<IPublicClientApplication> => {
    if (!pca) {
      const config: Configuration = {
        auth: { clientId: options.clientId, authority: options.authority },
        cache: { cacheLocation: options.cacheLocation ?? "memoryStorage" },
      };
      pca = options.createPca(config).catch((e) => {
        pca = undefined;
        throw e;
      });
    }
    return pca;
  };

  return {
    async getAccessToken(request?: TokenRequestOptions) {
      const client = await app();
      const forceRefresh = refused;
      refused = false;
      const tokenRequest = {
        scopes: options.scopes,
        account: client.getActiveAccount() ?? client.getAllAccounts()[0],
        ...(forceRefresh ? { forceRefresh: true } : {}),
      };
      try {
        const result = await client.acquireTokenSilent(tokenRequest);
        if (result.account) client.setActiveAccount(result.account);
        return result.accessToken;
      } catch (silentError) {
        if (!request?.interactive) {
          throw new InterActionError(
            "unauthorized",
            isInteractionRequired(silentError)
              ? "Sign in to InterAction from the InterAction pane; your changes are kept until then."
              : "Signing in to InterAction failed; it will be tried again.",
            true,
          );
        }
      }
      try {
        const result = await client.acquireTokenPopup({ scopes: options.scopes });
        if (result.account) client.setActiveAccount(result.account);
        return result.accessToken;
      } catch {
        throw new InterActionError("unauthorized", "You did not complete signing in to InterAction.", true);
      }
    },
    clear() {
      refused = true;
    },
  };
}
