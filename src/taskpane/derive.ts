// Pure derivations from the store to what the views show: the status line, attendee resolution, document rows.
// Kept out of the components so every rule is tested without rendering.
import { otherColleagues } from "../core/identity";
import { messages } from "../core/messages";
import { emailDomain, isFirmAddress } from "../core/normalize";
import { pendingKind } from "../core/status";
import type { Visibility } from "../core/settings";
import { formatDate, formatDateTime } from "./format";
import type { MeetingPaneState, PaneState } from "./state";
import { strings } from "./strings";
import type { DocumentPhase, DocumentView, MeetingView } from "./types";

/** Why the last sync failed: a refused (parked) change first, then the last run's error, then the last action's. */
export function errorReason(m: MeetingPaneState): string | null {
  const view = m.view;
  const parked = view?.outbox.find((e) => e.parked && e.lastError)?.lastError?.message;
  const anyFailure = view?.outbox.find((e) => e.lastError)?.lastError?.message;
  return parked ?? m.lastOutcome?.error?.message ?? m.actionError?.message ?? anyFailure ?? null;
}

const lastDelivered = (view: MeetingView): string | undefined =>
  [...view.history]
    .sort((a, b) => a.at.localeCompare(b.at))
    .reverse()
    .find((h) => h.result === "delivered")?.at;

/** The one truthful status line of the open meeting. */
export function statusText(m: MeetingPaneState): string {
  const view = m.view;
  if (!view) return strings.status.loading;
  const syncUntil = view.state.syncUntil ?? view.record?.syncUntil;
  switch (view.status) {
    case "notAdded":
      return strings.status.notAdded;
    case "willAddOnSend":
      return strings.status.willAddOnSend;
    case "pending":
      return isUndelivered(view) ? strings.status.undelivered : strings.status.pending;
    case "synced":
      return strings.status.synced(
        formatDateTime(view.state.deliveredAt ?? view.record?.updatedAt ?? lastDelivered(view)),
      );
    case "activity":
      return strings.status.activity(formatDate(syncUntil));
    case "frozen":
      return strings.status.frozen(formatDate(syncUntil));
    case "cancelled":
      return strings.status.cancelled;
    case "error":
      return strings.status.error;
    case "ineligible":
      return strings.status.ineligible;
    case "stopped":
      return strings.status.stopped;
  }
}

/** "Also added by Bob Lee": the colleagues InterAction says added the same meeting (one meeting, one record). */
export function sharedText(view: MeetingView): string | null {
  const names = otherColleagues(view.record?.alsoAddedBy ?? [], view.snapshot.user.email);
  return names.length > 0 ? messages.shared.alsoAddedBy(names) : null;
}

/** A committed change (sent, saved or added) that has not reached InterAction yet: retried, not "save or send". */
export const isUndelivered = (view: MeetingView): boolean =>
  view.status === "pending" && pendingKind(view.state, view.outbox) === "undelivered";

/** Why syncing stopped for a meeting that was added: shown once, in the bar under "Sync stopped". */
export function stoppedText(view: MeetingView): string {
  const reason = view.state.stoppedReason;
  if (reason) return strings.stoppedReason[reason];
  const e = view.eligibility;
  if (e.eligible) return strings.errors.unknown;
  if (e.reason === "notAccepted" && view.snapshot.userResponse === "declined") return strings.stoppedReason.declined;
  return strings.stoppedReason[e.reason];
}

/** The reason shown in the eligibility bar: why it can't be added, or why it stopped syncing. */
export function refusalText(view: MeetingView): string | null {
  if (view.status === "stopped") return stoppedText(view);
  return eligibilityText(view);
}

/** Why the meeting can't be added, in plain words (null when it can). */
export function eligibilityText(view: MeetingView): string | null {
  const e = view.eligibility;
  if (e.eligible) return null;
  return strings.eligibility[e.reason] ?? e.message;
}

/** Something the user should know before adding an eligible meeting (e.g. invited through a distribution list,
 * so Outlook can't tell whether they accepted); null once it is added or when there is nothing to say. */
export function eligibilityNote(view: MeetingView): string | null {
  const e = view.eligibility;
  return e.eligible && e.note && !isAddedView(view) ? e.note : null;
}

const isAddedView = (view: MeetingView): boolean =>
  view.state.addRequested || Boolean(view.state.syncKey && view.state.revision > 0) || Boolean(view.record);

export type AddButtonState = { label: string; disabled: boolean; hint: string | null };

export function addButton(m: MeetingPaneState): AddButtonState {
  const view = m.view;
  if (m.busy === "add") return { label: strings.meeting.adding, disabled: true, hint: null };
  if (!view) return { label: strings.meeting.add, disabled: true, hint: null };
  if (view.status === "willAddOnSend") return { label: strings.meeting.willAdd, disabled: true, hint: null };
  // Already committed and on its way: adding again would change nothing; Retry (next to the status) is the action.
  if (isUndelivered(view) && !isAddedView(view)) return { label: strings.meeting.waiting, disabled: true, hint: null };
  if (isAddedView(view)) {
    return { label: strings.meeting.added, disabled: true, hint: null };
  }
  const eligible = view.eligibility.eligible;
  return {
    label: strings.meeting.add,
    disabled: !eligible || m.busy !== null,
    hint: eligible && view.snapshot.isNew ? strings.meeting.addHint.newMeeting : null,
  };
}

export type VisibilityKind = "everyone" | "onlyMe" | "group";
export const visibilityKind = (v: Visibility): VisibilityKind => (typeof v === "string" ? v : "group");

export interface EffectivePreferences {
  visibility: Visibility;
  activityTypeId: string;
}

/** The meeting's own choices, or the firm's defaults where it has none. */
export function effectivePreferences(s: PaneState): EffectivePreferences {
  const view = s.meeting.view;
  const settings = view?.settings ?? s.settings;
  return {
    visibility: view?.state.visibility ?? settings?.defaultVisibility ?? "everyone",
    activityTypeId: view?.state.activityTypeId ?? settings?.defaultActivityTypeId ?? "",
  };
}

export type AttendeeRow = {
  email: string;
  name: string;
  /** contact: resolved to an InterAction contact; colleague: inside the firm; unresolved: not in InterAction;
   * unknown: InterAction could not be asked. */
  kind: "contact" | "colleague" | "unresolved" | "unknown";
  contactName?: string;
  companyName?: string;
  contactTypes?: string[];
};

export function attendeeRows(s: PaneState): AttendeeRow[] {
  const view = s.meeting.view;
  if (!view) return [];
  const settings = view.settings ?? s.settings;
  // Without firm settings, the signed-in user's own domain is the best guess of "inside the firm".
  const firmDomains = settings?.firmDomains ?? [emailDomain(view.snapshot.user.email)];
  const record = view.record ?? null;
  const dir = s.meeting.directory;
  const typeName = (id: string) => dir?.contactTypes.find((t) => t.id === id)?.name ?? id;
  // The directory's own entries only: indexing the object would find "constructor" in every directory.
  const listed = dir ? new Map(Object.entries(dir.contacts)) : null;
  const seen = new Set<string>();
  const people = [view.snapshot.organizer, ...view.snapshot.attendees.filter((a) => a.type !== "resource")];
  const rows: AttendeeRow[] = [];
  for (const p of people) {
    const email = p.email.toLowerCase();
    if (!email || seen.has(email)) continue;
    seen.add(email);
    const base = { email, name: p.name || email };
    if (isFirmAddress(email, firmDomains)) {
      rows.push({ ...base, kind: "colleague" });
      continue;
    }
    if (record) {
      const contact = record.contacts.find((c) => c.email.toLowerCase() === email);
      if (contact) {
        const company = record.companies.find((c) => c.id === contact.companyId);
        rows.push({ ...base, kind: "contact", contactName: contact.name, companyName: company?.name });
      } else if (s.meeting.contacts.get(email)?.state === "added") {
        rows.push({ ...base, kind: "contact", contactName: p.name || email });
      } else {
        rows.push({ ...base, kind: "unresolved" });
      }
      continue;
    }
    if (dir) {
      const c = listed?.get(email);
      if (c) {
        rows.push({
          ...base,
          kind: "contact",
          contactName: c.name,
          companyName: c.company?.name,
          contactTypes: [...c.contactTypeIds, ...(c.company?.contactTypeIds ?? [])].map(typeName),
        });
      } else {
        rows.push({ ...base, kind: s.meeting.contacts.get(email)?.state === "added" ? "contact" : "unresolved" });
      }
      continue;
    }
    rows.push({ ...base, kind: "unknown" });
  }
  return rows;
}

export interface DocumentRow {
  attachmentId: string;
  name: string;
  size: number;
  phase: DocumentPhase;
  message?: string;
}

/** The sync layer's document state in the pane's words. */
export function documentPhase(d: DocumentView): DocumentPhase {
  switch (d.state) {
    case "uploaded":
      return "uploaded";
    case "queued":
      return "planned";
    case "failed":
      return d.error && /too large|413/i.test(d.error) ? "tooLarge" : "failed";
    case "notUploaded":
      return "notAdded";
    case "notSynced":
      return "skipped";
  }
}

export interface DocumentsDerived {
  rows: DocumentRow[];
  /** Present while uploads run: bytes done / bytes of the files in this delivery. */
  progress: { value: number; done: number; total: number } | null;
}

export function documentRows(m: MeetingPaneState): DocumentsDerived {
  const view = m.view;
  const live = m.uploads.files;
  const rows: DocumentRow[] = (view?.documents ?? []).map((d) => {
    const ev = live.get(d.attachmentId);
    const base = { attachmentId: d.attachmentId, name: d.name, size: d.size };
    return ev
      ? { ...base, phase: ev.phase, message: ev.message ?? d.error }
      : { ...base, phase: documentPhase(d), message: d.error };
  });
  for (const ev of live.values()) {
    if (!rows.some((r) => r.attachmentId === ev.attachmentId)) {
      rows.push({ attachmentId: ev.attachmentId, name: ev.name, size: ev.size, phase: ev.phase, message: ev.message });
    }
  }
  const events = [...live.values()];
  const active = events.some((e) => e.phase === "reading" || e.phase === "uploading");
  if (!active) return { rows, progress: null };
  const totalBytes = events.reduce((n, e) => n + Math.max(e.size, 1), 0);
  const doneBytes = events.filter((e) => e.phase === "uploaded").reduce((n, e) => n + Math.max(e.size, 1), 0);
  return {
    rows,
    progress: {
      value: totalBytes > 0 ? doneBytes / totalBytes : 0,
      done: events.filter((e) => e.phase === "uploaded").length,
      total: events.length,
    },
  };
}
