// Dates as the workbench shows them, and the hooks that re-render on Outlook changes and the clock.
import { useEffect, useState, useSyncExternalStore } from "react";
import type { Outlook } from "../outlook";

export const pad = (n: number) => String(n).padStart(2, "0");
/** ISO instant -> value of an <input type="datetime-local"> in the browser's time zone. */
export const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
export const fromLocalInput = (value: string) => new Date(value).toISOString();
export const fmtTime = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
export const fmtDateTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });

export function useOutlook(outlook: Outlook) {
  const [, setTick] = useState(0);
  useEffect(() => outlook.subscribe(() => setTick((t) => t + 1)), [outlook]);
  return outlook;
}

export function useNow(outlook: Outlook) {
  return useSyncExternalStore(
    (cb) => {
      const t = setInterval(cb, 1000);
      return () => clearInterval(t);
    },
    () => Math.floor(outlook.now().getTime() / 1000),
  );
}
