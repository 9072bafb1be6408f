// The sync service's bench world: the local Graph and the InterAction sandbox in this process, a firm of opted-in
// mailboxes with one added meeting each (test/service/serviceFleet.ts), and the meters the service figures read:
// Graph requests (the local Graph's request log, counted as it is written), InterAction writes (every non-GET request
// the service's InterAction client sends, accepted or not), and when InterAction applied each version of a meeting
// (a trigger in the sandbox's database, stamped with this process's clock: the same clock the changes are timed by).
import { startGraph, type RunningGraph } from "../dev/graph/server";
import { addMailboxes, meetingPerMailbox, subjectOf, type FleetMeeting } from "../test/service/serviceFleet";
import { startReliabilitySandbox, type ReliabilitySandbox } from "../test/support/reliabilitySandbox";
import { serviceInterAction } from "../src/service/interactionWriter";
import type { InterActionFor } from "../src/service/ports";
import { round } from "./stats";

export interface ServiceBenchWorld {
  graph: RunningGraph;
  box: ReliabilitySandbox;
  meetings: FleetMeeting[];
  counts: { graphRequests: number; interactionWrites: number };
  /** The service's InterAction, counting its writes. */
  interactionFor: InterActionFor;
  /** Commits a change of the meeting's subject (its next version) and returns when it was committed (ms). */
  change(m: FleetMeeting): number;
  /** Saves the meeting again with nothing changed that InterAction stores (Exchange still notifies). */
  touch(m: FleetMeeting): void;
  /** When InterAction first held each meeting at `version` or later (ms), or undefined while it does not. */
  appliedAt(m: FleetMeeting, version: number): number | undefined;
  /** Waits until InterAction holds every meeting's latest version; false after `ms`. */
  converged(ms: number): Promise<boolean>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startServiceBenchWorld(mailboxCount: number): Promise<ServiceBenchWorld> {
  // Graph's own timings: an unanswered notification (the endpoint answers within 3 s or it counts as lost) is retried
  // after 10 s, 30 s, 1 min, ...; the sweep is what hears one that was never answered.
  const graph = await startGraph({ dbFile: ":memory:", port: 0 });
  const box = await startReliabilitySandbox();
  const mailboxes = addMailboxes(graph, box, "bench", mailboxCount);
  const meetings = await meetingPerMailbox(graph, box, mailboxes);
  const counts = { graphRequests: 0, interactionWrites: 0 };
  const record = graph.guard.faults.record.bind(graph.guard.faults);
  graph.guard.faults.record = (entry) => {
    counts.graphRequests++;
    record(entry);
  };
  box.sandbox.db.exec(`
    CREATE TEMP TABLE bench_applied (sync_key TEXT, subject TEXT, at REAL);
    CREATE TEMP TRIGGER bench_applied_version AFTER UPDATE OF version ON meetings
      BEGIN INSERT INTO bench_applied VALUES (NEW.sync_key, NEW.subject, (julianday('now') - 2440587.5) * 86400000.0); END;
  `);
  const firstApplied = box.sandbox.db.prepare(
    "SELECT subject, min(at) AS at FROM bench_applied WHERE sync_key = ? GROUP BY subject",
  );
  const countingFetch: typeof fetch = (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    if (method !== "GET" && method !== "HEAD") counts.interactionWrites++;
    return fetch(input, init);
  };
  // One read of InterAction's meetings per check, not one per meeting: box.meetings() reads the whole table, and this
  // process also runs the service, Graph and the sandbox, so a check per meeting (N reads of N rows: 8.8 s of blocked
  // event loop per poll at 1,000 mailboxes) starved the service it was waiting for and answered Graph's
  // notifications late.
  const allCurrent = () => {
    const held = new Map(box.meetings().map((r) => [r.sync_key, r.subject]));
    return meetings.every((m) => held.get(m.syncKey) === subjectOf(m.mailbox, m.version));
  };
  return {
    graph,
    box,
    meetings,
    counts,
    interactionFor: (mailbox) => serviceInterAction(box.client(mailbox, { timeoutMs: 10_000, fetch: countingFetch })),
    change(m) {
      m.version++;
      graph.exchange.update(m.mailbox, m.eventId, { subject: subjectOf(m.mailbox, m.version) }, true);
      return Date.now();
    },
    touch(m) {
      graph.exchange.update(m.mailbox, m.eventId, { subject: subjectOf(m.mailbox, m.version) }, false);
    },
    appliedAt(m, version) {
      const rows = firstApplied.all(m.syncKey) as { subject: string; at: number }[];
      const times = rows
        .filter((r) => Number(/ v(\d+)$/.exec(r.subject)?.[1]) >= version)
        .map((r) => r.at)
        .sort((a, b) => a - b);
      return times[0];
    },
    async converged(ms) {
      const until = Date.now() + ms;
      while (!allCurrent()) {
        if (Date.now() > until) return false;
        await sleep(200);
      }
      return true;
    },
    async close() {
      await graph.close();
      await box.close();
    },
  };
}

/** The first `count` meetings changed at once; changed events per second until InterAction holds them all. */
export async function burst(
  world: ServiceBenchWorld,
  count: number,
  maxMs: number,
): Promise<{ perSecond: number; ms: number }> {
  const started = Date.now();
  for (const m of world.meetings.slice(0, count)) world.change(m);
  if (!(await world.converged(maxMs))) throw new Error(`the burst of ${count} changes did not converge`);
  const ms = Date.now() - started;
  return { perSecond: round((count * 1000) / ms), ms };
}
