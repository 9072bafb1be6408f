// The Office dialog API as Outlook gives it to a task pane: displayDialogAsync opens a page of the add-in's origin in
// its own window (the dialog fallback's sign-in page), messageParent (in that page) hands a message to the pane, and
// the pane hears dialogMessageReceived, or dialogEventReceived 12006 when the user closes the window. An event-based
// runtime has no dialogs (Microsoft: the dialog API is not supported in event-based activation): it fails there.
import { asyncCall, clone } from "./asyncResult";
import { session } from "./realm";

type DialogHandler = (arg: unknown) => void;

const handlers = new Map<string, Map<string, DialogHandler>>();

/** What the page pushes to the pane for one of its dialogs (FrameSink.dialogEvent). */
export function deliverDialogEvent(dialogId: string, event: { type: string } & Record<string, unknown>): void {
  const handler = handlers.get(dialogId)?.get(event.type);
  if (!handler) return;
  try {
    handler(clone(event));
  } catch (e) {
    console.error("[workbench] a dialog handler threw", e);
  }
  if (event.type === "dialogEventReceived") handlers.delete(dialogId);
}

const dialogObject = (id: string) => ({
  close: () => {
    handlers.delete(id);
    void session.closeDialog(id);
  },
  addEventHandler: (type: string, handler: DialogHandler) => {
    const map = handlers.get(id) ?? new Map<string, DialogHandler>();
    map.set(String(type), handler);
    handlers.set(id, map);
  },
  messageChild: () => undefined,
});

export const dialogUi = {
  displayDialogAsync: (...args: unknown[]) =>
    asyncCall(
      args,
      async (params) => {
        const id = await session.openDialog(String(params[0]));
        handlers.set(id, new Map());
        return dialogObject(id);
      },
      (dialog) => dialog,
    ),
  messageParent: (message: unknown) => session.messageParent(String(message)),
};
