import { describe, expect, test } from "@jest/globals";
import { loadMeetingView } from "../../src/sync/loadMeetingView";
import { runSync } from "../../src/sync/runSync";
import { apiError, createHarness, externalInvitation } from "../support/fakes";

const SENT = { isNew: false, itemId: "item-1" };
const pdf = {
  id: "a1",
  name: "Contract.pdf",
  size: 20,
  contentType: "application/pdf",
  isInline: false,
  kind: "file" as const,
};
const logo = { id: "a2", name: "logo.png", size: 5, contentType: "image/png", isInline: true, kind: "file" as const };

describe("what the task pane shows", () => {
  test("a new meeting the firm rule adds shows 'will be added on send', the rule's verdict and the defaults", async () => {
    const h = createHarness();
    const view = await loadMeetingView(h.deps);
    expect(view.status).toBe("willAddOnSend");
    expect(view.eligibility).toEqual({ eligible: true });
    expect(view.autoAdd?.explanation).toBe(
      "Added because carol@acme.example works for Acme Corporation, a Top Client.",
    );
    expect(view.settings?.defaultActivityTypeId).toBe("at-meeting");
    expect(view.activityTypes.map((t) => t.id)).toEqual(["at-meeting", "at-call"]);
    expect(view.record).toBeNull();
  });

  test("a new meeting the rules don't add (manual mode) is not added", async () => {
    const h = createHarness();
    h.stateStore.state = {
      v: 1,
      mode: "manual",
      addRequested: false,
      revision: 0,
      documents: {},
      pendingChanges: false,
    };
    const view = await loadMeetingView(h.deps);
    expect(view.autoAdd?.add).toBe(false);
    expect(view.status).toBe("notAdded");
  });

  test("a synced meeting shows InterAction's record, documents and history", async () => {
    const h = createHarness({ snapshot: { ...SENT, attachments: [pdf, logo] } });
    await runSync({ kind: "add" }, h.deps);
    const view = await loadMeetingView(h.deps);
    expect(view.status).toBe("synced");
    expect(view.record?.contacts.map((c) => c.email)).toEqual(["carol@acme.example"]);
    expect(view.record?.companies.map((c) => c.name)).toEqual(["Acme Corporation"]);
    expect(view.documents.map((d) => [d.name, d.state])).toEqual([
      ["Contract.pdf", "uploaded"],
      ["logo.png", "notSynced"],
    ]);
    expect(view.history.map((e) => e.result)).toEqual(["delivered", "delivered"]);
    expect(view.notice).toBeNull();
  });

  test("a refused upload shows as failed with its reason, and the meeting as error", async () => {
    const h = createHarness({ snapshot: { ...SENT, attachments: [pdf] } });
    h.api.fail("uploadDocument", apiError("tooLarge", "The file is larger than InterAction accepts."));
    await runSync({ kind: "add" }, h.deps);
    const view = await loadMeetingView(h.deps);
    expect(view.documents[0]).toMatchObject({ state: "failed", error: "The file is larger than InterAction accepts." });
    expect(view.outbox).toHaveLength(1);
    expect(view.status).toBe("error");
    expect(view.notice?.message).toMatch(/larger than InterAction accepts/);
  });

  test("an ineligible meeting shows the reason in plain words", async () => {
    const h = createHarness({ snapshot: externalInvitation({ userResponse: "none" }) });
    const view = await loadMeetingView(h.deps);
    expect(view.status).toBe("ineligible");
    expect(view.notice?.message).toBe("Accept or tentatively accept this meeting before adding it to InterAction.");
  });

  test("with InterAction down the view still loads from what the item and cache know", async () => {
    const h = createHarness({ snapshot: SENT });
    await runSync({ kind: "add" }, h.deps);
    h.api.fail("*", apiError("network", "InterAction can't be reached."), 10);
    const view = await loadMeetingView(h.deps);
    expect(view.status).toBe("synced");
    expect(view.record).toBeNull();
    expect(view.error).toEqual({ message: "InterAction can't be reached.", retryable: true });
  });

  test("a delivery confirmed elsewhere is recognised from InterAction's record", async () => {
    const h = createHarness({ snapshot: SENT });
    await runSync({ kind: "add" }, h.deps);
    h.stateStore.state = { ...(h.stateStore.state as NonNullable<typeof h.stateStore.state>), deliveredRevision: 0 };
    const view = await loadMeetingView(h.deps);
    expect(view.status).toBe("synced");
    expect(h.stateStore.state?.deliveredRevision).toBe(1);
  });

  test("an auto-added meeting keeps explaining why it was added", async () => {
    const h = createHarness();
    await runSync({ kind: "send" }, h.deps);
    h.item.update(SENT);
    const view = await loadMeetingView(h.deps);
    expect(view.autoAdd).toMatchObject({ add: true, explanation: expect.stringContaining("a Top Client") });
  });

  test("only outside attendees are looked up in InterAction", async () => {
    const h = createHarness();
    await loadMeetingView(h.deps);
    expect(h.api.callsOf("lookupAttendees").map((c) => c.args[0])).toEqual([["carol@acme.example"]]);
  });

  test("an attendee who declined after adding sees that syncing stopped and why", async () => {
    const h = createHarness({ snapshot: externalInvitation() });
    await runSync({ kind: "add" }, h.deps);
    h.item.update({ userResponse: "declined" });
    const view = await loadMeetingView(h.deps);
    expect(view.status).toBe("stopped");
    expect(view.notice?.message).toMatch(/no longer attend this meeting, so it no longer syncs/);
  });
});
