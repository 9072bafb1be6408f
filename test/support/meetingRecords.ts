// A MeetingRecord as InterAction answers for a scheduled appointment "k" with nothing linked, for tests of what the item
// does with an answer. The revision and the time of the last change are each test's own, so they are always given.
import type { MeetingRecord } from "../../src/core/record";

export const meetingRecord = (
  fields: Pick<MeetingRecord, "revision" | "updatedAt"> & Partial<MeetingRecord>,
): MeetingRecord => ({
  id: "m1",
  syncKey: "k",
  kind: "appointment",
  status: "scheduled",
  syncUntil: "2026-12-10T11:00:00.000Z",
  frozen: false,
  contacts: [],
  companies: [],
  unresolvedAttendees: [],
  documents: [],
  ...fields,
});
