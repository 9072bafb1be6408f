import { describe, expect, test } from "@jest/globals";
import { runSync } from "../../src/sync/runSync";
import { updatePreferences } from "../../src/sync/updatePreferences";
import { createHarness } from "../support/fakes";

const SENT = { isNew: false, itemId: "item-1" };

describe("the user's per-meeting choices", () => {
  test("choosing never on a new meeting withdraws the add on send and beats the firm rule", async () => {
    const h = createHarness();
    await runSync({ kind: "add" }, h.deps);
    const state = await updatePreferences(h.deps, { mode: "never" });
    expect(state).toMatchObject({ mode: "never", addRequested: false });
    const sent = await runSync({ kind: "send" }, h.deps);
    expect(sent.status).toBe("ineligible");
    expect(h.api.callsOf("upsertMeeting")).toHaveLength(0);
  });

  test("manual mode keeps the firm rule from adding the meeting on send", async () => {
    const h = createHarness();
    await updatePreferences(h.deps, { mode: "manual" });
    const sent = await runSync({ kind: "send" }, h.deps);
    expect(sent.autoAdd).toMatchObject({
      add: false,
      explanation: "Not added automatically: this meeting is set to manual.",
    });
    expect(h.api.callsOf("upsertMeeting")).toHaveLength(0);
  });

  test("changing visibility of a synced meeting sends it to InterAction", async () => {
    const h = createHarness({ snapshot: SENT });
    await runSync({ kind: "add" }, h.deps);
    const state = await updatePreferences(h.deps, {
      visibility: { groupId: "g-litigation" },
      activityTypeId: "at-call",
    });
    expect(state).toMatchObject({ revision: 2, deliveredRevision: 2, visibility: { groupId: "g-litigation" } });
    expect(h.api.stored(state.syncKey as string)).toMatchObject({
      visibility: { groupId: "g-litigation" },
      activityTypeId: "at-call",
    });
  });

  test("choices on a meeting not yet added are only remembered, for when it is added", async () => {
    const h = createHarness({ snapshot: SENT, settings: { autoAddContactTypeIds: [] } });
    await updatePreferences(h.deps, { visibility: "onlyMe" });
    expect(h.api.callsOf("upsertMeeting")).toHaveLength(0);
    await runSync({ kind: "add" }, h.deps);
    expect(h.api.stored(h.stateStore.state?.syncKey as string)?.visibility).toBe("onlyMe");
  });

  test("never on a synced meeting stops syncing; choosing automatic again resumes it", async () => {
    const h = createHarness({ snapshot: SENT });
    await runSync({ kind: "add" }, h.deps);
    await updatePreferences(h.deps, { mode: "never" });
    h.item.update({ subject: "Changed while never" });
    const stopped = await runSync({ kind: "open" }, h.deps);
    expect(stopped.status).toBe("stopped");
    expect(h.api.appliedWrites).toBe(1);
    await updatePreferences(h.deps, { mode: "automatic" });
    expect(h.api.stored(h.stateStore.state?.syncKey as string)?.subject).toBe("Changed while never");
  });
});
