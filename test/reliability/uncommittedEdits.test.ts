// Edits made in an open meeting form are not committed until the user sends (or saves) them. When the user clicks
// "Add to InterAction" after such edits and then discards them, nothing of the edits may reach InterAction — not even
// an attachment (documents are never deleted from InterAction, so a leaked file would stay there for good). Found by
// the randomized fault schedules (seed 20261150).
import { runSync } from "../../src/sync/runSync";
import { createHarness } from "../support/fakes";

const saved = { isNew: false, itemId: "AAMk-saved-1" };
const draftAttachment = {
  id: "att-1",
  name: "Draft term sheet.docx",
  size: 1200,
  contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  isInline: false,
  kind: "file" as const,
};

describe("uncommitted edits before the meeting is added", () => {
  test("an attachment added to a saved meeting, then Add, then discard: the file never reaches InterAction", async () => {
    const h = createHarness({ snapshot: saved });
    const committed = h.item.snapshot;
    h.item.update({ attachments: [draftAttachment] });
    await runSync({ kind: "change", what: "attachments" }, h.deps);
    const outcome = await runSync({ kind: "add" }, h.deps);
    expect(outcome.notice?.message).toBe("Your changes will reach InterAction when you send the update.");
    expect(h.api.callsOf("uploadDocument")).toHaveLength(0);
    // The user closes the form without sending: Outlook keeps the committed meeting; opening it reconciles.
    h.item.snapshot = committed;
    await runSync({ kind: "open" }, h.deps);
    expect(h.api.callsOf("uploadDocument")).toHaveLength(0);
    const [key] = [...h.api.meetings.keys()];
    expect(h.api.stored(key!)?.subject).toBe(committed.subject);
    expect(h.api.documents.get(key!)?.size ?? 0).toBe(0);
  });

  test("a time change on a saved meeting, then Add: the new time only reaches InterAction when it is sent", async () => {
    const h = createHarness({ snapshot: saved });
    h.item.update({ start: "2026-11-26T14:00:00.000Z", end: "2026-11-26T15:00:00.000Z" });
    await runSync({ kind: "change", what: "time" }, h.deps);
    await runSync({ kind: "add" }, h.deps);
    expect(h.api.callsOf("upsertMeeting")).toHaveLength(0);
    const sent = await runSync({ kind: "send" }, h.deps);
    expect(sent.status).toBe("synced");
    const [key] = [...h.api.meetings.keys()];
    expect(h.api.stored(key!)?.start).toBe("2026-11-26T14:00:00.000Z");
  });
});
