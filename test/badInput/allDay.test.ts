// Bad input corpus, part 5: all-day meetings. Outlook hands an all-day meeting over as midnights in its own time
// zone (Zürich: 23:00Z–23:00Z the day before), so read in any other zone the instants name the wrong day. The adapter
// reads Outlook's all-day flag and the dates in Outlook's zone; InterAction stores the dates (midnight UTC of each).
import { messages } from "../../src/core/messages";
import { allDayFields, createOfficeMailboxItem } from "../../src/office/mailboxItem";
import { useReliabilitySandbox } from "../support/reliabilitySandbox";
import { addMeeting } from "./support";
import { offsetMinutes, zonedInstant } from "./wallClock";

/** Outlook's convertToLocalClientTime for a mailbox whose time zone is `timeZone`. */
const clientTimeIn = (timeZone: string) => ({
  convertToLocalClientTime: (d: Date): Office.LocalClientTime => {
    const offset = offsetMinutes(d.getTime(), timeZone);
    const local = new Date(d.getTime() + offset * 60_000);
    return {
      year: local.getUTCFullYear(),
      month: local.getUTCMonth(),
      date: local.getUTCDate(),
      hours: local.getUTCHours(),
      minutes: local.getUTCMinutes(),
      seconds: local.getUTCSeconds(),
      milliseconds: local.getUTCMilliseconds(),
      timezoneOffset: offset,
    };
  },
});

describe("the adapter reads an all-day meeting's dates in Outlook's time zone", () => {
  test.each([
    ["Europe/Zurich", "2026-11-26T23:00:00.000Z"],
    ["Asia/Tokyo", "2026-11-26T15:00:00.000Z"],
    ["Pacific/Auckland", "2026-11-26T11:00:00.000Z"],
    ["America/New_York", "2026-11-27T05:00:00.000Z"],
    ["Pacific/Honolulu", "2026-11-27T10:00:00.000Z"],
  ])("%s: midnight to midnight is 27 to 28 November", (timeZone, start) => {
    expect(zonedInstant("2026-11-27T00:00", timeZone)).toBe(start);
    const end = zonedInstant("2026-11-28T00:00", timeZone);
    expect(allDayFields(true, start, end, clientTimeIn(timeZone))).toEqual({
      isAllDay: true,
      allDayDates: { start: "2026-11-27", end: "2026-11-28" },
    });
  });

  test("a timed meeting, or Outlook without the flag, adds nothing to the snapshot", () => {
    expect(allDayFields(false, "2026-11-27T10:00:00.000Z", "2026-11-27T11:00:00.000Z", undefined)).toEqual({});
    expect(allDayFields(undefined, "2026-11-27T10:00:00.000Z", "2026-11-27T11:00:00.000Z", undefined)).toEqual({});
  });

  test("an attendee's read view: Outlook's isAllDayEvent and its local dates reach the snapshot", async () => {
    const item = {
      subject: "Acme offsite",
      start: new Date("2026-11-26T23:00:00.000Z"),
      end: new Date("2026-11-28T23:00:00.000Z"),
      location: "Zürich",
      organizer: { emailAddress: "carol@acme.example", displayName: "Carol" },
      requiredAttendees: [
        { emailAddress: "alice@firm.example", displayName: "Alice", appointmentResponse: "accepted" },
      ],
      optionalAttendees: [],
      attachments: [],
      itemId: "AAMk-all-day",
      recurrence: null,
      sensitivity: "normal",
      isAllDayEvent: true,
      body: { getAsync: (_t: unknown, cb: (r: unknown) => void) => cb({ status: "succeeded", value: "" }) },
    };
    const mailbox = {
      item,
      userProfile: { emailAddress: "alice@firm.example", displayName: "Alice" },
      ...clientTimeIn("Europe/Zurich"),
    } as unknown as Office.Mailbox;
    const snapshot = await createOfficeMailboxItem(mailbox).read();
    expect(snapshot).toMatchObject({
      start: "2026-11-26T23:00:00.000Z",
      isAllDay: true,
      allDayDates: { start: "2026-11-27", end: "2026-11-29" },
    });
  });
});

describe("InterAction stores an all-day meeting as its dates", () => {
  const box = useReliabilitySandbox({ clock: "2026-11-25T09:00:00.000Z" });

  test.each([
    ["Europe/Zurich (ahead of UTC)", "Europe/Zurich"],
    ["Asia/Tokyo (a day boundary away)", "Asia/Tokyo"],
    ["America/New_York (behind UTC)", "America/New_York"],
  ])("made in %s: the stored day is 27 November wherever it is read", async (_name, timeZone) => {
    const start = zonedInstant("2026-11-27T00:00", timeZone);
    const end = zonedInstant("2026-11-28T00:00", timeZone);
    const r = await addMeeting(box, { start, end, ...allDayFields(true, start, end, clientTimeIn(timeZone)) });
    expect(r.notifier.last?.message).toBe(messages.add.added);
    expect([r.row?.start_at, r.row?.end_at]).toEqual(["2026-11-27T00:00:00.000Z", "2026-11-28T00:00:00.000Z"]);
    // InterAction says it is all-day (the contract's isAllDay), so a reader shows the dates, not converted times.
    const answer = await box.client("alice@firm.example").getMeeting(r.row!.sync_key);
    expect(answer?.record).toMatchObject({ isAllDay: true, start: "2026-11-27T00:00:00.000Z" });
  });

  test("flagged all-day without dates (an adapter that could not read them) keeps Outlook's instants", async () => {
    const r = await addMeeting(box, {
      start: "2026-11-26T23:00:00.000Z",
      end: "2026-11-27T23:00:00.000Z",
      isAllDay: true,
    });
    expect([r.row?.start_at, r.row?.end_at]).toEqual(["2026-11-26T23:00:00.000Z", "2026-11-27T23:00:00.000Z"]);
    // Not claimed as all-day: its instants are not dates.
    expect((await box.client("alice@firm.example").getMeeting(r.row!.sync_key))?.record.isAllDay).toBeUndefined();
  });

  test("a timed meeting's record has no isAllDay, and its payload is unchanged by the field", async () => {
    const r = await addMeeting(box, {});
    expect((await box.client("alice@firm.example").getMeeting(r.row!.sync_key))?.record.isAllDay).toBeUndefined();
  });
});
