// Properties of the outbox queue under any interleaving of new revisions, deliveries, failures and retries.
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import type { Operation } from "../../src/core/operations";
import type { OutboxEntry } from "../../src/core/outbox";
import { dueEntries, enqueue, markFailed, removeEntry, retryNow } from "../../src/core/outboxQueue";
import { buildPayload } from "../../src/core/payload";
import { demoSettings, meetingSnapshot } from "../support/fakes";

const payload = buildPayload(meetingSnapshot(), {}, demoSettings(), 1, false);
const MEETINGS = ["m1", "m2", "m3"];

type Action =
  | { kind: "write"; meeting: number; docs: number }
  | { kind: "deliver"; pick: number }
  | { kind: "fail"; pick: number; retryable: boolean; random: number }
  | { kind: "retry" }
  | { kind: "wait"; ms: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant("write" as const), meeting: fc.nat(2), docs: fc.nat(2) }),
  fc.record({ kind: fc.constant("deliver" as const), pick: fc.nat(5) }),
  fc.record({
    kind: fc.constant("fail" as const),
    pick: fc.nat(5),
    retryable: fc.boolean(),
    random: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  }),
  fc.record({ kind: fc.constant("retry" as const) }),
  fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 20 * 60 * 1000 }) }),
);

describe("outbox properties", () => {
  test("the outbox never reorders revisions of one meeting and never loses the newest", () => {
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 60 }), (actions) => {
        let now = Date.parse("2026-11-25T09:00:00.000Z");
        let entries: OutboxEntry[] = [];
        const revision = new Map<string, number>();
        const newest = new Map<string, number>();
        const delivered = new Map<string, number[]>();
        let docCounter = 0;
        for (const action of actions) {
          const at = new Date(now);
          if (action.kind === "write") {
            const syncKey = MEETINGS[action.meeting] as string;
            const r = (revision.get(syncKey) ?? 0) + 1;
            revision.set(syncKey, r);
            newest.set(syncKey, r);
            const ops: Operation[] = [
              {
                kind: "upsertMeeting",
                idempotencyKey: `${syncKey}:r${r}`,
                syncKey,
                revision: r,
                payload: { ...payload, revision: r },
              },
            ];
            for (let i = 0; i < action.docs; i++) {
              const documentKey = `d${++docCounter}`;
              ops.push({
                kind: "uploadDocument",
                idempotencyKey: `${syncKey}:d:${documentKey}`,
                syncKey,
                documentKey,
                attachmentId: "a",
                name: "n",
                contentType: "t",
                size: 1,
              });
            }
            entries = enqueue(entries, ops, at);
          } else if (action.kind === "deliver" || action.kind === "fail") {
            const due = dueEntries(entries, at);
            const entry = due[action.pick % Math.max(1, due.length)];
            if (!entry) continue;
            if (action.kind === "deliver") {
              if (entry.op.kind === "upsertMeeting") {
                delivered.set(entry.op.syncKey, [...(delivered.get(entry.op.syncKey) ?? []), entry.op.revision]);
              }
              entries = removeEntry(entries, entry.op.idempotencyKey);
            } else {
              entries = markFailed(
                entries,
                entry.op.idempotencyKey,
                { message: "x", retryable: action.retryable },
                at,
                action.random,
              );
            }
          } else if (action.kind === "retry") {
            entries = retryNow(entries, at);
          } else {
            now += action.ms;
          }

          for (const syncKey of MEETINGS) {
            const upserts = entries.filter((e) => e.op.syncKey === syncKey && e.op.kind === "upsertMeeting");
            // One meeting write at a time in the queue: older revisions were superseded, never kept behind.
            expect(upserts.length).toBeLessThanOrEqual(1);
            const sent = delivered.get(syncKey) ?? [];
            // Delivered revisions of one meeting only go up.
            for (let i = 1; i < sent.length; i++) expect(sent[i]).toBeGreaterThan(sent[i - 1] as number);
            // The newest revision is either waiting or delivered.
            const top = newest.get(syncKey);
            if (top !== undefined) {
              const waiting = upserts.some((e) => e.op.kind === "upsertMeeting" && e.op.revision === top);
              expect(waiting || sent.includes(top)).toBe(true);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
