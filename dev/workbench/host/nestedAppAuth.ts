// What Outlook puts into an add-in's frame for nested app authentication: `window.nestedAppAuthBridge`, the object
// MSAL's BridgeProxy talks to. MSAL posts each request as a JSON string (a NestedAppAuthRequest envelope: GetInitContext,
// GetToken, GetTokenPopup) and listens for "message" events carrying the JSON response envelope, matched by requestId.
// The workbench page answers them (app/outlook/nestedAppAuth.ts) with the signed-in user's tokens from the local
// identity provider. Installed only where the Outlook being played supports NAA (auth mode "naa").
import { realm, session } from "./realm";

type Listener = (response: string | { data: string }) => void;

export interface NestedAppAuthBridge {
  addEventListener(eventName: string, callback: Listener): void;
  removeEventListener(eventName: string, callback: Listener): void;
  postMessage(message: string): void;
}

export function installNestedAppAuthBridge(): void {
  if (session.authMode() !== "naa") return;
  const listeners = new Map<string, Set<Listener>>();
  const deliver = (response: string) => {
    for (const l of [...(listeners.get("message") ?? [])]) {
      try {
        l(response);
      } catch (e) {
        console.error("[workbench] a nested app auth listener threw", e);
      }
    }
  };
  const bridge: NestedAppAuthBridge = {
    addEventListener(eventName, callback) {
      const set = listeners.get(eventName) ?? new Set<Listener>();
      set.add(callback);
      listeners.set(eventName, set);
    },
    removeEventListener(eventName, callback) {
      listeners.get(eventName)?.delete(callback);
    },
    postMessage(message) {
      // A popup waits for the user: that is not the add-in being busy (scripts settle while it is open).
      const waitsForUser = /"method"\s*:\s*"GetTokenPopup"/.test(message);
      if (!waitsForUser) session.busy(1);
      session
        .nestedAppAuth(String(message))
        .then(deliver, (e: unknown) => console.error("[workbench] the bridge could not answer", e))
        .finally(() => {
          if (!waitsForUser) session.busy(-1);
        });
    },
  };
  (realm as unknown as { nestedAppAuthBridge: NestedAppAuthBridge }).nestedAppAuthBridge = bridge;
}
