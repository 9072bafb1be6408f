// Pure derivations from the store to what the views show: the status line (statusView.ts, re-exported here),
// attendee resolution, document rows. Kept out of the components so every rule is tested without rendering.
import { emailDomain, isFirmAddress } from "../core/normalize";
import type { Visibility } from "../core/settings";
import type { MeetingPaneState, PaneState } from "./state";
import type { DocumentPhase, DocumentView } from "./types";

export {
  addButton,
  eligibilityNote,
  eligibilityText,
  errorReason,
  isUndelivered,
  linkLeaving,
  refusalText,
  refusedRemoval,
  sharedText,
  statusText,
  stoppedText,
  type AddButtonState,
} from "./statusView";

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
