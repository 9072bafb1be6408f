// The user's edits of the open meeting form, and the events Outlook raises for them: the task pane's item handlers
// hear AppointmentTimeChanged / RecipientsChanged / RecurrenceChanged / AttachmentsChanged, and the matching launch
// event runs. (Outlook raises nothing for subject, location or notes edits.)
import { OfficeErrors, type AttachmentData, type Recipient } from "../../shared/bridge";
import type { AddinSurface } from "./addinSurface";
import type { Dispatcher } from "./dispatch";
import type { MailboxStore } from "./mailboxes";
import {
  type Attendee,
  base64Size,
  fieldsToDraft,
  type Form,
  type MeetingFields,
  recurrenceData,
  stripWhitespace,
  toIso,
} from "./model";

export interface EditingHost {
  readonly user: Recipient;
  readonly dispatcher: Dispatcher;
  readonly surface: AddinSurface;
  readonly store: MailboxStore;
  requireCompose(): Form;
  now(): Date;
  changed(): void;
}

/** An item event: the task pane's handlers hear it, and the matching launch event runs. */
async function raise(
  host: EditingHost,
  paneEvent: string,
  launchEvent: string,
  form: Form,
  args: Record<string, unknown>,
) {
  host.surface.emitToPane(paneEvent, args);
  await host.dispatcher.launch(launchEvent, form, args);
}

export async function edit(host: EditingHost, fields: Partial<MeetingFields>): Promise<void> {
  const form = host.requireCompose();
  const before = form.draft;
  const after = fieldsToDraft(fields, before, host.now(), host.user);
  if (Date.parse(after.end) < Date.parse(after.start)) throw OfficeErrors.invalidEndTime();
  form.draft = after;
  host.changed();
  const key = (list: Attendee[]) => list.map((a) => a.email).join(",");
  const requiredChanged = key(before.required) !== key(after.required);
  const optionalChanged = key(before.optional) !== key(after.optional);
  if (before.start !== after.start || before.end !== after.end) {
    const args = { type: "olkAppointmentTimeChanged", start: after.start, end: after.end };
    await raise(host, "olkAppointmentTimeChanged", "OnAppointmentTimeChanged", form, args);
  }
  if (requiredChanged || optionalChanged) {
    const changedRecipientFields = {
      requiredAttendees: requiredChanged,
      optionalAttendees: optionalChanged,
      resources: false,
    };
    const args = { type: "olkRecipientsChanged", changedRecipientFields };
    await raise(host, "olkRecipientsChanged", "OnAppointmentAttendeesChanged", form, args);
  }
  if (before.recurrence !== after.recurrence) {
    const args = { type: "olkRecurrenceChanged", recurrence: recurrenceData(after.recurrence, after.start, after.end) };
    await raise(host, "olkRecurrenceChanged", "OnAppointmentRecurrenceChanged", form, args);
  }
}

export async function addAttachment(
  host: EditingHost,
  file: { name: string; contentType: string; base64: string },
): Promise<string> {
  const form = host.requireCompose();
  const base64 = stripWhitespace(file.base64);
  const attachment: AttachmentData = {
    id: `att-${crypto.randomUUID()}`,
    name: file.name,
    contentType: file.contentType || "application/octet-stream",
    size: base64Size(base64),
    isInline: false,
    attachmentType: "file",
    contentRef: host.store.contents.put(base64),
  };
  form.draft.attachments = [...form.draft.attachments, attachment];
  host.changed();
  await attachmentsChanged(host, form, "added", attachment);
  return attachment.id;
}

export async function removeAttachment(host: EditingHost, nameOrId: string): Promise<void> {
  const form = host.requireCompose();
  const attachment = form.draft.attachments.find((a) => a.name === nameOrId || a.id === nameOrId);
  if (!attachment) throw OfficeErrors.invalidAttachmentId();
  form.draft.attachments = form.draft.attachments.filter((a) => a !== attachment);
  host.changed();
  await attachmentsChanged(host, form, "removed", attachment);
}

async function attachmentsChanged(host: EditingHost, form: Form, status: "added" | "removed", a: AttachmentData) {
  const { contentRef: _ref, ...attachmentDetails } = a;
  const args = { type: "olkAttachmentsChanged", attachmentStatus: status, attachmentDetails };
  await raise(host, "olkAttachmentsChanged", "OnAppointmentAttachmentsChanged", form, args);
}

/**
 * A drag-and-drop move on the calendar: Outlook saves the item with its new time and, for a sent meeting's organizer,
 * sends the update, with no add-in event in any client (TimeChanged misses drag-and-drop moves).
 */
export async function drag(
  host: EditingHost & { closeForm(): void },
  meetingId: string,
  to: { start: string; end: string },
): Promise<void> {
  const start = toIso(to.start);
  const end = toIso(to.end);
  if (Date.parse(end) < Date.parse(start)) throw OfficeErrors.invalidEndTime();
  if (!host.store.find(meetingId, host.user.email))
    throw new Error(`No meeting ${meetingId} in ${host.user.email}'s calendar`);
  // Dragging happens in the calendar view: an open form of the item is closed first.
  host.closeForm();
  await host.store.move(host.user.email, meetingId, start, end);
  host.changed();
}
