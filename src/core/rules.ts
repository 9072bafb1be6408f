// The firm's rules: which meetings are added automatically on send, and the per-meeting defaults (visibility,
// activity type). The decision always carries its reason in words, because a meeting that appears in InterAction
// "by itself" must be explainable to the lawyer who sent it.
import type { MeetingSnapshot } from "./meeting";
import { messages } from "./messages";
import { isFirmAddress, normalizeEmail } from "./normalize";
import type { AttendeeDirectory, CalendarSyncSettings, Visibility } from "./settings";
import { isAdded, type SyncState } from "./syncState";
import { isReconcileTrigger, type SyncTrigger } from "./trigger";

export interface AutoAddMatch {
  email: string;
  contactName: string;
  /** Present when the match came through the attendee's company. */
  companyName?: string;
  contactTypeName: string;
}

export interface AutoAddDecision {
  add: boolean;
  explanation: string;
  matches: AutoAddMatch[];
}

/** The attendees whose contact (or whose company) has one of the firm's auto-add contact types. */
export const findAutoAddMatches = (
  snapshot: MeetingSnapshot,
  settings: Pick<CalendarSyncSettings, "autoAddContactTypeIds" | "firmDomains">,
  directory: AttendeeDirectory,
): AutoAddMatch[] => {
  const wanted = new Set(settings.autoAddContactTypeIds);
  const typeName = (id: string): string => directory.contactTypes.find((t) => t.id === id)?.name ?? id;
  const matches: AutoAddMatch[] = [];
  for (const attendee of snapshot.attendees) {
    // Colleagues are never the client, whatever InterAction says about them.
    if (isFirmAddress(attendee.email, settings.firmDomains)) continue;
    // The address is outside data: only the directory's own entries count ("constructor" is no contact).
    const email = normalizeEmail(attendee.email);
    const contact = Object.prototype.hasOwnProperty.call(directory.contacts, email)
      ? directory.contacts[email]
      : undefined;
    if (!contact) continue;
    const own = contact.contactTypeIds.find((id) => wanted.has(id));
    if (own) {
      matches.push({ email: attendee.email, contactName: contact.name, contactTypeName: typeName(own) });
      continue;
    }
    const viaCompany = contact.company?.contactTypeIds.find((id) => wanted.has(id));
    if (viaCompany && contact.company) {
      matches.push({
        email: attendee.email,
        contactName: contact.name,
        companyName: contact.company.name,
        contactTypeName: typeName(viaCompany),
      });
    }
  }
  return matches;
};

export const explainMatches = (matches: readonly AutoAddMatch[]): string => {
  const [first, ...rest] = matches;
  if (!first) return messages.autoAdd.noMatch;
  return first.companyName
    ? messages.autoAdd.becauseCompany(first.email, first.companyName, first.contactTypeName, rest.length)
    : messages.autoAdd.becauseContact(first.email, first.contactTypeName, rest.length);
};

/**
 * Whether the firm rules add this meeting on send. The user's per-meeting choice wins over the firm: "never" and
 * "manual" are never overridden. `directory` is null when InterAction could not be asked.
 */
export const decideAutoAdd = (
  snapshot: MeetingSnapshot,
  state: Pick<SyncState, "mode"> | null,
  settings: Pick<CalendarSyncSettings, "enabled" | "autoAddContactTypeIds" | "firmDomains">,
  directory: AttendeeDirectory | null,
): AutoAddDecision => {
  const no = (explanation: string): AutoAddDecision => ({ add: false, explanation, matches: [] });
  if (!settings.enabled) return no(messages.autoAdd.disabled);
  const mode = state?.mode ?? "automatic";
  if (mode === "never") return no(messages.autoAdd.neverMode);
  if (mode === "manual") return no(messages.autoAdd.manualMode);
  if (settings.autoAddContactTypeIds.length === 0) return no(messages.autoAdd.noRules);
  if (!directory) return no(messages.autoAdd.unchecked);
  const matches = findAutoAddMatches(snapshot, settings, directory);
  return { add: matches.length > 0, explanation: explainMatches(matches), matches };
};

/** Whether deciding auto-add needs the attendee directory at all (so send can skip the lookup). */
export const needsDirectory = (
  state: Pick<SyncState, "mode"> | null,
  settings: Pick<CalendarSyncSettings, "enabled" | "autoAddContactTypeIds">,
): boolean =>
  settings.enabled && (state?.mode ?? "automatic") === "automatic" && settings.autoAddContactTypeIds.length > 0;

/**
 * Whether the firm rules decide about this meeting now: on send, or on the first reconcile after a send whose rules
 * could not be checked (InterAction unreachable, settings unknown); only for the organizer's meeting that is neither
 * in InterAction nor already asked for. The planner and the use-case (which looks the attendees up first) both ask.
 */
export const firmRulesDue = (
  snapshot: Pick<MeetingSnapshot, "role">,
  state: Pick<SyncState, "syncKey" | "revision" | "addRequested" | "autoAddPending" | "needsReconcile">,
  trigger: SyncTrigger,
): boolean =>
  !isAdded(state) &&
  !state.addRequested &&
  snapshot.role === "organizer" &&
  (trigger.kind === "send" || (isReconcileTrigger(trigger) && Boolean(state.autoAddPending || state.needsReconcile)));

/** The meeting's own choice, or the firm's default. */
export const effectiveVisibility = (
  state: Pick<SyncState, "visibility"> | null,
  settings: Pick<CalendarSyncSettings, "defaultVisibility">,
): Visibility => state?.visibility ?? settings.defaultVisibility;

export const effectiveActivityTypeId = (
  state: Pick<SyncState, "activityTypeId"> | null,
  settings: Pick<CalendarSyncSettings, "defaultActivityTypeId">,
): string => state?.activityTypeId ?? settings.defaultActivityTypeId;
