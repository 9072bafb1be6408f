// Seed 76580095 of the fault schedules: the organizer edits a saved meeting (unsent), and the runtime's storage
// refuses writes; "Add" waits for the update's send, so its sync key lived only in the open form's custom properties
// (compose mode keeps them only on send or save) while this device's backup of them was refused. The user was told
// "Your changes will reach InterAction when you send the update.", closed the form without saving, and the Add was
// gone: no meeting, no state, nothing said. The REAL custom-properties store runs over a compose form here.
import { messages } from "../../src/core/messages";
import { initialSyncState } from "../../src/core/syncState";
import { createCustomPropertiesStateStore } from "../../src/office/syncStateStore";
import { runSync } from "../../src/sync/runSync";
import { createFakeOutlook } from "../support/fakeOutlook";
import { MemoryStorage } from "../support/fakeMailbox";
import { createHarness } from "../support/fakes";

const ITEM_ID = "AAMk-saved-edited";

function organizerWithUnsentEdits() {
  const h = createHarness({ snapshot: { isNew: false, itemId: ITEM_ID } });
  const backup = new MemoryStorage();
  const form = createFakeOutlook({ meeting: { mode: "compose", itemId: ITEM_ID } });
  h.deps.stateStore = createCustomPropertiesStateStore(form.mailbox, { backup });
  /** The form closed without saving, opened again: Outlook's copy, this device's backup. */
  const reopen = () => {
    form.discard();
    const again = createFakeOutlook({ meeting: { mode: "compose", itemId: ITEM_ID } });
    return createCustomPropertiesStateStore(again.mailbox, { backup }).load();
  };
  return { h, backup, reopen };
}

describe("an Add that waits for the send when only the open form can hold it", () => {
  test("the user is told it was not added (not that it follows on send), and Add again is kept", async () => {
    const { h, backup, reopen } = organizerWithUnsentEdits();
    const memo = { id: "att-1", name: "Memo.pdf", size: 10, contentType: "application/pdf", isInline: false };
    h.item.update({ attachments: [{ ...memo, kind: "file" }] });
    await runSync({ kind: "change", what: "attachments" }, h.deps);
    backup.failWrites = 1;
    const refused = await runSync({ kind: "add" }, h.deps);
    expect(refused.status).toBe("error");
    expect(h.notifier.last).toMatchObject({ kind: "error", message: messages.failure.itemNotSaved });
    expect(h.notifier.shown.map((n) => n.message)).not.toContain(messages.pending.uncommitted);
    expect(h.api.meetings.size).toBe(0);

    const kept = await runSync({ kind: "add" }, h.deps);
    expect(kept.status).not.toBe("error");
    expect(h.notifier.last).toMatchObject({ kind: "info", message: messages.pending.uncommitted });
    expect(await reopen()).toMatchObject({ addRequested: true, revision: 0, syncKey: expect.any(String) });
  });

  test("read mode saves on the server at once: a refused backup changes nothing the user is told", async () => {
    const backup = new MemoryStorage();
    const attendee = createFakeOutlook({ meeting: { mode: "read", itemId: "AAMk-read" } });
    const store = createCustomPropertiesStateStore(attendee.mailbox, { backup });
    backup.failWrites = 1;
    const kept = await store.save({ ...initialSyncState(), syncKey: "6d4773a0-a06c-4017-ae02-031c88fa4b34" });
    expect(kept).toEqual({ onlyInForm: false });
  });
});
