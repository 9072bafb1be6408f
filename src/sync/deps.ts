// The shapes every shell codes against: what a use-case needs (SyncDeps) and what it answers (SyncOutcome,
// MeetingView). runSync.ts and loadMeetingView.ts re-export them.
import type { Eligibility } from "../core/eligibility";
import type { WriteBlock } from "../core/lifecycle";
import type { MeetingSnapshot } from "../core/meeting";
import type { Notice } from "../core/notice";
import type { OutboxEntry } from "../core/outbox";
import type { MeetingRecord } from "../core/record";
import type { AutoAddDecision } from "../core/rules";
import type { ActivityType, CalendarSyncSettings } from "../core/settings";
import type { MeetingStatus } from "../core/status";
import type { SyncState } from "../core/syncState";
import type {
  Clock,
  InterActionApi,
  KeyValueStorage,
  MailboxItem,
  Notifier,
  OutboxStore,
  Randomness,
  SyncStateStore,
} from "./ports";
import type { MeetingIdentity } from "./meetingIdentity";
import type { Turns } from "./turns";

export interface SyncDeps {
  item: MailboxItem;
  stateStore: SyncStateStore;
  outbox: OutboxStore;
  api: InterActionApi;
  clock: Clock;
  notifier: Notifier;
  random: Randomness;
  /** Settings cache and sync history. */
  storage: KeyValueStorage;
  /** Where an Add reads the meeting's iCalUId (Microsoft Graph); absent where no Graph read is wired (the commands
   * bundle): the meeting is then linked later by the sync service. */
  identity?: MeetingIdentity;
  /**
   * Whom this run takes turns with (./turns): by default every run of the JavaScript runtime, which is right for the
   * add-in (one user, one outbox). A process serving many mailboxes passes one per mailbox.
   */
  turns?: Turns;
}

export interface SyncOptions {
  /** Stop waiting for InterAction after this many milliseconds; the rest stays queued (by default ./budgets). */
  deadlineMs?: number;
}

export interface SyncOutcome {
  status: MeetingStatus;
  eligibility: Eligibility;
  autoAdd?: AutoAddDecision;
  notice: Notice | null;
  /** Operations InterAction confirmed during this run (any meeting). */
  delivered: number;
  /** Operations still waiting in the outbox after this run (any meeting). */
  queued: number;
  record?: MeetingRecord;
  error?: { message: string; retryable: boolean };
}

export type DocumentState = "uploaded" | "queued" | "failed" | "notUploaded" | "notSynced";

/** One attachment of the open meeting and what became of it in InterAction. */
export interface DocumentView {
  attachmentId: string;
  name: string;
  size: number;
  contentType: string;
  /** Present for file attachments (the only kind that becomes a document). */
  documentKey?: string;
  /** notSynced: inline pictures, cloud links and attached items never become documents. */
  state: DocumentState;
  error?: string;
}

export type HistoryResult = "delivered" | "queued" | "failed";

export interface HistoryEntry {
  /** ISO instant. */
  at: string;
  action: "create" | "update" | "cancel" | "document";
  revision?: number;
  documentName?: string;
  result: HistoryResult;
  /** What happened, in words. */
  message: string;
}

/** Everything the task pane shows for the open meeting. */
export interface MeetingView {
  snapshot: MeetingSnapshot;
  state: SyncState;
  /** Null when InterAction was never reachable from this device. */
  settings: CalendarSyncSettings | null;
  activityTypes: ActivityType[];
  status: MeetingStatus;
  /** Why InterAction takes no more of this copy's changes, judged when `status` was (core/lifecycle.ts
   * blockedForGood); absent while it still does. The status line's words depend on it (core/statusReason.ts). */
  blocked?: WriteBlock;
  eligibility: Eligibility;
  /** What the firm rules say about this meeting (absent when they could not be checked). */
  autoAdd?: AutoAddDecision;
  /** InterAction's copy, when the meeting was added and InterAction answered. */
  record: MeetingRecord | null;
  documents: DocumentView[];
  /** Undelivered operations of this meeting. */
  outbox: OutboxEntry[];
  history: HistoryEntry[];
  /** The status in one sentence, for a shell that shows only one. The task pane does not render it: every notice
   * repeats its status line or one of its bars (the reason of a stop, a refusal, an undelivered change), and an
   * attendee's activity says organizerOnly in the status line itself (core/statusReason.ts). */
  notice: Notice | null;
  /** Why part of the view could not be loaded (InterAction unreachable), in words. */
  error?: { message: string; retryable: boolean };
}
