// Microsoft Entra tokens through nested app authentication (NAA): Outlook brokers the sign-in for the add-in, so
// the user is never asked for a password inside the add-in. Silent calls only, unless the caller allows a popup
// (the task pane). Tokens stay in MSAL's own cache (memory in the event runtime).
// MSAL itself comes from the shell through `createPca`, so this module imports only its types: the commands bundle
// passes MSAL's factory statically (one self-contained file, no dynamic import), the task pane a loader that fetches
// MSAL's chunk the first time a token is actually asked for in NAA mode (dev sign-in never loads it).
import type { IPublicClientApplication, Configuration } from "@azure/msal-browser";
import { messages } from "../core/messages";
import { InterActionError } from "../sync/errors";
import { createPromptGate } from "./promptGate";
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

/** What a failed MSAL call means for the user. */
export type NaaFailure = "interaction" | "cancelled" | "adminConsent" | "failed";

/**
 * MSAL's errors by what the user can do about them. The host's bridge reports a consent the user may give, a
 * revoked or expired session as "interaction required"; a closed window as user_canceled; a grant only an
 * administrator may give carries Entra's AADSTS90094 ("admin approval required") or says so in its description.
 */
export function classifyNaaError(e: unknown): NaaFailure {
  const err = (e ?? {}) as { name?: string; errorCode?: string; errorMessage?: string; subError?: string };
  const text = `${err.errorCode ?? ""} ${err.subError ?? ""} ${err.errorMessage ?? ""}`;
  if (/AADSTS90094|AADSTS90008|admin_consent|admin(istrator)? (consent|approval)/i.test(text)) return "adminConsent";
  if (/user_cancel/i.test(err.errorCode ?? "")) return "cancelled";
  if (
    err.name === "InteractionRequiredAuthError" ||
    /interaction_required|login_required|consent_required|no_account|no_tokens_found|user_null/i.test(text)
  )
    return "interaction";
  return "failed";
}

export function createNaaTokenProvider(options: NaaOptions): TokenProvider {
  let pca: Promise<IPublicClientApplication> | undefined;
  // Set by clear() after InterAction refused a token (401): MSAL's cache would hand the same token back, so the
  // next silent call must go to Entra for a new one.
  let refused = false;
  const prompts = createPromptGate();
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
  const failure = (kind: NaaFailure, interactive: boolean): InterActionError => {
    // Retryable throughout: the outbox keeps the change waiting (never parked) until a sign-in succeeds.
    if (kind === "adminConsent")
      return new InterActionError("unauthorized", messages.signIn.adminConsent(...options.scopes), true);
    if (kind === "cancelled") return new InterActionError("unauthorized", messages.signIn.windowClosed, true);
    if (kind === "interaction" && !interactive)
      return new InterActionError("unauthorized", messages.signIn.openPane, true);
    return new InterActionError("unauthorized", messages.signIn.failed, true);
  };

  const popup = async (client: IPublicClientApplication): Promise<string> => {
    try {
      const result = await client.acquireTokenPopup({ scopes: options.scopes });
      if (result.account) client.setActiveAccount(result.account);
      return result.accessToken;
    } catch (e) {
      throw failure(classifyNaaError(e), true);
    }
  };

  return {
    async getAccessToken(request?: TokenRequestOptions) {
      const interactive = Boolean(request?.interactive);
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
        prompts.allow();
        return result.accessToken;
      } catch (silentError) {
        const kind = classifyNaaError(silentError);
        // Only the user can fix these, and only in the pane: an event never prompts (it has no UI).
        if (!interactive || kind !== "interaction") throw failure(kind, interactive);
      }
      return prompts.run(() => popup(client));
    },
    clear() {
      refused = true;
    },
    allowPrompt() {
      prompts.allow();
    },
  };
}
