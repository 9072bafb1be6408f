// Properties of the planner that must hold for every meeting, state and trigger, not just the examples.
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import type { MeetingSnapshot } from "../../src/core/meeting";
import { initialSyncState, isAdded } from "../../src/core/syncState";
import type { SyncTrigger } from "../../src/core/trigger";
import { ordinarySnapshotArb, snapshotArb, stateArb, triggerArb } from "./arbitraries";
import { confirmAll, NOW, planWith, syncedState } from "./planHelpers";

const RUNS = { numRuns: 400 };
const committedFirst = fc.constantFrom<SyncTrigger>({ kind: "add" }, { kind: "send" }, { kind: "open" });
/** A first write: as committedFirst, or cancelling a meeting that was already added (and sent). */
const firstWrite = fc.constantFrom<SyncTrigger>(
  { kind: "add" },
  { kind: "send" },
  { kind: "open" },
  { kind: "cancel" },
);
const nowArb = fc.integer({ min: -5, max: 40 }).map((days) => new Date(NOW.getTime() + days * 86_400_000));

/** The same meeting as Outlook might hand it over again: reordered, re-cased, re-spaced, re-saved. */
const noisy = (s: MeetingSnapshot, seed: number): MeetingSnapshot => {
  const rotate = <T>(xs: T[]): T[] =>
    xs.length === 0 ? xs : [...xs.slice(seed % xs.length), ...xs.slice(0, seed % xs.length)];
  const attendees = rotate(s.attendees).map((a) => ({ ...a, email: ` ${a.email.toUpperCase()} ` }));
  const first = s.attendees[0];
  return {
    ...s,
    itemId: s.isNew ? s.itemId : `moved-${seed}`,
    subject: `  ${s.subject} `,
    location: `${s.location}  `,
    notes: `${s.notes.replace(/\n/g, "\r\n")}\r\n`,
    start: s.start.replace(".000Z", "Z"),
    attendees: first ? [...attendees, { ...first }] : attendees,
    attachments: rotate(s.attachments),
    organizer: { ...s.organizer, email: s.organizer.email.toUpperCase() },
  };
};

describe("planner properties", () => {
  test("planning again after a successful sync (or cancellation) yields no operation", () => {
    fc.assert(
      fc.property(snapshotArb, firstWrite, triggerArb, nowArb, (generated, first, again, now) => {
        // Only a meeting that is in InterAction can be cancelled there; by then it has been sent.
        const cancelling = first.kind === "cancel";
        const snapshot = cancelling ? { ...generated, isNew: false } : generated;
        const before = cancelling ? syncedState(snapshot, { kind: "add" }, { now }) : null;
        const r1 = planWith(snapshot, before, first, { now });
        fc.pre(r1.operations.length > 0);
        // Cancelling again is a change unless the meeting already is cancelled (or was just cancelled).
        fc.pre(again.kind !== "cancel" || snapshot.isCancelled || cancelling);
        const confirmed = confirmAll(r1.nextState, r1.operations, now);
        expect(planWith(snapshot, confirmed, again, { now }).operations).toEqual([]);
        // Even before InterAction confirms, what was planned is not planned twice.
        expect(planWith(snapshot, r1.nextState, again, { now }).operations).toEqual([]);
      }),
      RUNS,
    );
  });

  test("a no-op change yields no operation", () => {
    fc.assert(
      fc.property(ordinarySnapshotArb, fc.nat(), committedFirst, (snapshot, seed, trigger) => {
        const marked = planWith(snapshot, null, { kind: "add" });
        const r1 = snapshot.isNew ? planWith(snapshot, marked.nextState, { kind: "send" }) : marked;
        const synced = confirmAll(r1.nextState, r1.operations);
        const r2 = planWith(noisy(snapshot, seed), synced, trigger);
        expect(r2.operations).toEqual([]);
      }),
      RUNS,
    );
  });

  test("private or recurring meetings never yield a write", () => {
    fc.assert(
      fc.property(snapshotArb, stateArb, triggerArb, fc.boolean(), (snapshot, state, trigger, recurring) => {
        const refused = recurring
          ? { ...snapshot, isRecurring: true }
          : { ...snapshot, sensitivity: "private" as const };
        expect(planWith(refused, state, trigger).operations).toEqual([]);
      }),
      RUNS,
    );
  });

  test("a frozen record never yields a write", () => {
    fc.assert(
      fc.property(snapshotArb, stateArb, triggerArb, fc.boolean(), (snapshot, state, trigger, saidByServer) => {
        fc.pre(state !== null && state.revision > 0);
        const frozen = saidByServer
          ? { ...state, frozen: true }
          : { ...state, syncUntil: new Date(NOW.getTime() - 1).toISOString() };
        expect(planWith(snapshot, frozen, trigger).operations).toEqual([]);
      }),
      RUNS,
    );
  });

  test("change events never write", () => {
    fc.assert(
      fc.property(snapshotArb, stateArb, triggerArb, (snapshot, state, trigger) => {
        fc.pre(trigger.kind === "change");
        expect(planWith(snapshot, state, trigger).operations).toEqual([]);
      }),
      RUNS,
    );
  });

  test("a new meeting is never written before it is sent", () => {
    fc.assert(
      fc.property(snapshotArb, stateArb, triggerArb, (snapshot, state, trigger) => {
        fc.pre(snapshot.role === "organizer" && snapshot.isNew && trigger.kind !== "send" && trigger.kind !== "cancel");
        fc.pre(state === null || state.revision === 0);
        expect(planWith({ ...snapshot, isNew: true }, state, trigger).operations).toEqual([]);
      }),
      RUNS,
    );
  });

  test("revisions only go up by one per write and idempotency keys follow them", () => {
    fc.assert(
      fc.property(snapshotArb, stateArb, triggerArb, (snapshot, state, trigger) => {
        const r = planWith(snapshot, state, trigger);
        const upserts = r.operations.filter((o) => o.kind === "upsertMeeting");
        expect(upserts.length).toBeLessThanOrEqual(1);
        const before = state?.revision ?? 0;
        // A link's removal (issue 14, core/linkRemoval.ts) is a write of the link too: it takes the next revision.
        expect(r.nextState.revision).toBe(before + upserts.length + (r.removal ? 1 : 0));
        if (r.removal) expect(r.removal.revision).toBe(r.nextState.revision);
        for (const op of r.operations) {
          expect(op.syncKey).toBe(r.nextState.syncKey);
          if (op.kind === "upsertMeeting") expect(op.idempotencyKey).toBe(`${op.syncKey}:r${op.revision}`);
          else expect(op.idempotencyKey).toBe(`${op.syncKey}:d:${op.documentKey}`);
        }
        expect(JSON.stringify(r.nextState).length).toBeLessThan(2500);
      }),
      RUNS,
    );
  });

  test("without firm settings nothing is written, no sync key is minted, and what is owed stays owed", () => {
    fc.assert(
      fc.property(snapshotArb, stateArb, triggerArb, (snapshot, state, trigger) => {
        const r = planWith(snapshot, state, trigger, { settings: null });
        const base = state ?? initialSyncState();
        expect(r.operations).toEqual([]);
        expect(r.nextState.syncKey).toBe(base.syncKey);
        expect(r.nextState.revision).toBe(base.revision);
        expect(r.nextState.fingerprint).toBe(base.fingerprint);
        if (trigger.kind === "change") expect(r.nextState.pendingChanges).toBe(true);
        const cancelsUnsynced =
          (trigger.kind === "cancel" || (trigger.kind === "send" && snapshot.isCancelled)) && !isAdded(base);
        if (base.needsReconcile && !cancelsUnsynced) expect(r.nextState.needsReconcile).toBe(true);
        // A committed send of a meeting in InterAction, asked for, or left to the firm's rules is owed a reconcile.
        // (A cancellation of a meeting never in InterAction owes nothing: it stays out, as with settings.)
        const owes = isAdded(base) || base.addRequested || base.mode === "automatic";
        if (trigger.kind === "send" && !cancelsUnsynced && owes) expect(r.nextState.needsReconcile).toBe(true);
      }),
      RUNS,
    );
  });

  test("a send planned without settings is written by the next open with settings, as the send would have been", () => {
    fc.assert(
      fc.property(snapshotArb, stateArb, nowArb, (generated, state, now) => {
        // By the time anyone opens it, the sent meeting is no longer a new form.
        const snapshot = { ...generated, isNew: false };
        const owed = planWith(snapshot, state, { kind: "send" }, { settings: null, now }).nextState;
        const healed = planWith(snapshot, owed, { kind: "open" }, { now });
        const direct = planWith(snapshot, state, { kind: "send" }, { now });
        expect(healed.operations).toEqual(direct.operations);
      }),
      RUNS,
    );
  });
});
