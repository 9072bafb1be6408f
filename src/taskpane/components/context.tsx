// The store and the controller reach components through one context; components read state with useSelector and
// send intents to the controller. Nothing here knows about Office or HTTP.
import * as React from "react";
import type { Controller } from "../controller";
import type { PaneState, Store } from "../state";

export interface PaneContextValue {
  store: Store;
  controller: Controller;
}

export const PaneContext = React.createContext<PaneContextValue | null>(null);

export function usePane(): PaneContextValue {
  const value = React.useContext(PaneContext);
  if (!value) throw new Error("PaneContext missing");
  return value;
}

export function useSelector<T>(select: (s: PaneState) => T): T {
  const { store } = usePane();
  return React.useSyncExternalStore(store.subscribe, () => select(store.getState()));
}

export const useController = (): Controller => usePane().controller;
