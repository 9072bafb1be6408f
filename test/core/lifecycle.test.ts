import { describe, expect, test } from "@jest/globals";
import { lifecycleAt, recordKindAt, syncWindowEnd } from "../../src/core/lifecycle";
import { demoSettings } from "../support/fakes";

const settings = demoSettings({ postMeetingSyncDays: 14 });
const meeting = { end: "2026-11-26T11:00:00.000Z", role: "organizer" as const };
const at = (iso: string) => new Date(iso);
const synced = { revision: 3, deliveredRevision: 3, syncUntil: "2026-12-10T11:00:00.000Z" };

describe("InterAction's lifecycle of a meeting", () => {
  test("an upcoming meeting is an appointment", () => {
    expect(recordKindAt(meeting.end, at("2026-11-26T10:59:59Z"))).toBe("appointment");
  });

  test("a meeting becomes an activity once it has ended", () => {
    expect(recordKindAt(meeting.end, at("2026-11-26T11:00:00Z"))).toBe("activity");
  });

  test("the sync window ends postMeetingSyncDays after the meeting", () => {
    expect(syncWindowEnd(meeting.end, 14)).toBe("2026-12-10T11:00:00.000Z");
    expect(syncWindowEnd(meeting.end, 0)).toBe(meeting.end);
  });

  test("the activity keeps following Outlook inside the window", () => {
    expect(lifecycleAt(meeting, synced, settings, at("2026-12-10T11:00:00Z"))).toEqual({
      kind: "activity",
      syncUntil: "2026-12-10T11:00:00.000Z",
      frozen: false,
    });
  });

  test("after the window the record is frozen", () => {
    const view = lifecycleAt(meeting, synced, settings, at("2026-12-10T11:00:01Z"));
    expect(view).toMatchObject({ frozen: true, blocked: "frozen", frozenSince: synced.syncUntil });
  });

  test("a past meeting rescheduled into the future becomes an appointment again", () => {
    const moved = { end: "2026-12-20T11:00:00.000Z", role: "organizer" as const };
    expect(lifecycleAt(moved, synced, settings, at("2026-12-01T09:00:00Z"))).toMatchObject({
      kind: "appointment",
      frozen: false,
      syncUntil: "2027-01-03T11:00:00.000Z",
    });
  });

  test("rescheduling does not thaw a record whose window already closed", () => {
    const moved = { end: "2027-01-20T11:00:00.000Z", role: "organizer" as const };
    expect(lifecycleAt(moved, synced, settings, at("2026-12-15T09:00:00Z")).frozen).toBe(true);
  });

  test("InterAction's word that the record is frozen is final", () => {
    expect(lifecycleAt(meeting, { ...synced, frozen: true }, settings, at("2026-11-20T00:00:00Z")).blocked).toBe(
      "frozen",
    );
  });

  test("after conversion only the organizer's changes count", () => {
    const attendee = { ...meeting, role: "attendee" as const };
    expect(lifecycleAt(attendee, synced, settings, at("2026-11-27T00:00:00Z")).blocked).toBe("organizerOnly");
    expect(lifecycleAt(meeting, synced, settings, at("2026-11-27T00:00:00Z")).blocked).toBeUndefined();
  });

  test("an attendee may still add a meeting that already happened", () => {
    const attendee = { ...meeting, role: "attendee" as const };
    expect(lifecycleAt(attendee, { revision: 0 }, settings, at("2026-11-27T00:00:00Z")).blocked).toBeUndefined();
  });

  test("an attendee's Add InterAction never confirmed is still a creation after the meeting ended", () => {
    // The create's outbox entry was lost before it was delivered: the repair plans it again after the meeting ended.
    // Found by the fault schedules: the Add was lost for good (nothing parked, nothing in InterAction).
    const attendee = { ...meeting, role: "attendee" as const };
    const unconfirmed = { revision: 1, syncUntil: synced.syncUntil };
    expect(lifecycleAt(attendee, unconfirmed, settings, at("2026-11-27T00:00:00Z")).blocked).toBeUndefined();
  });

  test("a meeting never added is judged by its own window", () => {
    expect(lifecycleAt(meeting, null, settings, at("2027-01-01T00:00:00Z")).blocked).toBe("frozen");
  });
});
