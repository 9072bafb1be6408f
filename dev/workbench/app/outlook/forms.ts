// Opening the meeting form as Outlook does: a new meeting as its organizer, or an existing item in compose (its
// organizer) or on the read surface (an attendee, or a cancelled meeting), with the launch events Outlook raises on
// opening. Saving, editing and sending the open form are outlook.ts, ./editing.ts and ./send.ts.
import type { Recipient } from "../../shared/bridge";
import type { Dispatcher } from "./dispatch";
import { type CalendarItem, type Draft, fieldsToDraft, type Form, type MeetingFields } from "./model";

export interface FormHost {
  readonly user: Recipient;
  readonly dispatcher: Dispatcher;
  form: Form | null;
  statusLine: string;
  /** A new form's id, unique in this Outlook. */
  nextFormId(): string;
  findItem(itemId: string): CalendarItem | undefined;
  closeForm(): void;
  now(): Date;
  changed(): void;
}

function openForm(host: FormHost, mode: Form["mode"], draft: Draft, item?: CalendarItem): Form {
  host.closeForm();
  host.statusLine = "";
  const form: Form = {
    id: host.nextFormId(),
    mode,
    owner: item?.owner ?? host.user.email,
    itemId: item?.itemId,
    draft,
    customProperties: structuredClone(item?.customProperties ?? {}),
    sessionData: {},
    notifications: [],
    state: "open",
  };
  host.form = form;
  host.changed();
  return form;
}

/** Opens a new meeting form as organizer and lets the add-in react (OnNewAppointmentOrganizer...). */
export async function newMeeting(host: FormHost, fields: Partial<MeetingFields> = {}): Promise<void> {
  const form = openForm(host, "compose", fieldsToDraft(fields, undefined, host.now(), host.user));
  await host.dispatcher.launch("OnNewAppointmentOrganizer", form, {});
  await host.dispatcher.launch("OnAppointmentOrganizer", form, {});
}

/** Opens an existing item: compose as its organizer, the read surface as an attendee. */
export async function openItem(host: FormHost, itemId: string): Promise<void> {
  const item = host.findItem(itemId);
  if (!item) throw new Error(`No meeting ${itemId} in ${host.user.email}'s calendar`);
  const { itemId: _id, owner: _o, created: _c, modified: _m, customProperties: _p, ...draft } = item;
  const mode = item.isOrganizer && !item.isCancelled ? "compose" : "read";
  const form = openForm(host, mode, structuredClone(draft), item);
  if (form.mode === "compose") await host.dispatcher.launch("OnAppointmentOrganizer", form, {});
  else await host.dispatcher.launch("OnAppointmentAttendee", form, {});
}
