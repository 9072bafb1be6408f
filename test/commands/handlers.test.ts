// The command handlers: every launch event and the ribbon button run the sync use-case and complete the event; the
// Add button, change events, and completing an event once. Sending is in sendHandler.test.ts.
import type { SyncTrigger } from "../../src/core/trigger";
import { completeOnce, createCommandHandlers, HANDLER_NAMES, messages } from "../../src/commands/handlers";
import { notificationKey } from "../../src/office/notifier";
import { event, outcome, setup } from "./handlerHarness";

describe("every launch event and the ribbon button run the sync use-case and complete the event", () => {
  const cases: [keyof ReturnType<typeof createCommandHandlers>, SyncTrigger][] = [
    ["addToInterAction", { kind: "add" }],
    ["onNewAppointmentOrganizer", { kind: "open" }],
    ["onAppointmentOrganizer", { kind: "open" }],
    ["onAppointmentTimeChanged", { kind: "change", what: "time" }],
    ["onAppointmentAttendeesChanged", { kind: "change", what: "attendees" }],
    ["onAppointmentRecurrenceChanged", { kind: "change", what: "recurrence" }],
    ["onAppointmentAttachmentsChanged", { kind: "change", what: "attachments" }],
    ["onAppointmentSend", { kind: "send" }],
  ];

  it.each(cases)("%s runs %j and completes exactly once", async (name, trigger) => {
    const { handlers, triggers } = setup(async () => outcome());
    const e = event();
    await handlers[name](e);
    expect(triggers.map((t) => t.trigger)).toEqual([trigger]);
    expect(e.completions).toEqual([name === "onAppointmentSend" ? { allowEvent: true } : "completed"]);
  });

  it("names every handler the manifest needs", () => {
    expect([...HANDLER_NAMES].sort()).toEqual(cases.map(([n]) => n).sort());
  });
});

describe('the "Add to InterAction" button', () => {
  it("a refused meeting is explained when the use-case did not say why", async () => {
    const { handlers, outlook } = setup(async () =>
      outcome({
        status: "ineligible",
        eligibility: { eligible: false, reason: "private", message: "Private meetings can't be added to InterAction." },
      }),
    );
    await handlers.addToInterAction(event());
    expect(outlook.notifications.get(notificationKey("eligibility"))?.message).toBe(
      "Private meetings can't be added to InterAction.",
    );
  });

  it("a failure is reported as a notification and the button's event completes", async () => {
    const { handlers, outlook } = setup(async () => {
      throw new Error("network");
    });
    const e = event();
    await handlers.addToInterAction(e);
    expect(e.completions).toEqual(["completed"]);
    expect(outlook.notifications.get(notificationKey("sync"))?.message).toBe(messages.addFailed);
  });
});

describe("change events", () => {
  it("stay quiet when the use-case has nothing to add and never report a failure as an alarm", async () => {
    const { handlers, outlook } = setup(async () => {
      throw new Error("storage");
    });
    const e = event();
    await handlers.onAppointmentTimeChanged(e);
    expect(e.completions).toEqual(["completed"]);
    expect(outlook.notifications.size).toBe(0);
  });
});

describe("completing an event", () => {
  it("happens once even if the watchdog and the work both finish, and a throwing host is contained", () => {
    const e = event();
    const complete = completeOnce(e);
    expect(complete({ allowEvent: true })).toBe(true);
    expect(complete({ allowEvent: true })).toBe(false);
    expect(e.completions).toHaveLength(1);
    const broken = completeOnce({
      completed: () => {
        throw new Error("event already completed");
      },
    });
    expect(() => broken()).not.toThrow();
  });
});
