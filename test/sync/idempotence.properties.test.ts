// Replaying delivered operations (a retry after a lost answer, two runtimes delivering the same outbox) must leave
// InterAction exactly as delivering them once did.
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import type { MeetingSnapshot } from "../../src/core/meeting";
import type { Operation } from "../../src/core/operations";
import type { SyncState } from "../../src/core/syncState";
import { ordinarySnapshotArb } from "../core/arbitraries";
import { planWith } from "../core/planHelpers";
import { FakeInterActionApi, FixedClock } from "../support/fakes";

const editArb: fc.Arbitrary<Partial<MeetingSnapshot>> = fc.oneof(
  fc.record({ subject: fc.string({ maxLength: 10 }) }),
  fc.record({ location: fc.string({ maxLength: 10 }) }),
  fc.record({ notes: fc.string({ maxLength: 20 }) }),
  fc.constant<Partial<MeetingSnapshot>>({ attendees: [] }),
  fc.constant<Partial<MeetingSnapshot>>({
    attachments: [
      { id: "x1", name: "Extra.pdf", size: 5, contentType: "application/pdf", isInline: false, kind: "file" },
    ],
  }),
  fc.constant<Partial<MeetingSnapshot>>({ isCancelled: true }),
);

/** The operations a meeting's life produces: added, then every committed edit sent. */
const lifeOf = (first: MeetingSnapshot, edits: Partial<MeetingSnapshot>[]): Operation[] => {
  const ops: Operation[] = [];
  let snapshot: MeetingSnapshot = {
    ...first,
    isNew: false,
    itemId: "item-1",
    role: "organizer" as const,
    userResponse: "organizer" as const,
  };
  let state: SyncState | null = null;
  for (const [i, edit] of [{}, ...edits].entries()) {
    snapshot = { ...snapshot, ...edit };
    const r = planWith(snapshot, state, i === 0 ? { kind: "add" } : { kind: "send" });
    ops.push(...r.operations);
    state = r.nextState;
  }
  return ops;
};

const deliver = async (api: FakeInterActionApi, op: Operation) => {
  if (op.kind === "upsertMeeting") await api.upsertMeeting(op.syncKey, op.payload, op.idempotencyKey);
  else
    await api.uploadDocument(op.syncKey, op.documentKey, {
      name: op.name,
      contentType: op.contentType,
      base64: Buffer.from(`bytes of ${op.documentKey}`).toString("base64"),
    });
};

const finalState = (api: FakeInterActionApi) =>
  [...api.meetings.keys()].map((k) => ({
    payload: api.stored(k),
    documents: [...(api.documents.get(k)?.values() ?? [])].map((d) => [d.documentKey, d.sha256, d.id]),
  }));

describe("delivery is idempotent", () => {
  test("replaying any prefix of delivered operations leaves the same final state", async () => {
    await fc.assert(
      fc.asyncProperty(
        ordinarySnapshotArb,
        fc.array(editArb, { maxLength: 6 }),
        fc.nat(),
        async (snapshot, edits, cut) => {
          const ops = lifeOf(snapshot, edits);
          fc.pre(ops.length > 0);
          const clock = new FixedClock();
          const once = new FakeInterActionApi(clock);
          for (const op of ops) await deliver(once, op);
          const replayed = new FakeInterActionApi(clock);
          const prefix = ops.slice(0, cut % (ops.length + 1));
          for (const op of prefix) await deliver(replayed, op);
          for (const op of ops) await deliver(replayed, op);
          for (const op of prefix) await deliver(replayed, op);
          expect(finalState(replayed)).toEqual(finalState(once));
          expect(replayed.meetings.size).toBe(1);
        },
      ),
      { numRuns: 150 },
    );
  });
});
