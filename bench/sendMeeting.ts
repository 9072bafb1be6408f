// One timed send, shared by the bench's main thread (runtime reused) and its fresh-runtime worker: a new meeting with
// a Top Client attendee (so every send resolves contacts and creates the meeting in InterAction, the longest send
// path), and the time from the handler's call to event.completed, split by what it was spent on.
import { createFakeOutlook } from "../test/support/fakeOutlook";
import type { CommandsRuntime } from "./commandsRuntime";

export const newMeeting = (label: string, no: number) => {
  const day = no % 300;
  return createFakeOutlook({
    meeting: {
      mode: "compose",
      subject: `Bench send ${label} ${no}`,
      start: new Date(Date.UTC(2030, 0, 1 + day, 9 + (no % 8))),
      end: new Date(Date.UTC(2030, 0, 1 + day, 10 + (no % 8))),
      requiredAttendees: [
        { emailAddress: "carol@acme.example", displayName: "Carol Chen" },
        { emailAddress: "erin@globex.example", displayName: "Erin Evans" },
      ],
    },
  });
};

export interface Breakdown {
  /** Handler start → first request (building deps, reading the item and storage, first-run compilation). */
  beforeFirstRequest: number;
  /** Time with at least one request in flight (InterAction, the config host). */
  waitingForRequests: number;
  /** The rest: work between and after requests (planning, payload, storage, notifications). */
  otherWork: number;
}

/** One request of a send: its path, when it started after the handler was called, and how long it took (ms). */
export interface RequestSpan {
  request: string;
  startMs: number;
  ms: number;
}

/** Fires onAppointmentSend and checks the send was allowed; the handler's time and its breakdown. */
export async function timedSend(
  runtime: CommandsRuntime,
): Promise<{ ms: number; breakdown: Breakdown; timeline: RequestSpan[] }> {
  const { ms, completion, started, ended } = await runtime.fire("onAppointmentSend");
  if ((completion as { allowEvent?: boolean }).allowEvent !== true) {
    throw new Error(`the send was not allowed: ${JSON.stringify(completion)}`);
  }
  const requests = runtime.timings
    .filter((t) => t.start >= started && t.end <= ended)
    .sort((a, b) => a.start - b.start);
  let waiting = 0;
  let coveredTo = started;
  for (const r of requests) {
    const from = Math.max(r.start, coveredTo);
    if (r.end > from) waiting += r.end - from;
    coveredTo = Math.max(coveredTo, r.end);
  }
  const before = requests.length ? (requests[0] as { start: number }).start - started : ms;
  return {
    ms,
    breakdown: { beforeFirstRequest: before, waitingForRequests: waiting, otherWork: ms - before - waiting },
    timeline: requests.map((r) => ({
      request: r.url.replace(/^https?:\/\/[^/]+/, "").replace(/\/meetings\/[^/?]+/, "/meetings/{syncKey}"),
      startMs: r.start - started,
      ms: r.end - r.start,
    })),
  };
}
