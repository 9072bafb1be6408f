// Who keeps a meeting in step with InterAction, from InterAction's own record. The add-in knows what it wrote (the
// item's state, its history on this device); the firm's sync service writes what no add-in event reports (a move, a
// phone, a cancellation in new Outlook) and never writes to the mailbox, so only the record can say it did. Pure.
import type { MeetingDelivery, MeetingRecord } from "./record";

/** The service's deliveries of this meeting, newest first (as the record lists them, whatever order they came in). */
export const serviceDeliveries = (record: Pick<MeetingRecord, "deliveries"> | null | undefined): MeetingDelivery[] =>
  (record?.deliveries ?? [])
    .filter((d) => d.by === "syncService")
    .slice()
    .sort((a, b) => b.at.localeCompare(a.at) || b.revision - a.revision);

/**
 * When the latest write InterAction accepted was the sync service's: its time (the pane says "kept in step by your
 * firm's sync service, last change at …"). Null when the add-in wrote last, or nobody is recorded: the add-in's own
 * status and history already tell that.
 */
export function keptInStepByService(record: Pick<MeetingRecord, "deliveries"> | null | undefined): string | null {
  const all = (record?.deliveries ?? []).slice().sort((a, b) => b.at.localeCompare(a.at) || b.revision - a.revision);
  const latest = all[0];
  return latest && latest.by === "syncService" ? latest.at : null;
}
