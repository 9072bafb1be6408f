// runSync: adding a meeting, the firm rules on send, and change events that stay instant.
import { describe, expect, test } from "@jest/globals";
import { runSync } from "../../src/sync/runSync";
import { apiError, createHarness, ERIN, externalInvitation } from "../support/fakes";
const SENT = { isNew: false, itemId: "item-1" };

const SENT_MEETING = { isNew: false, itemId: "item-1" };
const addedHarness = async (options: Parameters<typeof createHarness>[0] = {}) => {
  const h = createHarness({ snapshot: SENT_MEETING, settings: { autoAddContactTypeIds: [] }, ...options });
  await runSync({ kind: "add" }, h.deps);
  return h;
};

describe("adding a meeting", () => {
  test("a new meeting the user adds is only marked and reaches InterAction when it is sent", async () => {
    const h = createHarness();
    const added = await runSync({ kind: "add" }, h.deps);
    expect(added.status).toBe("willAddOnSend");
    expect(added.notice?.message).toMatch(/when you send it/);
    expect(h.api.callsOf("upsertMeeting")).toHaveLength(0);

    const sent = await runSync({ kind: "send" }, h.deps);
    expect(sent.status).toBe("synced");
    expect(sent.delivered).toBe(1);
    expect(sent.queued).toBe(0);
    expect(sent.record?.kind).toBe("appointment");
    const syncKey = h.stateStore.state?.syncKey as string;
    expect(h.api.stored(syncKey)?.subject).toBe("Acme quarterly review");
    expect(h.stateStore.state).toMatchObject({ revision: 1, deliveredRevision: 1, addedBy: "organizer" });
  });

  test("a new meeting that is discarded after Add never reaches InterAction", async () => {
    const h = createHarness({ settings: { autoAddContactTypeIds: [] } });
    await runSync({ kind: "add" }, h.deps);
    await runSync({ kind: "change", what: "time" }, h.deps);
    expect(h.api.callsOf("upsertMeeting")).toHaveLength(0);
  });

  test("an existing meeting is added at once", async () => {
    const h = createHarness({ snapshot: SENT, settings: { autoAddContactTypeIds: [] } });
    const outcome = await runSync({ kind: "add" }, h.deps);
    expect(outcome.status).toBe("synced");
    expect(outcome.notice).toMatchObject({ kind: "success", message: "Added to InterAction." });
    expect(h.api.appliedWrites).toBe(1);
  });

  test("an accepted meeting from outside the firm can be added by an attendee", async () => {
    const h = createHarness({ snapshot: externalInvitation(), settings: { autoAddContactTypeIds: [] } });
    h.api.callerEmail = "alice@firm.example";
    const outcome = await runSync({ kind: "add" }, h.deps);
    expect(outcome.status).toBe("synced");
    const syncKey = h.stateStore.state?.syncKey as string;
    expect(h.api.stored(syncKey)?.source).toMatchObject({ organizerEmail: ERIN.email, addedBy: "attendee" });
  });

  test("a recurring meeting is refused with the reason", async () => {
    const h = createHarness({ snapshot: { ...SENT, isRecurring: true } });
    const outcome = await runSync({ kind: "add" }, h.deps);
    expect(outcome.status).toBe("ineligible");
    expect(outcome.eligibility).toMatchObject({ eligible: false, reason: "recurring" });
    expect(h.notifier.last?.message).toBe("Recurring meetings can't be added to InterAction.");
    expect(h.api.callsOf("upsertMeeting")).toHaveLength(0);
  });
});

describe("firm rules on send", () => {
  test("a meeting with a Top Client's employee is added on send, with the reason", async () => {
    const h = createHarness();
    const outcome = await runSync({ kind: "send" }, h.deps);
    expect(outcome.autoAdd?.add).toBe(true);
    expect(outcome.autoAdd?.explanation).toBe(
      "Added because carol@acme.example works for Acme Corporation, a Top Client.",
    );
    expect(outcome.status).toBe("synced");
    expect(h.notifier.last?.message).toMatch(/Acme Corporation, a Top Client/);
  });

  test("a meeting without matching attendees is not added on send", async () => {
    const h = createHarness({ snapshot: { attendees: [{ ...ERIN, type: "required", response: "none" }] } });
    const outcome = await runSync({ kind: "send" }, h.deps);
    expect(outcome.autoAdd?.add).toBe(false);
    expect(outcome.status).toBe("notAdded");
    expect(h.api.callsOf("upsertMeeting")).toHaveLength(0);
  });

  test("when InterAction is down at send, an explicitly added meeting is queued and the send goes on", async () => {
    const h = createHarness();
    await runSync({ kind: "add" }, h.deps);
    h.api.fail("*", apiError("server"), 100);
    const outcome = await runSync({ kind: "send" }, h.deps);
    expect(outcome.status).toBe("pending");
    expect(outcome.queued).toBe(1);
    expect(outcome.notice?.kind).toBe("warning");
    expect(outcome.notice?.message).toMatch(/retried automatically|sent automatically/);
    h.api.clearFaults();
    h.clock.advance(60 * 60 * 1000);
    h.item.update(SENT);
    const later = await runSync({ kind: "open" }, h.deps);
    expect(later.status).toBe("synced");
    expect(h.api.appliedWrites).toBe(1);
  });

  test("a hanging InterAction never holds the send past the deadline", async () => {
    const h = createHarness();
    await runSync({ kind: "add" }, h.deps);
    h.api.hang("upsertMeeting");
    const outcome = await runSync({ kind: "send" }, h.deps, { deadlineMs: 30 });
    expect(outcome.status).toBe("pending");
    expect(outcome.queued).toBe(1);
    h.api.releaseHangs();
  });
});

describe("change events stay instant", () => {
  test("a change event uses the cached settings, however old, and never asks InterAction", async () => {
    const h = await addedHarness();
    h.clock.advance(24 * 60 * 60 * 1000);
    h.api.hang("*", 10);
    const calls = h.api.calls.length;
    const outcome = await runSync({ kind: "change", what: "attendees" }, h.deps);
    expect(outcome.status).toBe("pending");
    expect(h.api.calls.length).toBe(calls);
    h.api.releaseHangs();
  });
});
