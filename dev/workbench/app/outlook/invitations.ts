// Meetings organized outside the firm: an outside organizer's invitation lands in each invitee's mailbox, and an
// attendee answers it from the read surface.
import type { Recipient } from "../../shared/bridge";
import type { AddinSurface } from "./addinSurface";
import type { MailboxStore } from "./mailboxes";
import { fieldsToDraft, type Form, type MeetingFields } from "./model";
import { FIRM_USERS, isFirmUser, personFor } from "./people";

export interface InvitationHost {
  readonly user: Recipient;
  readonly store: MailboxStore;
  readonly surface: AddinSurface;
  readonly form: Form | null;
  statusLine: string;
  now(): Date;
  changed(): void;
}

/** An organizer outside the firm invites firm users; each gets their own copy (response "none"). */
export async function invite(
  host: InvitationHost,
  from: Recipient,
  to: string[],
  fields: Partial<MeetingFields>,
): Promise<Record<string, string>> {
  const draft = fieldsToDraft(fields, undefined, host.now(), host.user);
  const invited = to.map((e) => e.toLowerCase());
  const attendeeEmails = [...new Set([...(fields.requiredAttendees ?? []).map((e) => e.toLowerCase()), ...invited])];
  draft.required = attendeeEmails.map((e) => ({ ...personFor(e), response: "none" }));
  draft.optional = draft.optional.filter((a) => !attendeeEmails.includes(a.email));
  draft.organizer = { email: from.email.toLowerCase(), name: from.name || personFor(from.email).name };
  draft.isOrganizer = false;
  return host.store.invite(draft.organizer, invited, draft);
}

/** The attendee answers the open invitation; the organizer's copy learns it. */
export async function respond(host: InvitationHost, response: "accept" | "tentative" | "decline"): Promise<void> {
  const form = host.form;
  if (!form || form.mode !== "read" || !form.itemId) throw new Error("Open an invitation (read surface) first");
  const value = response === "accept" ? "accepted" : response === "tentative" ? "tentative" : "declined";
  const item = await host.store.respond(form.owner, form.itemId, value);
  form.draft = structuredClone({ ...form.draft, myResponse: value, required: item.required, optional: item.optional });
  host.statusLine = `Response sent: ${response}`;
  host.changed();
  // The reading pane shows the updated item; a pinned task pane sees it as the selected item again.
  host.surface.emitToPane("olkItemSelectedChanged", {});
}

/** The firm mailbox's copy of an invitation whose organizer is outside the firm. */
function outsideCopy(host: InvitationHost, meetingId: string) {
  const item = FIRM_USERS.map((u) => host.store.find(meetingId, u.email)).find(Boolean);
  if (!item) throw new Error(`No meeting ${meetingId} in the firm's mailboxes`);
  if (isFirmUser(item.organizer.email))
    throw new Error(`${item.organizer.email} is in the firm: only an outside organizer's meeting changes from outside`);
  return item;
}

/** The outside organizer changes their meeting: every firm invitee's copy follows (responses and custom properties stay). */
export async function updateFromOutside(
  host: InvitationHost,
  meetingId: string,
  fields: Partial<MeetingFields>,
): Promise<void> {
  await host.store.updateFromOutside(outsideCopy(host, meetingId).uid, fields);
  host.changed();
}

/** The outside organizer cancels their meeting: every firm invitee's copy is cancelled. */
export async function cancelFromOutside(host: InvitationHost, meetingId: string): Promise<void> {
  await host.store.cancelFromOutside(outsideCopy(host, meetingId).uid);
  host.changed();
}
