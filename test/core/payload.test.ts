import { describe, expect, test } from "@jest/globals";
import type { Attendee } from "../../src/core/meeting";
import { normalizeSnapshot } from "../../src/core/normalize";
import { buildPayload, isValidEmail, PAYLOAD_LIMITS, payloadAttendees } from "../../src/core/payload";
import { demoSettings, meetingSnapshot } from "../support/fakes";

const person = (i: number, type: Attendee["type"] = "optional"): Attendee => ({
  email: `guest${i}@example.org`,
  name: `Guest ${i}`,
  type,
  response: "none",
});

describe("the body InterAction stores", () => {
  test("an address InterAction would refuse is left out instead of blocking the meeting", () => {
    expect(isValidEmail("carol@acme.example")).toBe(true);
    expect(isValidEmail("Carol Jones")).toBe(false);
    expect(isValidEmail("a b@c.d")).toBe(false);
    const attendees = payloadAttendees([
      { email: "not an address", name: "X", type: "required", response: "none" },
      person(1),
    ]);
    expect(attendees.map((a) => a.email)).toEqual(["guest1@example.org"]);
  });

  test("over the attendee limit, required attendees are kept first", () => {
    const many = [...Array.from({ length: PAYLOAD_LIMITS.attendees }, (_, i) => person(i)), person(5000, "required")];
    const attendees = payloadAttendees(many);
    expect(attendees).toHaveLength(PAYLOAD_LIMITS.attendees);
    expect(attendees[0]?.email).toBe("guest5000@example.org");
  });

  test("exactly 1,000 attendees all go through", () => {
    expect(payloadAttendees(Array.from({ length: 1000 }, (_, i) => person(i)))).toHaveLength(1000);
  });

  test("over-long text is clipped to InterAction's limits", () => {
    const s = normalizeSnapshot(meetingSnapshot({ subject: "s".repeat(5000), notes: "n".repeat(300_000) }));
    const p = buildPayload(s, {}, demoSettings(), 1, false);
    expect(p.subject).toHaveLength(PAYLOAD_LIMITS.subject);
    expect(p.notes).toHaveLength(PAYLOAD_LIMITS.notes);
  });

  test("the payload carries who added it, the organizer and the per-meeting choices", () => {
    const s = normalizeSnapshot(meetingSnapshot({ itemId: "item-9" }));
    const p = buildPayload(
      s,
      { addedBy: "attendee", visibility: "onlyMe", activityTypeId: "at-call" },
      demoSettings(),
      4,
      true,
    );
    expect(p).toMatchObject({
      revision: 4,
      source: { itemId: "item-9", organizerEmail: "alice@firm.example", addedBy: "attendee" },
      visibility: "onlyMe",
      activityTypeId: "at-call",
      cancelled: true,
      isRecurring: false,
      sensitivity: "normal",
    });
  });

  test("HTML or script in notes is carried as plain text, unchanged", () => {
    const s = normalizeSnapshot(meetingSnapshot({ notes: "<script>alert(1)</script>" }));
    expect(buildPayload(s, {}, demoSettings(), 1, false).notes).toBe("<script>alert(1)</script>");
  });
});
