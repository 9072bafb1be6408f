// When Outlook cannot save the item's custom properties, the item cannot remember the sync key of a meeting being
// added. Creating the meeting anyway would let the next attempt mint another key: two meetings in InterAction for one
// Outlook meeting (found while probing the custom-property failure paths). The add waits until the item can remember.
import { messages } from "../../src/core/messages";
import { runSync } from "../../src/sync/runSync";
import { createHarness } from "../support/fakes";

describe("the item's custom properties cannot be saved", () => {
  test("Add does not create the meeting, says why, and the next Add creates exactly one", async () => {
    const h = createHarness({ snapshot: { isNew: false, itemId: "AAMk-unsaved" } });
    h.stateStore.failSaves = 1;
    const first = await runSync({ kind: "add" }, h.deps);
    expect(first.status).toBe("error");
    expect(h.notifier.last).toMatchObject({ kind: "error", message: messages.failure.itemNotSaved });
    expect(h.api.meetings.size).toBe(0);
    const second = await runSync({ kind: "add" }, h.deps);
    expect(second.status).toBe("synced");
    const third = await runSync({ kind: "add" }, h.deps);
    expect(third.status).toBe("synced");
    expect(h.api.meetings.size).toBe(1);
  });

  test("an already added meeting still delivers its update when the save fails (its key is already known)", async () => {
    const h = createHarness({ snapshot: { isNew: false, itemId: "AAMk-unsaved-2" } });
    await runSync({ kind: "add" }, h.deps);
    h.item.update({ subject: "Renamed" });
    h.stateStore.failSaves = 5;
    const sent = await runSync({ kind: "send" }, h.deps);
    expect(sent.delivered).toBe(1);
    expect(h.api.meetings.size).toBe(1);
    expect(h.api.stored([...h.api.meetings.keys()][0]!)?.subject).toBe("Renamed");
    expect(h.notifier.last?.kind).not.toBe("success");
  });
});
