// What the task pane needs from the rest of the product, as one small interface (TaskpaneServices) the controller
// calls. services.ts implements it over the real sync use-cases, the InterAction client and the Office adapter;
// tests pass fakes.
import type { ActivityType, AttendeeDirectory, CalendarSyncSettings, Visibility } from "../core/settings";
import type { SyncMode, SyncState } from "../core/syncState";
import type { SyncOutcome, MeetingView } from "../sync/deps";

export type { MeetingStatus } from "../core/status";
export type { Eligibility, IneligibleReason as EligibilityReason } from "../core/eligibility";
export type { AutoAddDecision } from "../core/rules";
export type { DocumentView, HistoryEntry, MeetingView, SyncOutcome } from "../sync/deps";

/** What the pane shows of a failure: the one mapping in src/sync/errors.ts (describeError) makes it. */
export type { ErrorSummary as SyncError } from "../sync/errors";

/** Where an attachment stands as an InterAction document, including the live phases of an upload in progress. */
export type DocumentPhase =
  "notAdded" | "planned" | "reading" | "uploading" | "uploaded" | "failed" | "skipped" | "tooLarge";

export interface Preferences {
  mode?: SyncMode;
  visibility?: Visibility;
  activityTypeId?: string;
}

export interface CompanySummary {
  id: string;
  name: string;
  /** e.g. "acme.example" */
  domain?: string;
  /** e.g. "Top Client" */
  contactTypeNames?: string[];
}

export interface Group {
  id: string;
  name: string;
}

export interface PersonRef {
  name: string;
  email: string;
}

export interface CompanyMeeting {
  id: string;
  subject: string;
  start: string;
  end: string;
  location?: string;
  kind?: "appointment" | "activity";
  cancelled?: boolean;
  /** The company's contacts attending. */
  contacts: PersonRef[];
  /** Firm colleagues attending (organizer included). */
  colleagues: PersonRef[];
}

/** One page of a company's meetings in a window, or (in the store) the pages loaded so far. */
export interface CompanyMeetings {
  items: CompanyMeeting[];
  /** Distinct firm colleagues across the whole window, not just the items loaded (InterAction counts them). */
  colleagueCount: number;
  /** How many meetings the whole window holds, as InterAction's latest answer says. */
  total: number;
}

/** Which page of a company's meetings to read (src/taskpane/meetingPages.ts), under the load's signal. */
export interface CompanyMeetingsRequest {
  skip: number;
  limit: number;
  signal: AbortSignal;
}

/** Upload progress, reported by the pane's decorated ports while the outbox delivers documents. */
export interface UploadEvent {
  attachmentId: string;
  name: string;
  size: number;
  phase: "reading" | "uploading" | "uploaded" | "failed";
  message?: string;
}

export interface TaskpaneServices {
  /** runSync({ kind: "refresh" }): reconcile what was committed and deliver the outbox. */
  refresh(): Promise<SyncOutcome>;
  /** runSync({ kind: "add" }). */
  add(): Promise<SyncOutcome>;
  /** runSync({ kind: "retry" }). */
  retry(): Promise<SyncOutcome>;
  loadMeetingView(): Promise<MeetingView>;
  /** The item's sync state alone (its custom properties): a cheap local read, to notice changes made elsewhere
   * (the ribbon's Add runs in the commands runtime and Outlook tells the pane nothing about it). */
  readState(): Promise<SyncState | null>;
  updatePreferences(prefs: Preferences): Promise<SyncState>;
  getSettings(): Promise<CalendarSyncSettings>;
  getActivityTypes(): Promise<ActivityType[]>;
  lookupAttendees(emails: string[]): Promise<AttendeeDirectory>;
  addContact(person: PersonRef): Promise<{ id: string }>;
  /** The groups the user may make a meeting visible to. */
  listGroups(): Promise<Group[]>;
  searchCompanies(query: string, signal: AbortSignal): Promise<CompanySummary[]>;
  /** One page of the company's meetings starting in [from, to). */
  companyMeetings(companyId: string, from: string, to: string, page: CompanyMeetingsRequest): Promise<CompanyMeetings>;
  /** Subscribes to document upload progress; returns the unsubscribe function. */
  onUpload(listener: (event: UploadEvent) => void): () => void;
}
