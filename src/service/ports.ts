// What the sync service's use-cases need from the world. The Graph adapter (src/graph), the store and queue adapter
// (src/queue) and the InterAction adapter (src/interaction) satisfy these structurally; tests wire fakes or the
// local Graph, the sandbox and PGlite.
import type { MeetingSnapshot } from "../core/meeting";
import type { SyncState } from "../core/syncState";
import type { ServiceInterAction } from "./interactionWriter";
import type { IndexEntry } from "../core/serviceIndex";

/** One delta round's worth of changes: ids only (the service keeps no event bodies). */
export interface DeltaChange {
  eventId: string;
  removed: boolean;
}

export interface DeltaRound {
  changes: DeltaChange[];
  /** Where the next round starts (opaque; the window is fixed inside it by Graph). */
  deltaLink: string;
}

export { DeltaExpiredError, MailboxUnavailableError } from "../graph/errors";

/** One mailbox copy of a meeting as the service reads it. */
export interface ServerMeeting {
  eventId: string;
  iCalUId: string;
  snapshot: MeetingSnapshot;
  /** The add-in's state on this copy (its cecp- extended property), or null. */
  addinState: SyncState | null;
}

/** A mailbox's calendar through Microsoft Graph (application permission Calendars.Read). */
export interface CalendarSource {
  /** Pages a calendarView delta to its deltaLink: from `deltaLink`, or a full round over `window`. */
  delta(mailbox: string, from: { deltaLink: string } | { window: { start: string; end: string } }): Promise<DeltaRound>;
  /** The event with the add-in's state, or null when this mailbox has no such event any more. */
  meeting(mailbox: string, eventId: string): Promise<ServerMeeting | null>;
  /** One attachment's bytes, to upload as a document. */
  attachment(mailbox: string, eventId: string, attachmentId: string): Promise<{ base64: string; contentType: string }>;
}

export type { IndexEntry } from "../core/serviceIndex";

export interface OptedInMailbox {
  /** E-mail address (lower case); Graph addresses users by it. */
  mailbox: string;
}

export interface ServiceStore {
  mailboxes(): Promise<OptedInMailbox[]>;
  deltaLink(mailbox: string): Promise<string | null>;
  /** When the window of the stored delta link was fixed (its full round started); null without a link. */
  windowFixedAt(mailbox: string): Promise<string | null>;
  /** `windowFixedAt`: set when a full round fixed a new window; kept as it was for a round from a link. */
  saveDeltaLink(mailbox: string, deltaLink: string | null, windowFixedAt?: string): Promise<void>;
  entry(mailbox: string, eventId: string): Promise<IndexEntry | null>;
  entries(mailbox: string): Promise<IndexEntry[]>;
  /** The entry that holds this sync key in another mailbox, if any (a key belongs to the copy that added it). */
  entryBySyncKey(syncKey: string): Promise<IndexEntry | null>;
  saveEntry(entry: IndexEntry): Promise<void>;
  /** The meeting write sent and not yet recorded in the index (its job may have died in between), or null. */
  writeInFlight(mailbox: string, eventId: string): Promise<WriteInFlight | null>;
  /** Recorded before a meeting write is sent; null once the index holds its outcome. */
  saveWriteInFlight(mailbox: string, eventId: string, write: WriteInFlight | null): Promise<void>;
}

/** What makes a meeting write the same request again: the revision it planned above, its content, its If-Match. */
export interface WriteInFlight {
  revision: number;
  fingerprint: string;
  ifMatch?: string;
}

export interface ServiceLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface ServiceClock {
  now(): Date;
}

/** InterAction acting for the user whose mailbox it is (every write names the user it acts for). */
export type InterActionFor = (mailbox: string) => ServiceInterAction;
