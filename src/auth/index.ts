// Token providers. `createTokenProvider` picks the right one for the configuration and the host.
import { createDevTokenProvider } from "./devTokenProvider";
import { createDialogTokenProvider } from "./dialogTokenProvider";
import { createNaaTokenProvider, type PcaFactory } from "./naaTokenProvider";
import { messages } from "../core/messages";
import { InterActionError } from "../sync/errors";
import type { TokenProvider, TokenRequestOptions } from "./tokenProvider";
import { DEFAULT_AUTHORITY, type AuthConfig } from "./authConfig";

export type { TokenProvider, TokenRequestOptions } from "./tokenProvider";
export { DEFAULT_AUTHORITY, type AuthConfig } from "./authConfig";
export type { DialogMessage } from "./dialogTokenProvider";
export type { PcaFactory } from "./naaTokenProvider";
export { createDevTokenProvider, createDialogTokenProvider, createNaaTokenProvider };
export { classifyNaaError, type NaaFailure } from "./naaTokenProvider";

export interface TokenProviderContext {
  apiBaseUrl: string;
  /** The signed-in user's address. */
  email: () => string;
  /** Whether the host supports nested app authentication (requirement set NestedAppAuth 1.1). */
  naaSupported: () => boolean;
  /** Where the add-in is served from, for the dialog fallback's sign-in page. */
  origin: string;
  /** "event" runtimes never prompt; the task pane may. */
  runtime: "event" | "taskpane";
  fetch?: typeof fetch;
  /**
   * How MSAL is obtained in NAA mode (the shell decides: the commands bundle passes MSAL's factory, the task pane a
   * dynamic import). Called only when a token is requested with NAA; dev mode never calls it.
   */
  createPca?: PcaFactory;
}

const noMsal: PcaFactory = () =>
  Promise.reject(new InterActionError("unauthorized", messages.signIn.unavailable, false));

/** NestedAppAuth 1.1 support, asked of Office without failing when Office has not finished loading. */
export const hostSupportsNaa = (): boolean => {
  try {
    return Boolean(Office?.context?.requirements?.isSetSupported?.("NestedAppAuth", "1.1"));
  } catch {
    return false;
  }
};

export function createTokenProvider(auth: AuthConfig, ctx: TokenProviderContext): TokenProvider {
  if (auth.mode === "dev") {
    return createDevTokenProvider({ apiBaseUrl: ctx.apiBaseUrl, email: ctx.email, fetch: ctx.fetch });
  }
  const scopes = auth.scopes ?? [];
  const naa = createNaaTokenProvider({
    clientId: auth.clientId ?? "",
    authority: auth.authority ?? DEFAULT_AUTHORITY,
    scopes,
    cacheLocation: ctx.runtime === "taskpane" ? "localStorage" : "memoryStorage",
    createPca: ctx.createPca ?? noMsal,
  });
  const dialog = createDialogTokenProvider({ dialogUrl: `${ctx.origin.replace(/\/$/, "")}/auth-dialog.html` });
  // Decided per call: Office may finish initializing after the provider was built.
  return {
    getAccessToken: (request?: TokenRequestOptions) =>
      ctx.naaSupported() ? naa.getAccessToken(request) : dialog.getAccessToken(request),
    // Both: the refused token may sit in MSAL's cache (NAA) or in the dialog provider's memory.
    clear: () => {
      naa.clear?.();
      dialog.clear?.();
    },
    allowPrompt: () => {
      naa.allowPrompt?.();
      dialog.allowPrompt?.();
    },
  };
}
