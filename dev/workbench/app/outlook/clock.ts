// Outlook's clock in the workbench: the sandbox's movable clock (/__workbench/clock), kept as an offset from real time
// so that the add-in's frames and the mailboxes see the same "now" as InterAction.
import { toIso } from "./model";

export interface ClockHost {
  clockOffset: number;
  changed(): void;
}

/** Reads the sandbox's clock; when it cannot be read Outlook keeps real time. */
export async function loadClock(host: ClockHost): Promise<void> {
  const res = await fetch("/__workbench/clock");
  if (res.ok) {
    const { now } = (await res.json()) as { now: string };
    host.clockOffset = Date.parse(now) - Date.now();
  }
  host.changed();
}

/** Moves the sandbox's clock, then Outlook's with it. */
export async function setNow(host: ClockHost, iso: string): Promise<void> {
  const now = toIso(iso);
  const res = await fetch("/__workbench/clock", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ now }),
  });
  if (!res.ok) throw new Error(`The sandbox refused the clock change: ${res.status} ${await res.text()}`);
  host.clockOffset = Date.parse(now) - Date.now();
  host.changed();
}
