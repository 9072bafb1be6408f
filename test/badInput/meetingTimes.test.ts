// Bad input corpus, part 1 (what users and Outlook put into meetings): times, and meetings InterAction does not take.
// Through the REAL use-case, client and sandbox: the exact sentence the user is told, and nothing crashes.
import { messages } from "../../src/core/messages";
import { useReliabilitySandbox } from "../support/reliabilitySandbox";
import { addMeeting, NOW } from "./support";
const box = useReliabilitySandbox({ clock: NOW });

const ADDED = messages.add.added;

describe("times", () => {
  test("a zero-length meeting (start equals end) is added", async () => {
    const r = await addMeeting(box, { start: "2026-11-27T10:00:00.000Z", end: "2026-11-27T10:00:00.000Z" });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect([r.row?.start_at, r.row?.end_at]).toEqual(["2026-11-27T10:00:00.000Z", "2026-11-27T10:00:00.000Z"]);
  });

  test("a three-day offsite is added with its whole span", async () => {
    const r = await addMeeting(box, { start: "2026-11-30T08:00:00.000Z", end: "2026-12-03T17:00:00.000Z" });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.row?.end_at).toBe("2026-12-03T17:00:00.000Z");
  });

  test("a timed meeting from local midnight to midnight (no all-day flag; see allDay.test.ts) keeps its exact instants", async () => {
    const r = await addMeeting(box, { start: "2026-11-27T00:00:00+01:00", end: "2026-11-28T00:00:00+01:00" });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect([r.row?.start_at, r.row?.end_at]).toEqual(["2026-11-26T23:00:00.000Z", "2026-11-27T23:00:00.000Z"]);
  });

  test("a meeting across the European DST change keeps its real duration", async () => {
    // 2027-10-31 02:30 happens twice in Zürich: first in summer time (+02:00), an hour later in winter time.
    const r = await addMeeting(box, { start: "2027-10-31T02:30:00+02:00", end: "2027-10-31T02:30:00+01:00" });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect([r.row?.start_at, r.row?.end_at]).toEqual(["2027-10-31T00:30:00.000Z", "2027-10-31T01:30:00.000Z"]);
  });

  test("a meeting at the US spring-forward gap keeps the instants Outlook gave", async () => {
    const r = await addMeeting(box, { start: "2027-03-14T01:30:00-05:00", end: "2027-03-14T03:30:00-04:00" });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect([r.row?.start_at, r.row?.end_at]).toEqual(["2027-03-14T06:30:00.000Z", "2027-03-14T07:30:00.000Z"]);
  });

  test("a meeting that ended yesterday is added as an activity", async () => {
    const r = await addMeeting(box, { start: "2026-11-24T10:00:00.000Z", end: "2026-11-24T11:00:00.000Z" });
    expect(r.outcome.status).toBe("activity");
    expect(r.outcome.record?.kind).toBe("activity");
    // The user learns it became an activity and until when later changes still reach InterAction.
    expect(r.notifier.last?.message).toBe(
      `Added to InterAction as an activity (the meeting has ended); it keeps syncing until ${r.outcome.record?.syncUntil.slice(0, 10)}.`,
    );
  });

  test("a meeting that ended a month ago is refused with the reason", async () => {
    const r = await addMeeting(box, { start: "2026-10-20T10:00:00.000Z", end: "2026-10-20T11:00:00.000Z" });
    expect(r.notifier.last?.message).toBe(messages.lifecycle.tooOld);
    expect(r.row).toBeUndefined();
  });

  test("an end before the start (a corrupt item) is refused by InterAction with the field named, and kept for Retry", async () => {
    const r = await addMeeting(box, { start: "2026-11-27T11:00:00.000Z", end: "2026-11-27T10:00:00.000Z" });
    expect(r.outcome.status).toBe("error");
    expect(r.notifier.last?.message).toMatch(
      /^InterAction refused the change: The meeting is not valid\. \(body\.end is before start\)/,
    );
    expect(r.outcome.queued).toBe(1);
  });

  test("an unreadable start time is refused with the field named, never crashing the run", async () => {
    const r = await addMeeting(box, { start: "next Tuesday-ish" });
    expect(r.outcome.status).toBe("error");
    expect(r.notifier.last?.message).toMatch(/^InterAction refused the change: .*start/);
  });
});

describe("meetings InterAction does not take", () => {
  test.each([
    ["a recurring meeting", { isRecurring: true }, messages.eligibility.recurring],
    ["a private meeting", { sensitivity: "private" as const }, messages.eligibility.private],
  ])("%s is refused with the reason and nothing is written", async (_name, patch, message) => {
    const r = await addMeeting(box, patch);
    expect(r.notifier.last?.message).toBe(message);
    expect(box.meetings()).toHaveLength(0);
  });

  test("a colleague's internal meeting opened by an attendee is refused with the reason", async () => {
    const r = await addMeeting(box, {
      role: "attendee",
      userResponse: "accepted",
      organizer: { email: "bob@firm.example", name: "Bob" },
    });
    expect(r.notifier.last?.message).toBe(messages.eligibility.internalMeeting);
    expect(box.meetings()).toHaveLength(0);
  });

  test("an external invitation not yet accepted is refused with the reason", async () => {
    const r = await addMeeting(box, {
      role: "attendee",
      userResponse: "none",
      organizer: { email: "erin@globex.example", name: "Erin" },
    });
    expect(r.notifier.last?.message).toBe(messages.eligibility.notAccepted);
  });
});
