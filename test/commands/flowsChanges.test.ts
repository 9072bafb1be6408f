// The handlers wired for real against an in-process InterAction sandbox (flowsSandbox.ts): what each Outlook entry
// point does to InterAction after a meeting was added (changes saved elsewhere, series, cancellations, documents).
import { createSyncDeps } from "../../src/compose";
import { memoryStorage } from "../../src/office/storage";
import { runSync } from "../../src/sync/runSync";
import { createFakeOutlook } from "../support/fakeOutlook";
import { useFlowsSandbox } from "./flowsSandbox";
const { sandbox, writes, outlookWith } = useFlowsSandbox();

describe("what each Outlook entry point does to InterAction", () => {
  it("opening a synced meeting whose time was changed and saved elsewhere reconciles it: one update", async () => {
    const first = outlookWith({ meeting: { mode: "compose", itemId: "AAMkMoved" } });
    await first.fire("addToInterAction");
    first.outlook.commit(); // the organizer saves the form
    const saved = first.outlook.storedProperties();
    const moved = outlookWith({
      meeting: {
        mode: "compose",
        itemId: "AAMkMoved",
        start: new Date("2030-03-05T15:00:00.000Z"),
        end: new Date("2030-03-05T16:00:00.000Z"),
      },
      customProperties: saved,
    });
    expect(await moved.fire("onAppointmentOrganizer")).toBe("completed");
    expect((await writes()).map((w) => w.status)).toEqual([201, 200]);
    expect(moved.state()).toMatchObject({ revision: 2, deliveredRevision: 2 });
    // Opening it again with nothing new writes nothing.
    const again = outlookWith({
      meeting: {
        mode: "compose",
        itemId: "AAMkMoved",
        start: new Date("2030-03-05T15:00:00.000Z"),
        end: new Date("2030-03-05T16:00:00.000Z"),
      },
      customProperties: moved.outlook.storedProperties(),
    });
    await again.fire("onAppointmentOrganizer");
    expect(await writes()).toHaveLength(2);
  });

  it("classic Outlook's Send Cancellation of a meeting that never reached InterAction keeps it out, even with a Top Client attendee", async () => {
    const { fire } = outlookWith({
      meeting: { mode: "compose", itemId: "AAMkNeverAdded", subject: "Canceled: Acme strategy review" },
    });
    expect(await fire("onAppointmentSend")).toEqual({ allowEvent: true });
    expect(await writes()).toHaveLength(0);
  });

  it("the same from a classic Outlook in German (Abgesagt:) is kept out too", async () => {
    const { fire, state } = outlookWith({
      meeting: { mode: "compose", itemId: "AAMkNeverAddedDe", subject: "Abgesagt: Acme strategy review" },
    });
    expect(await fire("onAppointmentSend")).toEqual({ allowEvent: true });
    expect(await writes()).toHaveLength(0);
    expect(state()?.syncKey).toBeUndefined();
  });

  it("a cancelled meeting that reaches runSync as an ordinary send (no cancel mapping) is never auto-added", async () => {
    const outlook = createFakeOutlook({
      meeting: { mode: "compose", itemId: "AAMkPlainSend", subject: "Canceled: Acme strategy review" },
    });
    const deps = createSyncDeps({
      config: { apiBaseUrl: sandbox.url, auth: { mode: "dev" } },
      office: outlook.office,
      storage: memoryStorage(),
      runtime: "event",
    });
    const outcome = await runSync({ kind: "send" }, deps);
    expect(outcome.autoAdd?.add).not.toBe(true);
    expect(await writes()).toHaveLength(0);
  });

  it("the same Top Client meeting sent normally is auto-added (the rules above are what kept the cancellations out)", async () => {
    const { fire } = outlookWith({ meeting: { mode: "compose", itemId: "AAMkSentNormally" } });
    expect(await fire("onAppointmentSend")).toEqual({ allowEvent: true });
    expect((await writes()).map((w) => w.status)).toEqual([201]);
  });

  it("turning a synced meeting into a series explains that sync stops, and writes nothing", async () => {
    const first = outlookWith({ meeting: { mode: "compose", itemId: "AAMkSeries" } });
    await first.fire("addToInterAction");
    first.outlook.commit();
    const recurring = outlookWith({
      meeting: { mode: "compose", itemId: "AAMkSeries", recurrence: { recurrenceType: "weekly" } },
      customProperties: first.outlook.storedProperties(),
    });
    expect(await recurring.fire("onAppointmentRecurrenceChanged")).toBe("completed");
    expect(recurring.notices().join(" ")).toMatch(/now recurring, so it no longer syncs/);
    expect(await writes()).toHaveLength(1);
  });

  it("a new meeting form opening writes nothing", async () => {
    const { fire } = outlookWith({ meeting: { mode: "compose", itemId: undefined } });
    expect(await fire("onNewAppointmentOrganizer")).toBe("completed");
    expect(await writes()).toHaveLength(0);
  });

  it("cancelling a synced meeting marks it cancelled in InterAction", async () => {
    const first = outlookWith({ meeting: { mode: "compose", itemId: "AAMkCancel" } });
    await first.fire("addToInterAction");
    first.outlook.commit();
    const cancel = outlookWith({
      meeting: { mode: "compose", itemId: "AAMkCancel", subject: "Canceled: Acme strategy review" },
      customProperties: first.outlook.storedProperties(),
    });
    expect(await cancel.fire("onAppointmentSend")).toEqual({ allowEvent: true });
    expect((await writes()).map((w) => w.status)).toEqual([201, 200]);
    expect(cancel.state()).toMatchObject({ cancelled: true });
  });

  it("documents attached to a synced meeting are uploaded on send", async () => {
    const first = outlookWith({ meeting: { mode: "compose", itemId: "AAMkDocs" } });
    await first.fire("addToInterAction");
    first.outlook.commit();
    const withDoc = outlookWith({
      meeting: {
        mode: "compose",
        itemId: "AAMkDocs",
        attachments: [{ id: "att-1", name: "Agenda.txt", size: 5, base64: "aGVsbG8=" }],
      },
      customProperties: first.outlook.storedProperties(),
    });
    await withDoc.fire("onAppointmentSend");
    const docWrites = (await writes()).filter((w) => w.path.includes("/documents/"));
    expect(docWrites).toHaveLength(1);
    expect(docWrites[0]?.status).toBeLessThan(300);
  });
});
