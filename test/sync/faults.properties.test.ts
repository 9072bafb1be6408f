// Randomized fault schedules against the whole runSync pipeline: whatever InterAction, the network and the storage do
// in between, once they recover InterAction holds exactly what Outlook committed, once, with revisions in order.
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { documentKeyOf } from "../../src/core/fingerprint";
import type { MeetingSnapshot } from "../../src/core/meeting";
import { normalizeSnapshot } from "../../src/core/normalize";
import { payloadAttendees } from "../../src/core/payload";
import type { InterActionErrorCode } from "../../src/sync/errors";
import { runSync } from "../../src/sync/runSync";
import { OUTBOX_KEY } from "../../src/sync/storageOutbox";
import { apiError, createHarness } from "../support/fakes";

type Edit = Partial<
  Pick<MeetingSnapshot, "subject" | "location" | "notes" | "start" | "end" | "attendees" | "attachments">
>;
const HOUR = 3_600_000;

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.string({ maxLength: 12 }).map((subject) => ({ subject })),
  fc.string({ maxLength: 8 }).map((location) => ({ location })),
  fc.string({ maxLength: 20 }).map((notes) => ({ notes })),
  fc.integer({ min: 1, max: 20 }).map((days) => {
    const start = Date.parse("2026-11-26T10:00:00.000Z") + days * 24 * HOUR;
    return { start: new Date(start).toISOString(), end: new Date(start + HOUR).toISOString() };
  }),
  fc.subarray(["carol@acme.example", "erin@globex.example", "bob@firm.example", "zoe@other.example"]).map((emails) => ({
    attendees: emails.map((email) => ({ email, name: email, type: "required" as const, response: "none" as const })),
  })),
  fc.subarray(["Contract.pdf", "Minutes.docx", "Deck.pptx"]).map((names) => ({
    attachments: names.map((name, i) => ({
      id: `att-${name}`,
      name,
      size: 100 + i,
      contentType: "application/octet-stream",
      isInline: false,
      kind: "file" as const,
    })),
  })),
);

const faultArb = fc.record({
  code: fc.constantFrom<InterActionErrorCode>("server", "network", "timeout", "rateLimited", "badResponse"),
  times: fc.integer({ min: 1, max: 4 }),
  afterApply: fc.boolean(),
  retryAfterMs: fc.option(fc.integer({ min: 0, max: 5 * 60_000 }), { nil: undefined }),
});

const stepArb = fc.record({
  edit: fc.option(editArb, { nil: undefined }),
  trigger: fc.constantFrom("send", "open", "refresh", "retry", "change") as fc.Arbitrary<
    "send" | "open" | "refresh" | "retry" | "change"
  >,
  fault: fc.option(faultArb, { freq: 2, nil: undefined }),
  /** 0: InterAction stops answering for one call (the run must still end at its deadline). */
  hang: fc.integer({ min: 0, max: 7 }),
  advanceMs: fc.integer({ min: 0, max: 10 * 60_000 }),
  /** 0: the runtime's storage refuses the next writes. */
  storageFull: fc.integer({ min: 0, max: 9 }),
  /** 0: the outbox is lost (storage cleared, another device). */
  lose: fc.integer({ min: 0, max: 9 }),
});

describe("nothing lost, nothing duplicated", () => {
  test("after any fault schedule, InterAction equals the committed Outlook meeting", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 10 }), async (steps) => {
        const h = createHarness({ snapshot: { isNew: false, itemId: "item-1" } });
        await runSync({ kind: "add" }, h.deps);
        let committed = normalizeSnapshot(h.item.snapshot);
        let uncommitted = false;
        for (const step of steps) {
          if (step.edit) {
            h.item.update(step.edit);
            uncommitted = true;
          }
          if (step.fault) {
            const error = () => apiError(step.fault?.code ?? "server", undefined, step.fault?.retryAfterMs);
            if (step.fault.afterApply) h.api.failAfterApply("upsertMeeting", error(), step.fault.times);
            else h.api.fail("*", error, step.fault.times);
          }
          if (step.hang === 0) h.api.hang("*");
          if (step.storageFull === 0) h.storage.failWrites = 3;
          if (step.lose === 0) h.storage.data.delete(OUTBOX_KEY);
          const trigger = step.trigger;
          if (trigger === "change") await runSync({ kind: "change", what: "attendees" }, h.deps, { deadlineMs: 25 });
          else await runSync({ kind: trigger }, h.deps, { deadlineMs: 25 });
          h.api.releaseHangs();
          // send commits the form; open reads what was saved (the user saved and reopened).
          if (trigger === "send" || trigger === "open") {
            committed = normalizeSnapshot(h.item.snapshot);
            uncommitted = false;
          }
          h.clock.advance(step.advanceMs);
        }
        // Recovery: InterAction is back; the user sends whatever is in the form, then time passes and the pane opens.
        h.api.clearFaults();
        h.storage.failWrites = 0;
        if (uncommitted) {
          await runSync({ kind: "send" }, h.deps);
          committed = normalizeSnapshot(h.item.snapshot);
        }
        h.clock.advance(2 * HOUR);
        await runSync({ kind: "open" }, h.deps);
        await runSync({ kind: "refresh" }, h.deps);

        expect(h.api.meetings.size).toBe(1);
        const syncKey = h.stateStore.state?.syncKey as string;
        const stored = h.api.stored(syncKey);
        expect(stored).toMatchObject({
          subject: committed.subject,
          location: committed.location,
          notes: committed.notes,
          start: committed.start,
          end: committed.end,
        });
        const byEmail = (xs: { email: string }[]) => [...xs].sort((a, b) => a.email.localeCompare(b.email));
        expect(byEmail(stored?.attendees ?? [])).toEqual(byEmail(payloadAttendees(committed.attendees)));
        const revisions = h.api.appliedRevisions.get(syncKey) ?? [];
        for (let i = 1; i < revisions.length; i++) expect(revisions[i]).toBeGreaterThan(revisions[i - 1] as number);
        expect(h.stateStore.state?.deliveredRevision).toBe(h.stateStore.state?.revision);
        const documents = [...(h.api.documents.get(syncKey)?.keys() ?? [])];
        for (const a of committed.attachments) expect(documents).toContain(documentKeyOf(a));
        expect(await h.outbox.load()).toEqual([]);
      }),
      { numRuns: 120, seed: 20261125 },
    );
  }, 60_000);
});
