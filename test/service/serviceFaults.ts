// A seeded schedule of what goes wrong around the sync service while mailboxes keep changing: the local Graph's faults
// (429 with Retry-After, 503, 410 on a delta token, slow answers, dropped and duplicated notifications, a subscription
// that expires or is removed) and InterAction's (the sandbox's fault kinds: error status, 429, slow, a reset
// connection, a garbled body, a write applied whose answer is lost). The same seed gives the same schedule; the run
// replays it against the real service, and the oracle (serviceFleet.ts checkHistory) judges what InterAction applied.
import type { FaultRule as GraphFaultRule } from "../../dev/graph/faults";
import type { RunningGraph } from "../../dev/graph/server";
import { faultInjectorOf } from "../../dev/sandbox/faults";
import type { FaultRule as SandboxFaultRule } from "../../dev/sandbox/server";
import { ReliabilityRng, type ReliabilitySandbox } from "../support/reliabilitySandbox";
import { subjectOf, type FleetMeeting } from "./serviceFleet";

export type ScheduledStep =
  | { at: number; kind: "change"; meeting: number }
  | { at: number; kind: "graphFault"; rule: GraphFaultRule }
  | { at: number; kind: "sandboxFault"; rule: SandboxFaultRule }
  | { at: number; kind: "expireSubscription"; meeting: number }
  | {
      at: number;
      kind: "lifecycle";
      meeting: number;
      event: "subscriptionRemoved" | "missed" | "reauthorizationRequired";
    }
  | { at: number; kind: "clearFaults" };

const NOTIFICATIONS = "/graph/notifications$";
const DELTA = "/calendarView/delta";
const EVENT_READ = "/events/[^/?]+(\\?|$)";
const MEETING_WRITE = "^/api/v1/meetings/";

/** One Graph fault, drawn from every kind the issue names. */
function graphFault(rng: ReliabilityRng, kind: number): GraphFaultRule {
  const times = rng.int(1, 3);
  switch (kind) {
    case 0:
      return { path: rng.pick([DELTA, EVENT_READ]), status: 429, retryAfterSeconds: rng.int(1, 2), times };
    case 1:
      return { path: rng.pick([DELTA, EVENT_READ]), status: 503, retryAfterSeconds: 1, times };
    case 2:
      // A delta token Graph no longer knows: only requests that carry one (a first round has none).
      return { path: `${DELTA}.*token=`, status: 410, times: 1 };
    case 3:
      return { path: rng.pick([DELTA, EVENT_READ]), delayMs: rng.int(500, 2500), times };
    case 4:
      return { path: NOTIFICATIONS, dropNotification: true, times };
    case 5:
      return { path: NOTIFICATIONS, duplicateNotification: true, delayMs: rng.int(0, 1500), times };
  }
  throw new Error(`No Graph fault kind ${kind}`);
}

/** One InterAction fault of the sandbox's kinds, on the meeting reads and writes the service makes. */
function sandboxFault(rng: ReliabilityRng, kind: number): SandboxFaultRule {
  const times = rng.int(1, 2);
  switch (kind) {
    case 0:
      return { method: "PUT", path: MEETING_WRITE, status: 503, times };
    case 1:
      return { path: MEETING_WRITE, status: 429, retryAfterSeconds: 1, times };
    case 2:
      return { path: MEETING_WRITE, delayMs: rng.int(300, 1500), times };
    case 3:
      return { method: "PUT", path: MEETING_WRITE, reset: true, times: 1 };
    case 4:
      return { method: "GET", path: MEETING_WRITE, malformed: true, times: 1 };
    case 5:
      // The write is applied and its answer lost: the service must not apply the same change a second time.
      return { method: "PUT", path: MEETING_WRITE, status: 500, afterCommit: true, times: 1 };
  }
  throw new Error(`No InterAction fault kind ${kind}`);
}

/** Draws kinds from a shuffled deck, refilled when empty: every kind comes up once before any comes up twice. */
function deck(rng: ReliabilityRng, kinds: number): () => number {
  let cards: number[] = [];
  return () => {
    if (cards.length === 0) {
      cards = Array.from({ length: kinds }, (_, i) => i);
      for (let i = cards.length - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [cards[i], cards[j]] = [cards[j]!, cards[i]!];
      }
    }
    return cards.pop()!;
  };
}

/** The schedule for a seed: `steps` events spread over `spanMs`, changes to `meetings` meetings and faults between. */
export function serviceSchedule(seed: number, meetings: number, steps: number, spanMs: number): ScheduledStep[] {
  const rng = new ReliabilityRng(seed);
  const schedule: ScheduledStep[] = [];
  const nextGraphKind = deck(rng, 6);
  const nextSandboxKind = deck(rng, 6);
  for (let i = 0; i < steps; i++) {
    const at = Math.round((i * spanMs) / steps);
    const roll = rng.next();
    const meeting = rng.int(0, meetings - 1);
    if (roll < 0.5) schedule.push({ at, kind: "change", meeting });
    else if (roll < 0.72) schedule.push({ at, kind: "graphFault", rule: graphFault(rng, nextGraphKind()) });
    else if (roll < 0.88) schedule.push({ at, kind: "sandboxFault", rule: sandboxFault(rng, nextSandboxKind()) });
    else if (roll < 0.93) schedule.push({ at, kind: "expireSubscription", meeting });
    else if (roll < 0.97)
      schedule.push({
        at,
        kind: "lifecycle",
        meeting,
        event: rng.pick(["subscriptionRemoved", "missed", "reauthorizationRequired"] as const),
      });
    else schedule.push({ at, kind: "clearFaults" });
  }
  return schedule;
}

export const describeStep = (s: ScheduledStep): string =>
  `${s.at}ms ${s.kind}${"meeting" in s ? ` #${s.meeting}` : ""}${"rule" in s ? ` ${JSON.stringify(s.rule)}` : ""}${
    "event" in s ? ` ${s.event}` : ""
  }`;

export interface ScheduleWorld {
  graph: RunningGraph;
  box: ReliabilitySandbox;
  meetings: FleetMeeting[];
}

/** The Graph subscription of a meeting's mailbox (none while the service has not subscribed it again). */
function subscriptionIdOf(graph: RunningGraph, mailbox: string): string | undefined {
  const m = graph.store.mailbox(mailbox)!;
  const row = graph.db
    .prepare("SELECT id FROM subscriptions WHERE mailbox_id = ? ORDER BY expires_at DESC LIMIT 1")
    .get(m.id) as { id: string } | undefined;
  return row?.id;
}

/** The sandbox's fault rules that still wait for a request they match. */
export const pendingSandboxFaults = (box: ReliabilitySandbox): SandboxFaultRule[] =>
  (faultInjectorOf(box.sandbox.app)?.list() ?? []).filter((r) => (r.times ?? 1) > 0);

/** Applies one step to the world; returns what it did (for the log printed with the seed on failure). */
export async function applyStep(world: ScheduleWorld, step: ScheduledStep): Promise<string> {
  const { graph, box, meetings } = world;
  switch (step.kind) {
    case "change": {
      const m = meetings[step.meeting]!;
      m.version++;
      graph.exchange.update(m.mailbox, m.eventId, { subject: subjectOf(m.mailbox, m.version) }, true);
      return `${m.mailbox} -> v${m.version}`;
    }
    case "graphFault":
      // Added to what is pending: each rule waits for a request (or notification) it matches, `times` times.
      graph.guard.faults.rules = [...graph.guard.faults.rules.filter((r) => (r.times ?? 1) > 0), { ...step.rule }];
      return "graph rule added";
    case "sandboxFault":
      // Added to what is pending, as Graph's are: on a slow machine the service makes fewer requests in the
      // schedule's span, and a rule replaced before any request met it would be a fault the schedule never made.
      await box.setFaults([...pendingSandboxFaults(box), { ...step.rule }]);
      return "sandbox rule added";
    case "expireSubscription": {
      // Graph expired it without a word (no lifecycle notification): it notifies no more.
      const id = subscriptionIdOf(graph, meetings[step.meeting]!.mailbox);
      if (!id) return "no subscription to expire";
      graph.db
        .prepare("UPDATE subscriptions SET expires_at = ? WHERE id = ?")
        .run(new Date(graph.clock.now().getTime() - 1000).toISOString(), id);
      return `expired ${id}`;
    }
    case "lifecycle": {
      const id = subscriptionIdOf(graph, meetings[step.meeting]!.mailbox);
      if (!id) return "no subscription";
      await graph.subscriptions.lifecycle(id, step.event).catch(() => undefined);
      return `${step.event} ${id}`;
    }
    case "clearFaults":
      // InterAction recovers; Graph's rules stay until met (each waits for a request or notification it matches).
      await box.setFaults([]);
      return "InterAction faults cleared";
  }
}
