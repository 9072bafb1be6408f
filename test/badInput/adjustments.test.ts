// What the user is told when InterAction receives less than Outlook holds: every change is named, and the whole
// notice stays within Outlook's 150-character notification limit however much was changed.
import { describeAdjustments, explainAdjustments } from "../../src/core/adjustments";
import type { Attendee } from "../../src/core/meeting";
import { MAX_NOTICE_LENGTH, messages } from "../../src/core/messages";
import { fitNotification } from "../../src/office/notifier";
import { meetingSnapshot } from "../support/fakes";

const person = (email: string, name = "", type: Attendee["type"] = "required"): Attendee => ({
  email,
  name,
  type,
  response: "none",
});

describe("describeAdjustments", () => {
  test("a meeting within every limit has nothing to report", () => {
    expect(describeAdjustments(meetingSnapshot({ attendees: [person("carol@acme.example", "Carol")] }))).toEqual([]);
  });

  test("unreadable addresses are counted once each, empty ones under their display name", () => {
    const raw = meetingSnapshot({
      attendees: [person("bad", "B"), person("BAD ", "B again"), person("", "Nobody"), person(" ", "")],
    });
    expect(describeAdjustments(raw)).toEqual([
      { kind: "attendeesUnreadable", count: 3, examples: ["bad", "Nobody", "(no address)"] },
    ]);
  });

  test("attendees past the limit and every over-long field are reported together", () => {
    const raw = meetingSnapshot({
      subject: "s".repeat(1001),
      location: "l".repeat(2000),
      notes: "n".repeat(200_001),
      attendees: Array.from({ length: 1002 }, (_, i) => person(`p${i}@newco.example`)),
    });
    expect(describeAdjustments(raw)).toEqual([
      // The organizer from the default snapshot is an attendee too: 1,003 valid, 3 over.
      expect.objectContaining({ kind: "attendeesOverLimit", limit: 1000 }),
      { kind: "fieldShortened", field: "subject", from: 1001, to: 1000 },
      { kind: "fieldShortened", field: "location", from: 2000, to: 1000 },
      { kind: "fieldShortened", field: "notes", from: 200_001, to: 200_000 },
    ]);
  });

  test("whitespace that normalization removes does not count as shortening", () => {
    expect(describeAdjustments(meetingSnapshot({ subject: ` ${"s".repeat(1000)}  ` }))).toEqual([]);
  });
});

describe("explainAdjustments", () => {
  test("with nothing changed the confirmation is unchanged", () => {
    expect(explainAdjustments(messages.add.added, [])).toBe(messages.add.added);
  });

  test("one changed field is named after the confirmation", () => {
    expect(
      explainAdjustments(messages.add.updated, [{ kind: "fieldShortened", field: "location", from: 5, to: 1 }]),
    ).toBe(
      "InterAction has been updated with this meeting's changes. The location was shortened to 1 characters for InterAction.",
    );
  });

  test("when everything is named it still fits: the examples go first, then the text is cut", () => {
    const text = explainAdjustments(messages.add.added, [
      { kind: "attendeesUnreadable", count: 12, examples: ["x".repeat(200), "y", "z"] },
      { kind: "attendeesOverLimit", count: 1500, limit: 1000 },
      { kind: "fieldShortened", field: "subject", from: 5000, to: 1000 },
      { kind: "fieldShortened", field: "notes", from: 300_000, to: 200_000 },
    ]);
    expect(text.length).toBeLessThanOrEqual(MAX_NOTICE_LENGTH);
    expect(text).toMatch(/^Added to InterAction\. 12 attendee addresses could not be read and were left out\. 1,500 /);
    expect(text.endsWith("…")).toBe(true);
    // Outlook's notifier leaves a notice that already fits as it is.
    expect(fitNotification(text)).toBe(text);
  });

  test("one unreadable address with a long example drops the example rather than cutting the sentence", () => {
    const text = explainAdjustments(messages.add.added, [
      { kind: "attendeesUnreadable", count: 1, examples: ["q".repeat(140)] },
    ]);
    expect(text).toBe("Added to InterAction. 1 attendee address could not be read and was left out.");
  });
});
