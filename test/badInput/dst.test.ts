// Bad input corpus, part 4: meetings whose local times straddle a daylight-saving change. The instants are derived
// from the wall-clock times a user picks in Outlook (with the zone's real DST rules), not typed in as offsets, and
// InterAction must store exactly those instants: the real duration, not the wall-clock difference.
import { messages } from "../../src/core/messages";
import { useReliabilitySandbox } from "../support/reliabilitySandbox";
import { addMeeting } from "./support";
import { zonedInstant } from "./wallClock";

const box = useReliabilitySandbox();

const hours = (start: string, end: string) => (Date.parse(end) - Date.parse(start)) / 3_600_000;

/** Adds a meeting picked as local wall-clock times, a few days before it, with both clocks at that moment. */
async function addLocal(timeZone: string, startLocal: string, endLocal: string, now: string) {
  await box.setClock(now);
  const start = zonedInstant(startLocal, timeZone);
  const end = zonedInstant(endLocal, timeZone);
  const r = await addMeeting(box, { start, end }, { now });
  return { r, start, end };
}

describe("meetings across a daylight-saving change keep their real instants and duration", () => {
  test("London, spring forward (2026-03-29 01:00 → 02:00): 00:30–03:30 local is two hours", async () => {
    const { r, start, end } = await addLocal(
      "Europe/London",
      "2026-03-29T00:30",
      "2026-03-29T03:30",
      "2026-03-25T09:00:00.000Z",
    );
    expect([start, end]).toEqual(["2026-03-29T00:30:00.000Z", "2026-03-29T02:30:00.000Z"]);
    expect(r.notifier.last?.message).toBe(messages.add.added);
    expect([r.row?.start_at, r.row?.end_at]).toEqual([start, end]);
    expect(hours(r.row!.start_at, r.row!.end_at)).toBe(2);
  });

  test("New York, fall back (2026-11-01 02:00 → 01:00): 00:30–03:00 local is three and a half hours", async () => {
    const { r, start, end } = await addLocal(
      "America/New_York",
      "2026-11-01T00:30",
      "2026-11-01T03:00",
      "2026-10-28T13:00:00.000Z",
    );
    expect([start, end]).toEqual(["2026-11-01T04:30:00.000Z", "2026-11-01T08:00:00.000Z"]);
    expect(r.notifier.last?.message).toBe(messages.add.added);
    expect([r.row?.start_at, r.row?.end_at]).toEqual([start, end]);
    expect(hours(r.row!.start_at, r.row!.end_at)).toBe(3.5);
  });

  test("New York, the repeated hour: 01:30–01:45 local (first pass, EDT) is stored at 05:30Z", async () => {
    const { r } = await addLocal(
      "America/New_York",
      "2026-11-01T01:30",
      "2026-11-01T01:45",
      "2026-10-28T13:00:00.000Z",
    );
    expect([r.row?.start_at, r.row?.end_at]).toEqual(["2026-11-01T05:30:00.000Z", "2026-11-01T05:45:00.000Z"]);
  });

  test("the same 09:00 London meeting before and after the change is an hour apart in UTC", async () => {
    const before = await addLocal("Europe/London", "2026-03-27T09:00", "2026-03-27T10:00", "2026-03-25T09:00:00.000Z");
    const after = await addLocal("Europe/London", "2026-03-30T09:00", "2026-03-30T10:00", "2026-03-25T09:00:00.000Z");
    expect(before.r.row?.start_at).toBe("2026-03-27T09:00:00.000Z");
    expect(after.r.row?.start_at).toBe("2026-03-30T08:00:00.000Z");
    expect([hours(before.start, before.end), hours(after.start, after.end)]).toEqual([1, 1]);
  });

  test("a meeting that ended before the change, added after it, keeps its instants as an activity", async () => {
    const { r, start, end } = await addLocal(
      "America/New_York",
      "2026-10-31T23:00",
      "2026-11-01T03:00",
      "2026-11-02T15:00:00.000Z",
    );
    expect(hours(start, end)).toBe(5); // 23:00 EDT to 03:00 EST
    expect(r.outcome.status).toBe("activity");
    expect([r.row?.start_at, r.row?.end_at]).toEqual(["2026-11-01T03:00:00.000Z", "2026-11-01T08:00:00.000Z"]);
  });
});
