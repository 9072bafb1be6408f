// The handlers wired for real against an in-process InterAction sandbox (flowsSandbox.ts): what each Outlook entry
// point does to InterAction when a meeting is added, by its organizer or an attendee, or refused.
import { messages } from "../../src/core/messages";
import { memoryStorage } from "../../src/office/storage";
import { PROPERTY_NAME, decodeState } from "../../src/office/stateCodec";
import { useFlowsSandbox } from "./flowsSandbox";
const { writes, outlookWith } = useFlowsSandbox();

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
});
