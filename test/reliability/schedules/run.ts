// One seeded fault schedule against one sandbox: its world (./world.ts), its steps (drawn from the seed, ./steps.ts,
// or directed at one fault kind x operation pair, ./directed.ts), then recovery, then the oracle (./oracle.ts). Its
// outcome depends only on the seed (and the pair): the client's clock and randomness are seeded, "slow" stays far
// below the client's timeout, a timeout is an explicit hold that lands at a step the schedule chooses, and every step
// ends only once no request of the client is in flight (so a background delivery never lands in a later step).
// Outlook's side runs the REAL Office adapters (item reading with Outlook's cancellation prefix, the custom-property
// state store with its codec, 2,500-character budget and per-device backup) over a stand-in with Outlook's persistence,
// and sends go through the REAL send handler with the real send budget.
import type { RequestLogEntry, ReliabilitySandbox } from "../../support/reliabilitySandbox";
import { judgeWrites, type JudgedWrite } from "./budget";
import { directedSteps, organizersFor, pairName, type Pair } from "./directed";
import type { OpKind } from "./faults";
import { HOUR } from "./model";
import { judge } from "./oracle";
import { drawnSteps } from "./steps";
import { createWorld, type ScheduleOptions } from "./world";

export { CLIENT_TIMEOUT_MS } from "./client";
export type { ScheduleOptions } from "./world";

export interface Schedule {
  seed: number;
  /** The (fault kind x operation) pair a directed schedule places on purpose (./directed.ts); none for drawn ones. */
  directed?: string;
  log: string[];
  problems: string[];
  /** What the sandbox received (method, path, status, fault) and holds at the end: equal for equal seeds. */
  trace: string[];
  requests: RequestLogEntry[];
  /** Operation kind of each meeting write, by idempotency key (for the coverage tally). */
  ops: Map<string, OpKind>;
  /** Writes InterAction applied and answered (2xx, no fault): a schedule without one tested no delivery. */
  deliveredWrites: number;
  /** Meeting writes sent (any PUT of a meeting, accepted or not: a 412 counts) and meeting changes applied. */
  meetingWrites?: { sent: number; applied: number };
  /** Each meeting write judged against the write budget (./budget.ts). */
  writes: JudgedWrite[];
}

export async function runSchedule(
  seed: number,
  box: ReliabilitySandbox,
  options: ScheduleOptions & { directed?: Pair } = {},
): Promise<Schedule> {
  const schedule: Schedule = {
    seed,
    ...(options.directed ? { directed: pairName(options.directed) } : {}),
    log: [],
    problems: [],
    trace: [],
    requests: [],
    ops: new Map(),
    deliveredWrites: 0,
    writes: [],
  };
  const cast = options.directed ? { organizers: organizersFor(options.directed) } : "drawn";
  const w = await createWorld(seed, box, options, schedule, cast);
  const { log, storage, setFaults, moveClocks, meetings, closeUnsaved, fire, net, service, random } = w;
  if (options.directed) await directedSteps(w, options.directed);
  else await drawnSteps(w);
  schedule.problems.push(...w.parked);

  // ---- recovery: faults cleared (held requests land), backoffs elapsed, every meeting opened once, as a user would.
  // Nobody presses Retry: the schedules inject only faults that retrying cures (5xx, 429, resets, timeouts, unreadable
  // answers), so nothing may end parked, and what a lost or refused outbox dropped the item's own state re-plans on
  // that one open. ----
  log("recovery");
  storage.failWrites = 0;
  // A new meeting never sent is closed without sending: a discarded draft.
  for (const m of meetings) if (!m.sent) m.discarded = true;
  await setFaults([]);
  await moveClocks(HOUR);
  for (const m of meetings) {
    if (m.discarded) continue;
    closeUnsaved(m);
    log(`m${m.label} ${m.role === "attendee" ? "task pane opened" : "open"}`);
    await fire(m, { kind: m.role === "attendee" ? "refresh" : "open" });
  }
  await net.quiet();
  // The service's sweep: every meeting once more, again until its job succeeds (faults are cleared by now).
  for (const m of service ? meetings : []) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const outcome = await service!.follow(m);
      log(`service sweep m${m.label}: ${outcome}`);
      await net.quiet();
      if (!outcome.startsWith("job failed")) break;
    }
  }

  schedule.requests = await box.requests();
  schedule.deliveredWrites = schedule.requests.filter(
    (e) => e.method === "PUT" && e.status >= 200 && e.status < 300 && (!e.fault || e.fault.startsWith("delay")),
  ).length;
  schedule.meetingWrites = {
    sent: schedule.requests.filter((e) => e.method === "PUT" && /^\/api\/v1\/meetings\/[^/]+$/.test(e.path)).length,
    applied: random.issuedKeys.reduce((n, key) => n + box.appliedRevisions(key).length, 0),
  };
  schedule.writes = judgeWrites(schedule.requests, box, net.bodies);
  await judge({
    schedule,
    box,
    meetings,
    outbox: w.outbox,
    random,
    confirmed: w.confirmed,
    stateOf: w.stateOf,
    refusedAttendeeWrite: w.refusedAttendeeWrite,
    twoWriters: Boolean(service),
  });
  return schedule;
}
