// The handlers wired for real (createSyncDeps: Office adapters over a fake Outlook, the typed client, dev tokens,
// runSync) against an in-process InterAction sandbox: what each Outlook entry point does to InterAction.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSandbox } from "../../dev/sandbox/server";
import { createCommandHandlers, type CompletableEvent } from "../../src/commands/handlers";
import { createSyncDeps } from "../../src/compose";
import { messages } from "../../src/core/messages";
import { memoryStorage } from "../../src/office/storage";
import { PROPERTY_NAME, decodeState } from "../../src/office/stateCodec";
import { runSync } from "../../src/sync/runSync";
import type { KeyValueStorage } from "../../src/sync/ports";
import { createFakeOutlook, type FakeOutlookOptions } from "../support/fakeOutlook";

let sandbox: { url: string; close(): Promise<void> };
let dir = "";

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ia-flows-"));
  sandbox = await startSandbox({ port: 0, dbFile: path.join(dir, "sandbox.db"), seed: "demo", controls: true });
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await fetch(`${sandbox.url}/__sandbox/reset`, { method: "POST" });
});

const writes = async () => {
  const { items } = (await (await fetch(`${sandbox.url}/__sandbox/requests`)).json()) as {
    items: { method: string; path: string; status: number }[];
  };
  return items.filter((r) => r.method === "PUT" && r.path.startsWith("/api/v1/meetings/"));
};

function outlookWith(options: FakeOutlookOptions, storage: KeyValueStorage = memoryStorage()) {
  const outlook = createFakeOutlook(options);
  const handlers = createCommandHandlers({
    deps: async () =>
      createSyncDeps({
        config: { apiBaseUrl: sandbox.url, auth: { mode: "dev" } },
        office: outlook.office,
        storage,
        runtime: "event",
      }),
    runSync,
  });
  const fire = (name: keyof typeof handlers) =>
    new Promise<unknown>((resolve) => {
      const event: CompletableEvent = { completed: (o?: unknown) => resolve(o ?? "completed") };
      void handlers[name](event);
    });
  const state = () => {
    outlook.commit();
    return decodeState(outlook.storedProperties()[PROPERTY_NAME]);
  };
  const notices = () => [...outlook.notifications.values()].map((n) => n.message);
  return { outlook, fire, state, notices, storage };
}

describe("what each Outlook entry point does to InterAction", () => {
  it('"Add to InterAction" on a new, unsent meeting only marks it: a discarded meeting never reaches InterAction', async () => {
    const { outlook, fire, notices } = outlookWith({ meeting: { mode: "compose", itemId: undefined } });
    expect(await fire("addToInterAction")).toBe("completed");
    expect(await writes()).toHaveLength(0);
    expect(notices()).toContain("This meeting will be added to InterAction when you send it.");
    outlook.discard();
    expect(outlook.storedProperties()).toEqual({});
    expect(await writes()).toHaveLength(0);
  });

  it("marked to add, the meeting is written once when it is sent", async () => {
    const storage = memoryStorage();
    const { fire, state } = outlookWith(
      {
        meeting: {
          mode: "compose",
          itemId: undefined,
          requiredAttendees: [{ emailAddress: "erin@globex.example", displayName: "Erin" }],
        },
      },
      storage,
    );
    await fire("addToInterAction");
    expect(await fire("onAppointmentSend")).toEqual({ allowEvent: true });
    expect((await writes()).map((w) => w.status)).toEqual([201]);
    expect(state()).toMatchObject({ revision: 1, deliveredRevision: 1, addedBy: "organizer" });
  });

  it("change events never write the form's uncommitted values", async () => {
    const { fire } = outlookWith({ meeting: { mode: "compose", itemId: "AAMkSaved" } });
    for (const name of [
      "onAppointmentTimeChanged",
      "onAppointmentAttendeesChanged",
      "onAppointmentRecurrenceChanged",
      "onAppointmentAttachmentsChanged",
    ] as const) {
      expect(await fire(name)).toBe("completed");
    }
    expect(await writes()).toHaveLength(0);
  });

  it("a meeting without a Top Client attendee that nobody added is sent without touching InterAction", async () => {
    const { fire } = outlookWith({
      meeting: {
        mode: "compose",
        itemId: undefined,
        requiredAttendees: [{ emailAddress: "erin@globex.example", displayName: "Erin" }],
      },
    });
    expect(await fire("onAppointmentSend")).toEqual({ allowEvent: true });
    expect(await writes()).toHaveLength(0);
  });

  it("a private meeting is refused with the reason, and nothing is written", async () => {
    const { fire, notices } = outlookWith({ meeting: { mode: "compose", itemId: "AAMk1", sensitivity: "private" } });
    await fire("addToInterAction");
    expect(notices().join(" ")).toContain("Private meetings can't be added to InterAction.");
    expect(await writes()).toHaveLength(0);
  });

  it("an existing meeting added from the ribbon is written at once", async () => {
    const { fire, state, notices } = outlookWith({ meeting: { mode: "compose", itemId: "AAMkExisting" } });
    await fire("addToInterAction");
    expect((await writes()).map((w) => w.status)).toEqual([201]);
    expect(state()).toMatchObject({ revision: 1, deliveredRevision: 1 });
    expect(notices().join(" ")).toMatch(/Added to InterAction/);
  });

  it("adding an existing meeting, closing the form without saving, and adding it again creates no duplicate", async () => {
    const storage = memoryStorage();
    const first = outlookWith({ meeting: { mode: "compose", itemId: "AAMkUnsaved" } }, storage);
    await first.fire("addToInterAction");
    first.outlook.discard();
    const again = outlookWith({ meeting: { mode: "compose", itemId: "AAMkUnsaved" } }, storage);
    await again.fire("addToInterAction");
    const puts = await writes();
    expect(puts.map((w) => w.status)).toEqual([201]);
    expect(again.state()).toMatchObject({ revision: 1, deliveredRevision: 1 });
  });

  it("an attendee who accepted an outside meeting adds it from the read view", async () => {
    const { fire, outlook } = outlookWith({
      user: { emailAddress: "bob@firm.example", displayName: "Bob" },
      meeting: {
        mode: "read",
        itemId: "AAMkInvite",
        requiredAttendees: [{ emailAddress: "bob@firm.example", displayName: "Bob", appointmentResponse: "accepted" }],
      },
    });
    await fire("addToInterAction");
    expect((await writes()).map((w) => w.status)).toEqual([201]);
    // Read mode: the state is on the item at once, without the add-in saving the meeting.
    expect(decodeState(outlook.storedProperties()[PROPERTY_NAME])).toMatchObject({ addedBy: "attendee", revision: 1 });
  });

  it("an attendee invited through a distribution list (not in Outlook's attendee list) may add it, told why to check", async () => {
    const { fire, notices } = outlookWith({
      user: { emailAddress: "bob@firm.example", displayName: "Bob" },
      meeting: {
        mode: "read",
        itemId: "AAMkViaList",
        requiredAttendees: [
          { emailAddress: "carol@acme.example", displayName: "Carol Chen", appointmentResponse: "organizer" },
          { emailAddress: "pricing-team@firm.example", displayName: "Pricing team", appointmentResponse: "none" },
        ],
      },
    });
    await fire("addToInterAction");
    expect((await writes()).map((w) => w.status)).toEqual([201]);
    expect(notices()).toContain(messages.attendee.responseUnknown);
  });

  it("an attendee listed in Outlook who has not answered is still refused, and told what to do", async () => {
    const { fire, notices } = outlookWith({
      user: { emailAddress: "bob@firm.example", displayName: "Bob" },
      meeting: {
        mode: "read",
        itemId: "AAMkUnanswered",
        requiredAttendees: [{ emailAddress: "bob@firm.example", displayName: "Bob", appointmentResponse: "none" }],
      },
    });
    await fire("addToInterAction");
    expect(await writes()).toHaveLength(0);
    expect(notices()).toContain(messages.eligibility.notAccepted);
  });

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
