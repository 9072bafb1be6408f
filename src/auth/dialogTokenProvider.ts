// Fallback where nested app authentication is not supported (older Outlook builds): the Office dialog API opens the
// add-in's own sign-in page (auth-dialog.html, same origin as the add-in), which signs in with MSAL and hands the
// token back with Office.context.ui.messageParent. The token is held only in this closure's memory. A dialog needs
// a user gesture, so only the task pane uses this provider; events stay silent and queue.
import { messages } from "../core/messages";
import { InterActionError } from "../sync/errors";
import { createPromptGate } from "./promptGate";
import { isFresh, type CachedToken, type TokenProvider, type TokenRequestOptions } from "./tokenProvider";

export interface DialogTokenProviderOptions {
  /** Absolute URL of the sign-in page, e.g. `${origin}/auth-dialog.html`. */
  dialogUrl: string;
  ui?: Pick<Office.UI, "displayDialogAsync">;
  now?: () => number;
}

/** What the sign-in page sends with messageParent. */
export type DialogMessage =
  { status: "ok"; accessToken: string; expiresOn: number } | { status: "error"; message: string };

export function createDialogTokenProvider(options: DialogTokenProviderOptions): TokenProvider {
  const now = options.now ?? (() => Date.now());
  let cached: CachedToken | undefined;
  // One dialog at a time (Office refuses a second one), and none again after the user closed it until they act.
  const prompts = createPromptGate();

  const signIn = (): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const ui = options.ui ?? Office.context.ui;
      ui.displayDialogAsync(options.dialogUrl, { height: 60, width: 30, promptBeforeOpen: false }, (result) => {
        if (String(result.status) === "failed") {
          reject(new InterActionError("unauthorized", messages.signIn.dialogBlocked, true));
          return;
        }
        const dialog = result.value;
        let settled = false;
        const finish = (fn: () => void) => {
          if (settled) return;
          settled = true;
          try {
            dialog.close();
          } catch {
            /* already closed */
          }
          fn();
        };
        dialog.addEventHandler("dialogMessageReceived" as unknown as Office.EventType, (arg) => {
          let message: DialogMessage | undefined;
          try {
            message = JSON.parse((arg as { message: string }).message) as DialogMessage;
          } catch {
            message = undefined;
          }
          if (message?.status === "ok" && message.accessToken) {
            const token = message.accessToken;
            cached = { token, expiresAt: message.expiresOn };
            finish(() => resolve(token));
          } else {
            finish(() => reject(new InterActionError("unauthorized", messages.signIn.dialogIncomplete, true)));
          }
        });
        dialog.addEventHandler("dialogEventReceived" as unknown as Office.EventType, () =>
          finish(() => reject(new InterActionError("unauthorized", messages.signIn.windowClosed, true))),
        );
      });
    });

  return {
    async getAccessToken(request?: TokenRequestOptions) {
      if (isFresh(cached, now())) return cached.token;
      if (!request?.interactive) {
        throw new InterActionError("unauthorized", messages.signIn.openPane, true);
      }
      return prompts.run(signIn);
    },
    clear() {
      cached = undefined;
    },
    allowPrompt() {
      prompts.allow();
    },
  };
}
