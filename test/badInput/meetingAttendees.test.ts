// Bad input corpus, part 1 (what users and Outlook put into meetings): attendees. Through the REAL use-case, client
// and sandbox: the exact sentence the user is told, and InterAction holds what Outlook holds.
import type { Attendee } from "../../src/core/meeting";
import { messages } from "../../src/core/messages";
import { useReliabilitySandbox } from "../support/reliabilitySandbox";
import { addMeeting, NOW } from "./support";
const box = useReliabilitySandbox({ clock: NOW });

const ADDED = messages.add.added;
const person = (email: string, name = "", type: Attendee["type"] = "required"): Attendee => ({
  email,
  name,
  type,
  response: "none",
});
const organizer: Attendee = {
  email: "alice@firm.example",
  name: "Alice Adams",
  type: "required",
  response: "organizer",
};

describe("attendees", () => {
  test("1,000 attendees are all stored", async () => {
    const many = Array.from({ length: 999 }, (_, i) => person(`guest${i}@newco.example`, `Guest ${i}`));
    const r = await addMeeting(box, { attendees: [organizer, ...many] });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.attendees).toHaveLength(1000);
  });

  test("1,500 attendees: the required ones are kept within InterAction's 1,000", async () => {
    const optional = Array.from({ length: 1200 }, (_, i) => person(`opt${i}@newco.example`, `Opt ${i}`, "optional"));
    const required = Array.from({ length: 299 }, (_, i) => person(`req${i}@newco.example`, `Req ${i}`));
    const r = await addMeeting(box, { attendees: [...optional, organizer, ...required] });
    expect(r.notifier.last?.message).toBe(
      "Added to InterAction. 500 attendees were left out: InterAction takes at most 1,000 (optional ones go first).",
    );
    expect(r.attendees).toHaveLength(1000);
    expect(r.attendees.filter((a) => a.type === "required")).toHaveLength(300);
  });

  test("invalid addresses are left out; the meeting and every valid attendee still reach InterAction", async () => {
    const r = await addMeeting(box, {
      attendees: [
        organizer,
        person("not-an-address", "Broken"),
        person("two@@at.example", "Two ats"),
        person("space in@newco.example", "Space"),
        person("x@", "No domain"),
        person("", "Empty"),
        person("carol@acme.example", "Carol Jones"),
      ],
    });
    // Five entries are dropped; three are named, the empty address under the name Outlook shows.
    expect(r.notifier.last?.message).toBe(
      "Added to InterAction. 5 attendee addresses could not be read and were left out: " +
        "not-an-address, two@@at.example, space in@newco.example.",
    );
    expect(r.attendees.map((a) => a.email).sort()).toEqual(["alice@firm.example", "carol@acme.example"]);
  });

  test("the same address twice in different spellings is one attendee, with the stronger role", async () => {
    const r = await addMeeting(box, {
      attendees: [
        organizer,
        person("Carol@Acme.Example ", "Carol", "optional"),
        { ...person("carol@acme.example", "Carol Jones"), response: "accepted" },
      ],
    });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.attendees.filter((a) => a.email === "carol@acme.example")).toEqual([
      { email: "carol@acme.example", name: "Carol Jones", type: "required", response: "accepted" },
    ]);
  });

  test("an attendee without a display name is stored under the address", async () => {
    const r = await addMeeting(box, { attendees: [organizer, person("zoe@newco.example", "   ")] });
    // Nothing is lost (the address is the identity), so the user sees the plain confirmation.
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.attendees.find((a) => a.email === "zoe@newco.example")?.name).toBe("zoe@newco.example");
  });

  test("a 1,000-character display name is shortened, the attendee kept", async () => {
    const r = await addMeeting(box, { attendees: [organizer, person("long@newco.example", "N".repeat(1000))] });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.attendees.find((a) => a.email === "long@newco.example")?.name.length).toBeLessThanOrEqual(400);
  });

  test("a meeting with no attendees at all is added", async () => {
    const r = await addMeeting(box, { attendees: [] });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.attendees.map((a) => a.email)).toEqual(["alice@firm.example"]);
  });
});
