// The frame the Office host runs in, and its session with the simulated Outlook in the parent page.
import type { FrameSession } from "../shared/bridge";

export type Callback<T> = (result: Office.AsyncResult<T>) => void;

export const realm = window;
export const RealDate = realm.Date;

export function findSession(): FrameSession {
  // A frame's Outlook is its parent page; a dialog window's is the page that opened it.
  const parentBridge =
    realm.parent !== realm ? realm.parent.__workbenchBridge : (realm.opener as Window | null)?.__workbenchBridge;
  if (!parentBridge) throw new Error("The workbench Office host runs only inside the workbench (no parent bridge).");
  return parentBridge.attach(realm);
}

export const session = findSession();
