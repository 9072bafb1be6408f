// The sign-in page of the dialog fallback (auth-dialog.html): a shell of its own (a webpack entry), like the task pane
// and the commands bundle. Runs MSAL's redirect flow inside the Office dialog and hands the access token to the
// add-in with Office.context.ui.messageParent, in the message shape src/auth's dialog token provider reads. The
// token is never written anywhere by this page; MSAL keeps its own session cache for the dialog's lifetime.
import { PublicClientApplication, type AuthenticationResult } from "@azure/msal-browser";
import type { DialogMessage } from "../auth";
import { loadAddinConfig } from "../compose/config";

const send = (message: DialogMessage) => Office.context.ui.messageParent(JSON.stringify(message));
const status = (text: string) => {
  const el = document.getElementById("status");
  if (el) el.textContent = text;
};

const ok = (result: AuthenticationResult): DialogMessage => ({
  status: "ok",
  accessToken: result.accessToken,
  expiresOn: result.expiresOn ? result.expiresOn.getTime() : Date.now() + 5 * 60_000,
});

const isEntraCloud = (authority: string): boolean => new URL(authority).host === "login.microsoftonline.com";

export async function signIn(): Promise<void> {
  const { config } = await loadAddinConfig({ pageUrl: window.location.href });
  const { clientId, authority, scopes = [] } = config.auth;
  if (config.auth.mode !== "naa" || !clientId) {
    send({ status: "error", message: "addin-config.json has no Microsoft Entra sign-in configured." });
    return;
  }
  const pca = new PublicClientApplication({
    auth: {
      clientId,
      authority,
      redirectUri: `${window.location.origin}${window.location.pathname}`,
      // An authority other than Microsoft Entra's cloud (a sovereign cloud, a firm's own or the dev identity
      // provider) is named as known, so MSAL trusts its OpenID metadata instead of asking Microsoft's instance
      // discovery, which only knows Entra's hosts.
      ...(authority && !isEntraCloud(authority) ? { knownAuthorities: [new URL(authority).host] } : {}),
    },
    cache: { cacheLocation: "sessionStorage" },
  });
  await pca.initialize();
  const redirected = await pca.handleRedirectPromise();
  if (redirected) {
    send(ok(redirected));
    return;
  }
  const account = pca.getAllAccounts()[0];
  if (account) {
    try {
      send(ok(await pca.acquireTokenSilent({ scopes, account })));
      return;
    } catch {
      /* fall through to the interactive sign-in */
    }
  }
  status("Redirecting to Microsoft sign-in…");
  await pca.acquireTokenRedirect({ scopes, ...(account ? { account } : {}) });
}

Office.onReady(() => {
  signIn().catch((e: unknown) => {
    status("Signing in to InterAction failed. Close this window and try again.");
    send({ status: "error", message: e instanceof Error ? e.message : "Sign-in failed." });
  });
});
