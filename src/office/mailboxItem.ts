// The open Outlook appointment as the sync core's MeetingSnapshot, in both modes Outlook has:
// - compose (the organizer's form; every value is read with an async getter and is whatever the form holds now);
// - read (the attendee's view of an invitation, or any read-only appointment; values are plain properties).
// Outlook calls used here are the whole contract with the host (the workbench implements exactly these).
import type {
  AttachmentInfo,
  Attendee,
  AttendeeResponse,
  AttendeeType,
  MeetingSnapshot,
  Person,
  Sensitivity,
} from "../core/meeting";
import type { MailboxItem } from "../sync/ports";
import { OfficeApiError, officeCall, requireApi } from "./officeAsync";

type ComposeAppointment = Office.AppointmentCompose & Office.ItemCompose;
type ReadAppointment = Office.AppointmentRead & Office.ItemRead;
type AnyItem = ComposeAppointment | ReadAppointment;

/**
 * Office.js has no cancellation flag for an appointment (OfficeDev/office-js#2641, #4932): the only sign is the
 * subject prefix Outlook adds (MAPI's subject prefix, in the organizer's display language) to the attendee's copy and
 * to the organizer's "Send Cancellation" form in classic Outlook. Web and new Outlook raise no send event for a
 * cancellation at all (#4091). Besides English, the German, French, Spanish, Portuguese, Italian and Dutch wordings
 * are recognised, best effort (not checked against every build). A cancellation whose prefix is not recognised is an
 * ordinary send (README, Known limits).
 */
export const CANCELLED_PREFIX = /^\s*(cancell?ed|abgesagt|annul[ée]|annullato|cancelad[oa]|geannuleerd)\s*:/i;

export const isComposeItem = (item: AnyItem): item is ComposeAppointment => typeof item.subject !== "string";

const lower = (s: string | undefined | null): string => (s ?? "").trim().toLowerCase();

const person = (d: Office.EmailAddressDetails | undefined | null): Person => ({
  email: lower(d?.emailAddress),
  name: (d?.displayName ?? "").trim(),
});

const RESPONSES: readonly AttendeeResponse[] = ["none", "organizer", "tentative", "accepted", "declined"];
const response = (r: unknown): AttendeeResponse => {
  const v = lower(String(r ?? "none")) as AttendeeResponse;
  return RESPONSES.includes(v) ? v : "none";
};

const attendees = (list: Office.EmailAddressDetails[] | undefined, type: AttendeeType): Attendee[] =>
  (list ?? []).map((d) => ({ ...person(d), type, response: response(d.appointmentResponse) }));

const SENSITIVITIES: readonly Sensitivity[] = ["normal", "personal", "private", "confidential"];
const sensitivity = (value: unknown): Sensitivity => {
  const v = lower(String(value ?? "")) as Sensitivity;
  if (SENSITIVITIES.includes(v)) return v;
  // Unknown means Outlook did not say: treat it as private, so a meeting is never synced by mistake.
  return "private";
};

const MIME: Record<string, string> = {
  pdf: "application/pdf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  txt: "text/plain",
  csv: "text/csv",
  rtf: "application/rtf",
  htm: "text/html",
  html: "text/html",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  zip: "application/zip",
  msg: "application/vnd.ms-outlook",
  eml: "message/rfc822",
  ics: "text/calendar",
};

/** Compose-mode attachment details carry no content type: derive it from the file name. */
export const contentTypeOf = (name: string, given?: string): string => {
  if (given && given.trim()) return given.trim();
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  // The extension is outside data: only the table's own entries count ("x.constructor" is not a known type).
  return (ext && Object.prototype.hasOwnProperty.call(MIME, ext) && MIME[ext]) || "application/octet-stream";
};

const attachmentKind = (t: unknown): AttachmentInfo["kind"] => {
  const v = lower(String(t ?? "file"));
  return v === "item" ? "item" : v === "cloud" ? "cloud" : "file";
};

const attachment = (a: Office.AttachmentDetails | Office.AttachmentDetailsCompose): AttachmentInfo => ({
  id: a.id,
  name: a.name ?? "",
  size: typeof a.size === "number" ? a.size : 0,
  contentType: contentTypeOf(a.name ?? "", (a as Office.AttachmentDetails).contentType),
  isInline: Boolean(a.isInline),
  kind: attachmentKind(a.attachmentType),
});

const iso = (d: Date | string | undefined, what: string): string => {
  const date = d instanceof Date ? d : d ? new Date(d) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new OfficeApiError(`read the ${what}`, "invalidValue", `Outlook gave no ${what} time.`);
  return date.toISOString();
};

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The all-day fields of a snapshot (Mailbox 1.13's isAllDayEvent; the manifest requires 1.14). An all-day meeting's
 * instants are midnights in Outlook's time zone, so its dates are read in that zone: convertToLocalClientTime is
 * Outlook's own conversion; the runtime's zone is the fallback where it is missing.
 */
export const allDayFields = (
  isAllDay: boolean | undefined,
  start: string,
  end: string,
  mailbox: Pick<Office.Mailbox, "convertToLocalClientTime"> | undefined,
): Pick<MeetingSnapshot, "isAllDay" | "allDayDates"> => {
  if (!isAllDay) return {};
  const dateOf = (instant: string): string => {
    const local = mailbox?.convertToLocalClientTime?.(new Date(instant));
    if (local) return `${local.year}-${pad(local.month + 1)}-${pad(local.date)}`;
    const d = new Date(instant);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  };
  return { isAllDay: true, allDayDates: { start: dateOf(start), end: dateOf(end) } };
};

export interface OfficeMailboxItem extends MailboxItem {
  /** "compose" for the organizer's form, "read" for a read-only appointment (attendee). */
  mode(): "compose" | "read";
}

/** The open item of `mailbox` (Office.context.mailbox by default) as the MailboxItem port. */
export function createOfficeMailboxItem(mailbox: Office.Mailbox = Office.context.mailbox): OfficeMailboxItem {
  const current = (): AnyItem => requireApi(mailbox.item as AnyItem | null | undefined, "find the open meeting");
  const user = (): Person => ({
    email: lower(mailbox.userProfile?.emailAddress),
    name: (mailbox.userProfile?.displayName ?? "").trim(),
  });

  async function readCompose(item: ComposeAppointment): Promise<MeetingSnapshot> {
    const me = user();
    const get = <T>(what: string, prop: { getAsync(cb: (r: Office.AsyncResult<T>) => void): void } | undefined) =>
      officeCall<T>(`read the ${what}`, (cb) => requireApi(prop, `read the ${what}`).getAsync(cb));
    // Read alongside the rest (not in this @types/office-js; Mailbox 1.13): where Outlook lacks it the meeting is
    // read as a timed one.
    const allDayRead = get<boolean>(
      "all-day flag",
      (item as { isAllDayEvent?: { getAsync(cb: (r: Office.AsyncResult<boolean>) => void): void } }).isAllDayEvent,
    ).catch(() => undefined);
    const [subject, start, end, location, organizer, required, optional, notes, atts, recurrence, sens, itemId] =
      await Promise.all([
        get<string>("subject", item.subject),
        get<Date>("start", item.start),
        get<Date>("end", item.end),
        get<string>("location", item.location),
        // The organizer's own form: if Outlook cannot say who organizes it, it is the signed-in user.
        item.organizer
          ? get<Office.EmailAddressDetails>("organizer", item.organizer).catch(() => undefined)
          : Promise.resolve(undefined),
        get<Office.EmailAddressDetails[]>("required attendees", item.requiredAttendees),
        get<Office.EmailAddressDetails[]>("optional attendees", item.optionalAttendees),
        officeCall<string>("read the notes", (cb) =>
          requireApi(item.body, "read the notes").getAsync("text" as Office.CoercionType, cb),
        ),
        officeCall<Office.AttachmentDetailsCompose[]>("read the attachments", (cb) =>
          requireApi(item.getAttachmentsAsync, "read the attachments").call(item, cb),
        ),
        officeCall<Office.Recurrence | null>("read the recurrence", (cb) =>
          requireApi(item.recurrence, "read the recurrence").getAsync(cb),
        ),
        officeCall<Office.MailboxEnums.AppointmentSensitivityType | string>("read the sensitivity", (cb) =>
          requireApi(item.sensitivity, "read the sensitivity").getAsync(cb),
        ),
        // A meeting that was never saved has no id yet (Outlook answers an error): that is what "new" means here.
        item.getItemIdAsync
          ? officeCall<string>("read the item id", (cb) => item.getItemIdAsync(cb)).catch(() => undefined)
          : Promise.resolve(undefined),
      ]);
    const org = organizer && organizer.emailAddress ? person(organizer) : me;
    const [startIso, endIso, allDay] = [iso(start, "start"), iso(end, "end"), await allDayRead];
    return {
      itemId: itemId || undefined,
      subject: subject ?? "",
      start: startIso,
      end: endIso,
      location: location ?? "",
      organizer: org,
      attendees: [...attendees(required, "required"), ...attendees(optional, "optional")],
      notes: notes ?? "",
      attachments: (atts ?? []).map(attachment),
      isRecurring: recurrence !== null && recurrence !== undefined && Boolean(recurrence.recurrenceType),
      sensitivity: sensitivity(sens),
      isCancelled: CANCELLED_PREFIX.test(subject ?? ""),
      role: "organizer",
      user: me,
      userResponse: "organizer",
      isNew: !itemId,
      ...allDayFields(allDay, startIso, endIso, mailbox),
    };
  }

  async function readRead(item: ReadAppointment): Promise<MeetingSnapshot> {
    const me = user();
    const notes = await officeCall<string>("read the notes", (cb) =>
      requireApi(item.body, "read the notes").getAsync("text" as Office.CoercionType, cb),
    );
    const organizer = person(item.organizer);
    const all = [...attendees(item.requiredAttendees, "required"), ...attendees(item.optionalAttendees, "optional")];
    const isOrganizer = !organizer.email || organizer.email === me.email;
    const mine = all.find((a) => a.email === me.email);
    const recurrence = item.recurrence as Office.Recurrence | null | undefined;
    if (item.sensitivity === undefined) requireApi(undefined, "read the sensitivity");
    return {
      itemId: item.itemId || undefined,
      subject: item.subject ?? "",
      start: iso(item.start, "start"),
      end: iso(item.end, "end"),
      location: item.location ?? "",
      organizer: organizer.email ? organizer : me,
      attendees: all,
      notes: notes ?? "",
      attachments: (item.attachments ?? []).map(attachment),
      isRecurring: Boolean(item.seriesId) || Boolean(recurrence && recurrence.recurrenceType),
      sensitivity: sensitivity(item.sensitivity),
      isCancelled: CANCELLED_PREFIX.test(item.subject ?? ""),
      role: isOrganizer ? "organizer" : "attendee",
      user: me,
      // Not in the list: invited through a distribution list (Office.js has no "my response" in read mode).
      userResponse: isOrganizer ? "organizer" : (mine?.response ?? "unknown"),
      isNew: false,
      ...allDayFields(
        (item as { isAllDayEvent?: boolean }).isAllDayEvent,
        iso(item.start, "start"),
        iso(item.end, "end"),
        mailbox,
      ),
    };
  }

  return {
    mode: () => (isComposeItem(current()) ? "compose" : "read"),
    read: async () => {
      const item = current();
      return isComposeItem(item) ? readCompose(item) : readRead(item);
    },
    readAttachment: async (attachmentId: string) => {
      const item = current();
      const content = await officeCall<Office.AttachmentContent>("read an attachment", (cb) =>
        requireApi(item.getAttachmentContentAsync, "read an attachment").call(item, attachmentId, cb),
      );
      if (String(content.format).toLowerCase() !== "base64") {
        throw new OfficeApiError(
          "read an attachment",
          "unsupportedFormat",
          `This attachment is a ${content.format} link or item, not a file, so it cannot become a document.`,
        );
      }
      let contentType = "application/octet-stream";
      if (isComposeItem(item)) {
        const list = await officeCall<Office.AttachmentDetailsCompose[]>("read the attachments", (cb) =>
          item.getAttachmentsAsync(cb),
        ).catch(() => []);
        const found = list.find((a) => a.id === attachmentId);
        if (found) contentType = contentTypeOf(found.name);
      } else {
        const found = (item.attachments ?? []).find((a) => a.id === attachmentId);
        if (found) contentType = contentTypeOf(found.name, found.contentType);
      }
      return { base64: content.content, contentType };
    },
  };
}
