// The simulated Outlook: mailboxes (one calendar per firm user), the open meeting form or read surface, the clock,
// the add-in frames, and Outlook's dispatch of launch events, function commands and Smart Alerts. The Office host in
// the add-in's frames talks to this model through the FrameSession bridge (../shared/bridge.ts).
import {
  OfficeErrors,
  OfficeFailure,
  type AttachmentData,
  type AttendeeResponse,
  type ComposeField,
  type FrameSession,
  type FrameSink,
  type HostBridge,
  type ItemDescription,
  type NotificationData,
  type ReadItemData,
  type Recipient,
  type RecipientDetails,
  type RecurrenceData,
  type RecurrenceKind,
} from "../shared/bridge";
import { AttachmentStore } from "./attachmentStore";
import type { AddinManifest, LaunchEventDecl } from "./manifest";

export const FIRM_DOMAIN = "firm.example";
export const FIRM_USERS: Recipient[] = [
  { email: "alice@firm.example", name: "Alice Archer" },
  { email: "bob@firm.example", name: "Bob Baker" },
  { email: "dana@firm.example", name: "Dana Diaz" },
];
const KNOWN_PEOPLE: Record<string, string> = {
  "carol@acme.example": "Carol Chen",
  "dave@acme.example": "Dave Dawson",
  "grace@acme.example": "Grace Green",
  "ivan@globex.example": "Ivan Ivanov",
  "erin@globex.example": "Erin Evans",
};

export function personFor(email: string): Recipient {
  const e = email.trim().toLowerCase();
  const firm = FIRM_USERS.find((u) => u.email === e);
  if (firm) return firm;
  if (KNOWN_PEOPLE[e]) return { email: e, name: KNOWN_PEOPLE[e] };
  const local = e.split("@")[0] ?? e;
  return { email: e, name: local.charAt(0).toUpperCase() + local.slice(1) };
}

const isFirmUser = (email: string) => FIRM_USERS.some((u) => u.email === email.toLowerCase());

export interface Attendee extends Recipient {
  response: AttendeeResponse;
}

export interface MeetingFields {
  subject: string;
  start: string;
  end: string;
  location: string;
  requiredAttendees: string[];
  optionalAttendees: string[];
  notes: string;
  isPrivate: boolean;
  recurrence: RecurrenceKind | null;
}

/** One calendar item in one user's mailbox. The organizer's copy and each attendee's copy are separate items. */
export interface CalendarItem {
  itemId: string;
  owner: string;
  /** Shared by every copy of the same meeting (the iCalendar UID). */
  uid: string;
  subject: string;
  start: string;
  end: string;
  location: string;
  organizer: Recipient;
  required: Attendee[];
  optional: Attendee[];
  notes: string;
  attachments: AttachmentData[];
  recurrence: RecurrenceKind | null;
  isPrivate: boolean;
  isCancelled: boolean;
  isOrganizer: boolean;
  /** The organizer has sent the invitation at least once. */
  sent: boolean;
  myResponse: AttendeeResponse;
  /** The add-in's custom properties on this item (never sent to attendees). */
  customProperties: Record<string, unknown>;
  created: string;
  modified: string;
}

type Draft = Omit<CalendarItem, "itemId" | "owner" | "created" | "modified" | "customProperties">;

export interface Form {
  id: string;
  mode: "compose" | "read";
  owner: string;
  /** Absent until the form is first saved (Outlook has no item id before save). */
  itemId?: string;
  draft: Draft;
  customProperties: Record<string, unknown>;
  sessionData: Record<string, string>;
  notifications: NotificationData[];
  state: "open" | "sending" | "closed";
}

export interface SmartAlert {
  message: string;
  sendMode: string;
  actions: ("sendAnyway" | "dontSend")[];
  cancelLabel?: string;
  reason: "addin" | "timeout" | "error";
}

export interface Invocation {
  id: string;
  functionName: string;
  eventType: string;
  formId: string;
  startedAt: number;
  finishedAt?: number;
  outcome?: "completed" | "timeout" | "notAssociated" | "loadFailed";
  options?: Record<string, unknown>;
}

export interface NotificationLogEntry {
  at: string;
  itemId?: string;
  subject: string;
  op: "add" | "replace" | "remove";
  key: string;
  type?: string;
  message?: string;
}

interface FrameRecord {
  id: string;
  kind: "taskpane" | "commands";
  formId?: string;
  sink?: FrameSink;
  busy: number;
  associated: Set<string>;
  onAssociated?: () => void;
}

interface PendingInvocation {
  resolve: (options: Record<string, unknown>) => void;
}

const STORAGE_KEY = "workbench:mailboxes:v1";
const CUSTOM_PROPERTIES_LIMIT = 2500;

function newItemId(): string {
  const bytes = new Uint8Array(30);
  crypto.getRandomValues(bytes);
  const b64 = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
  return `AAMkADwb${b64}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const htmlToText = (html: string) => {
  const doc = new DOMParser().parseFromString(html, "text/html");
  doc.querySelectorAll("br").forEach((br) => br.replaceWith("\n"));
  doc.querySelectorAll("p,div").forEach((el) => el.append("\n"));
  return (doc.body.textContent ?? "").replace(/\n+$/, "");
};

/** Base64 without whitespace (one pass only when there is whitespace: attachments can be 33 MB of text). */
const stripWhitespace = (base64: string) => (/\s/.test(base64) ? base64.replace(/\s/g, "") : base64);

function base64Size(clean: string): number {
  const padding = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

/** Every content reference the mailboxes hold. */
const contentRefs = (mailboxes: Record<string, CalendarItem[]>) =>
  new Set(Object.values(mailboxes).flatMap((items) => items.flatMap((m) => m.attachments.map((a) => a.contentRef))));

function recurrenceData(kind: RecurrenceKind | null, start: string, end: string): RecurrenceData | null {
  if (!kind) return null;
  const s = new Date(start);
  const pad = (n: number) => String(n).padStart(2, "0");
  const days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  return {
    recurrenceType: kind,
    recurrenceProperties: kind === "weekly" ? { interval: 1, days: [days[s.getDay()] ?? "mon"] } : { interval: 1 },
    seriesTime: {
      startDate: `${s.getFullYear()}-${pad(s.getMonth() + 1)}-${pad(s.getDate())}`,
      endDate: null,
      startTime: `${pad(s.getHours())}:${pad(s.getMinutes())}`,
      durationMinutes: Math.round((Date.parse(end) - Date.parse(start)) / 60000),
    },
    recurrenceTimeZone: { name: Intl.DateTimeFormat().resolvedOptions().timeZone },
  };
}

const toIso = (v: string) => {
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new Error(`Not a date: ${v}`);
  return new Date(t).toISOString();
};

export type Listener = () => void;

export class Outlook implements HostBridge {
  user: Recipient = FIRM_USERS[0]!;
  mailboxes: Record<string, CalendarItem[]> = {};
  form: Form | null = null;
  pane: { url: string; pinned: boolean; pinnable: boolean; frameId?: string; nonce: number } | null = null;
  smartAlert: (SmartAlert & { resolve: (choice: "sendAnyway" | "dontSend") => void }) | null = null;
  lastSmartAlert: SmartAlert | null = null;
  clockOffset = 0;
  theme: "light" | "dark" = "light";
  invocations: Invocation[] = [];
  notificationLog: NotificationLogEntry[] = [];
  commandFrames: { id: string; url: string; attempt: number }[] = [];
  statusLine = "";
  /** Milliseconds Outlook waits for an event handler before giving up on it. */
  eventTimeoutMs = 60_000;

  private frames = new Map<Window, FrameRecord>();
  private framesById = new Map<string, FrameRecord>();
  private pendingInvocations = new Map<string, PendingInvocation>();
  private listeners = new Set<Listener>();
  private seq = 0;
  private work = 0;
  private dispatchChain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly manifest: AddinManifest,
    readonly sandboxUrl: string,
    /** Attachment contents, kept out of the mailbox JSON (see ./attachmentStore.ts). */
    readonly contents = new AttachmentStore(),
  ) {
    try {
      const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null") as {
        mailboxes?: Record<string, CalendarItem[]>;
        user?: string;
      } | null;
      if (saved?.mailboxes) this.mailboxes = saved.mailboxes;
      if (saved?.user) this.user = personFor(saved.user);
    } catch {
      this.mailboxes = {};
    }
    for (const u of FIRM_USERS) this.mailboxes[u.email] ??= [];
    // Mailboxes saved before contents moved out of the JSON carry the base64 inline: move it to the store.
    for (const items of Object.values(this.mailboxes))
      for (const m of items)
        for (const a of m.attachments as (AttachmentData & { base64?: string })[]) {
          if (typeof a.base64 === "string") a.contentRef = this.contents.put(stripWhitespace(a.base64));
          delete a.base64;
        }
    void this.contents.collect(contentRefs(this.mailboxes));
  }

  // ------------------------------------------------------------------------------------------------- observation
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ mailboxes: this.mailboxes, user: this.user.email }));
    for (const l of this.listeners) l();
  }

  now(): Date {
    return new Date(Date.now() + this.clockOffset);
  }

  /** In-flight work: running invocations, the frames' fetches and Office calls, attachment contents being stored. */
  get busy(): number {
    let n = this.work + this.contents.pending;
    for (const f of this.frames.values()) n += f.busy;
    return n;
  }

  // ------------------------------------------------------------------------------------------------------ clock
  async loadClock(): Promise<void> {
    const res = await fetch("/__workbench/clock");
    if (res.ok) {
      const { now } = (await res.json()) as { now: string };
      this.clockOffset = Date.parse(now) - Date.now();
    }
    this.changed();
  }

  async setNow(iso: string): Promise<void> {
    const now = toIso(iso);
    const res = await fetch("/__workbench/clock", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ now }),
    });
    if (!res.ok) throw new Error(`The sandbox refused the clock change: ${res.status} ${await res.text()}`);
    this.clockOffset = Date.parse(now) - Date.now();
    this.changed();
  }

  // ------------------------------------------------------------------------------------------------------- users
  signIn(email: string): void {
    const user = FIRM_USERS.find((u) => u.email === email.toLowerCase());
    if (!user)
      throw new Error(`${email} has no mailbox in the workbench (try ${FIRM_USERS.map((u) => u.email).join(", ")})`);
    this.closeForm();
    this.user = user;
    this.statusLine = `Signed in as ${user.name}`;
    this.changed();
  }

  calendar(owner = this.user.email): CalendarItem[] {
    return [...(this.mailboxes[owner] ?? [])].sort((a, b) => a.start.localeCompare(b.start));
  }

  findItem(itemId: string, owner = this.user.email): CalendarItem | undefined {
    return this.mailboxes[owner]?.find((m) => m.itemId === itemId);
  }

  // ------------------------------------------------------------------------------------------------------- forms
  private fieldsToDraft(fields: Partial<MeetingFields>, base?: Draft): Draft {
    const now = this.now();
    const start = fields.start
      ? toIso(fields.start)
      : (base?.start ?? new Date(Math.ceil(now.getTime() / 1_800_000) * 1_800_000).toISOString());
    const end = fields.end ? toIso(fields.end) : (base?.end ?? new Date(Date.parse(start) + 30 * 60_000).toISOString());
    const attendees = (emails: string[] | undefined, prior: Attendee[] | undefined) =>
      emails === undefined
        ? (prior ?? [])
        : emails.map((e) => {
            const p = personFor(e);
            return {
              ...p,
              response: prior?.find((a) => a.email === p.email)?.response ?? ("none" as AttendeeResponse),
            };
          });
    return {
      uid: base?.uid ?? crypto.randomUUID(),
      subject: fields.subject ?? base?.subject ?? "",
      start,
      end,
      location: fields.location ?? base?.location ?? "",
      organizer: base?.organizer ?? this.user,
      required: attendees(fields.requiredAttendees, base?.required),
      optional: attendees(fields.optionalAttendees, base?.optional),
      notes: fields.notes ?? base?.notes ?? "",
      attachments: base?.attachments ?? [],
      recurrence: fields.recurrence === undefined ? (base?.recurrence ?? null) : fields.recurrence,
      isPrivate: fields.isPrivate ?? base?.isPrivate ?? false,
      isCancelled: base?.isCancelled ?? false,
      isOrganizer: base?.isOrganizer ?? true,
      sent: base?.sent ?? false,
      myResponse: base?.myResponse ?? "organizer",
    };
  }

  /** Opens a new meeting form as organizer and lets the add-in react (OnNewAppointmentOrganizer...). */
  async newMeeting(fields: Partial<MeetingFields> = {}): Promise<void> {
    this.closeForm();
    this.statusLine = "";
    const form: Form = {
      id: `form-${++this.seq}`,
      mode: "compose",
      owner: this.user.email,
      draft: this.fieldsToDraft(fields),
      customProperties: {},
      sessionData: {},
      notifications: [],
      state: "open",
    };
    this.form = form;
    this.changed();
    await this.dispatchLaunch("OnNewAppointmentOrganizer", form, {});
    await this.dispatchLaunch("OnAppointmentOrganizer", form, {});
  }

  /** Opens an existing item: compose as its organizer, the read surface as an attendee. */
  async open(itemId: string): Promise<void> {
    const item = this.findItem(itemId);
    if (!item) throw new Error(`No meeting ${itemId} in ${this.user.email}'s calendar`);
    this.closeForm();
    this.statusLine = "";
    const { itemId: _id, owner: _o, created: _c, modified: _m, customProperties, ...draft } = item;
    const form: Form = {
      id: `form-${++this.seq}`,
      mode: item.isOrganizer && !item.isCancelled ? "compose" : "read",
      owner: item.owner,
      itemId: item.itemId,
      draft: structuredClone(draft),
      customProperties: structuredClone(customProperties),
      sessionData: {},
      notifications: [],
      state: "open",
    };
    this.form = form;
    this.changed();
    if (form.mode === "compose") await this.dispatchLaunch("OnAppointmentOrganizer", form, {});
    else await this.dispatchLaunch("OnAppointmentAttendee", form, {});
  }

  /** Changes the open form as a user would, then fires the events Outlook fires for those changes. */
  async edit(fields: Partial<MeetingFields>): Promise<void> {
    const form = this.requireCompose();
    const before = form.draft;
    const after = this.fieldsToDraft(fields, before);
    if (Date.parse(after.end) < Date.parse(after.start)) throw OfficeErrors.invalidEndTime();
    form.draft = after;
    this.changed();
    const timeChanged = before.start !== after.start || before.end !== after.end;
    const key = (list: Attendee[]) => list.map((a) => a.email).join(",");
    const requiredChanged = key(before.required) !== key(after.required);
    const optionalChanged = key(before.optional) !== key(after.optional);
    const recurrenceChanged = before.recurrence !== after.recurrence;
    if (timeChanged) {
      const args = { type: "olkAppointmentTimeChanged", start: after.start, end: after.end };
      this.emitToPane("olkAppointmentTimeChanged", args);
      await this.dispatchLaunch("OnAppointmentTimeChanged", form, args);
    }
    if (requiredChanged || optionalChanged) {
      const args = {
        type: "olkRecipientsChanged",
        changedRecipientFields: {
          requiredAttendees: requiredChanged,
          optionalAttendees: optionalChanged,
          resources: false,
        },
      };
      this.emitToPane("olkRecipientsChanged", args);
      await this.dispatchLaunch("OnAppointmentAttendeesChanged", form, args);
    }
    if (recurrenceChanged) {
      const args = {
        type: "olkRecurrenceChanged",
        recurrence: recurrenceData(after.recurrence, after.start, after.end),
      };
      this.emitToPane("olkRecurrenceChanged", args);
      await this.dispatchLaunch("OnAppointmentRecurrenceChanged", form, args);
    }
  }

  async addAttachment(file: { name: string; contentType: string; base64: string }): Promise<string> {
    const form = this.requireCompose();
    const base64 = stripWhitespace(file.base64);
    const attachment: AttachmentData = {
      id: `att-${crypto.randomUUID()}`,
      name: file.name,
      contentType: file.contentType || "application/octet-stream",
      size: base64Size(base64),
      isInline: false,
      attachmentType: "file",
      contentRef: this.contents.put(base64),
    };
    form.draft.attachments = [...form.draft.attachments, attachment];
    this.changed();
    await this.attachmentsChanged(form, "added", attachment);
    return attachment.id;
  }

  async removeAttachment(nameOrId: string): Promise<void> {
    const form = this.requireCompose();
    const attachment = form.draft.attachments.find((a) => a.name === nameOrId || a.id === nameOrId);
    if (!attachment) throw OfficeErrors.invalidAttachmentId();
    form.draft.attachments = form.draft.attachments.filter((a) => a !== attachment);
    this.changed();
    await this.attachmentsChanged(form, "removed", attachment);
  }

  private async attachmentsChanged(form: Form, status: "added" | "removed", a: AttachmentData) {
    const args = {
      type: "olkAttachmentsChanged",
      attachmentStatus: status,
      attachmentDetails: {
        id: a.id,
        name: a.name,
        contentType: a.contentType,
        size: a.size,
        isInline: a.isInline,
        attachmentType: a.attachmentType,
      },
    };
    this.emitToPane("olkAttachmentsChanged", args);
    await this.dispatchLaunch("OnAppointmentAttachmentsChanged", form, args);
  }

  /** Saves the open form: the item (and the add-in's custom properties) is committed, attendees get nothing. */
  save(): string {
    const form = this.requireCompose();
    const item = this.commit(form);
    form.sessionData = {};
    this.statusLine = "Saved";
    this.changed();
    return item.itemId;
  }

  discard(): void {
    if (!this.form) return;
    this.closeForm();
    this.statusLine = "Discarded";
    this.changed();
  }

  /**
   * Send: OnAppointmentSend runs first (Smart Alerts). The send goes through when the handler allows it, or when the
   * user chooses "Send Anyway" in the Smart Alerts dialog the send mode allows.
   */
  async send(
    options: { smartAlert?: "sendAnyway" | "dontSend" } = {},
  ): Promise<{ meetingId?: string; sent: boolean; smartAlert: SmartAlert | null }> {
    const form = this.requireCompose();
    if (form.state === "sending") throw new Error("The form is already sending");
    form.state = "sending";
    this.lastSmartAlert = null;
    this.changed();
    const decl = this.launchEvent("OnAppointmentSend");
    let alert: SmartAlert | null = null;
    if (decl) {
      const result = await this.dispatchLaunch("OnAppointmentSend", form, {});
      const sendMode = String(result?.options?.sendModeOverride ?? decl.sendMode ?? "SoftBlock");
      const prompt = sendMode.toLowerCase() === "promptuser";
      if (!result || result.outcome !== "completed") {
        // The add-in is unavailable or ran out of time: PromptUser and SoftBlock let the user send; Block does not.
        alert =
          sendMode.toLowerCase() === "block"
            ? {
                message: `${this.manifest.displayName} couldn't check this meeting. Try again later.`,
                sendMode,
                actions: ["dontSend"],
                reason: "error",
              }
            : null;
        if (result?.outcome === "timeout" && prompt) {
          alert = {
            message: `${this.manifest.displayName} is taking longer than expected.`,
            sendMode,
            actions: ["sendAnyway", "dontSend"],
            reason: "timeout",
          };
        }
      } else if (result.options?.allowEvent === false) {
        alert = {
          message: String(
            result.options.errorMessage ??
              result.options.errorMessageMarkdown ??
              `${this.manifest.displayName} stopped the send.`,
          ),
          sendMode,
          actions: prompt ? ["sendAnyway", "dontSend"] : ["dontSend"],
          cancelLabel: typeof result.options.cancelLabel === "string" ? result.options.cancelLabel : undefined,
          reason: "addin",
        };
      }
    }
    if (alert) {
      this.lastSmartAlert = alert;
      const choice = options.smartAlert
        ? options.smartAlert
        : await new Promise<"sendAnyway" | "dontSend">((resolve) => {
            this.smartAlert = { ...alert!, resolve };
            this.changed();
          });
      this.smartAlert = null;
      if (choice !== "sendAnyway" || !alert.actions.includes("sendAnyway")) {
        form.state = "open";
        this.changed();
        return { meetingId: form.itemId, sent: false, smartAlert: alert };
      }
    }
    const item = this.commit(form, { send: true });
    this.distribute(item);
    if (item.isCancelled) this.mailboxes[item.owner] = this.mailboxes[item.owner]!.filter((m) => m !== item);
    this.statusLine = item.isCancelled ? "Cancellation sent" : "Sent";
    this.closeForm();
    this.changed();
    return { meetingId: item.itemId, sent: true, smartAlert: alert };
  }

  /** Scripted answer to the Smart Alerts dialog left open by send(). */
  answerSmartAlert(choice: "sendAnyway" | "dontSend"): void {
    if (!this.smartAlert) throw new Error("No Smart Alerts dialog is open");
    this.smartAlert.resolve(choice);
  }

  /** The organizer cancels the meeting: Outlook turns the form into a cancellation and sends it. */
  async cancelMeeting(options: { smartAlert?: "sendAnyway" | "dontSend" } = {}) {
    const form = this.requireCompose();
    if (!form.itemId || !form.draft.sent) {
      // Never sent: "cancel" is just deleting the draft.
      if (form.itemId) this.mailboxes[form.owner] = this.mailboxes[form.owner]!.filter((m) => m.itemId !== form.itemId);
      this.closeForm();
      this.changed();
      return { meetingId: form.itemId, sent: false, smartAlert: null };
    }
    // Outlook turns the form into a cancellation: the subject reads "Canceled: ..." and sending it cancels the meeting.
    const before = structuredClone(form.draft);
    form.draft.isCancelled = true;
    if (!/^\s*cancell?ed\s*:/i.test(form.draft.subject)) form.draft.subject = `Canceled: ${form.draft.subject}`;
    this.changed();
    const result = await this.send(options);
    if (!result.sent && this.form === form) {
      form.draft = before;
      this.changed();
    }
    return result;
  }

  /** An organizer outside the firm invites firm users; each gets their own copy (response "none"). */
  invite(from: Recipient, to: string[], fields: Partial<MeetingFields>): Record<string, string> {
    const draft = this.fieldsToDraft(fields);
    const invited = to.map((e) => e.toLowerCase());
    const attendeeEmails = [...new Set([...(fields.requiredAttendees ?? []).map((e) => e.toLowerCase()), ...invited])];
    const required = attendeeEmails.map((e) => ({ ...personFor(e), response: "none" as AttendeeResponse }));
    const optional = draft.optional.filter((a) => !attendeeEmails.includes(a.email));
    const organizer = { email: from.email.toLowerCase(), name: from.name || personFor(from.email).name };
    const ids: Record<string, string> = {};
    const now = this.now().toISOString();
    for (const email of invited) {
      if (!isFirmUser(email)) throw new Error(`${email} is not a firm user of the workbench`);
      const item: CalendarItem = {
        ...draft,
        organizer,
        required,
        optional,
        isOrganizer: false,
        sent: true,
        myResponse: "none",
        itemId: newItemId(),
        owner: email,
        customProperties: {},
        created: now,
        modified: now,
      };
      this.mailboxes[email]!.push(item);
      ids[email] = item.itemId;
    }
    this.changed();
    return ids;
  }

  /** The attendee answers the open invitation; the organizer's copy (when it is in the workbench) learns it. */
  respond(response: "accept" | "tentative" | "decline"): void {
    const form = this.form;
    if (!form || form.mode !== "read" || !form.itemId) throw new Error("Open an invitation (read surface) first");
    const item = this.findItem(form.itemId, form.owner)!;
    const value: AttendeeResponse =
      response === "accept" ? "accepted" : response === "tentative" ? "tentative" : "declined";
    item.myResponse = value;
    for (const list of [item.required, item.optional])
      for (const a of list) if (a.email === form.owner) a.response = value;
    item.modified = this.now().toISOString();
    form.draft = structuredClone({
      ...form.draft,
      myResponse: value,
      required: item.required,
      optional: item.optional,
    });
    const organizerCopy = this.mailboxes[item.organizer.email]?.find((m) => m.uid === item.uid && m.isOrganizer);
    if (organizerCopy) {
      for (const list of [organizerCopy.required, organizerCopy.optional])
        for (const a of list) if (a.email === form.owner) a.response = value;
    }
    this.statusLine = `Response sent: ${response}`;
    this.changed();
    // The reading pane shows the updated item; a pinned task pane sees it as the selected item again.
    this.emitToPane("olkItemSelectedChanged", {});
  }

  closeForm(): void {
    if (this.form) this.form.state = "closed";
    this.form = null;
    this.forgetPane();
    this.changed();
  }

  private requireCompose(): Form {
    const form = this.form;
    if (!form || form.mode !== "compose" || form.state === "closed")
      throw new Error("No meeting form is open as organizer");
    return form;
  }

  private commit(form: Form, options: { send?: boolean } = {}): CalendarItem {
    const now = this.now().toISOString();
    const mailbox = this.mailboxes[form.owner]!;
    let item = form.itemId ? mailbox.find((m) => m.itemId === form.itemId) : undefined;
    if (!item) {
      form.itemId = newItemId();
      item = {
        ...structuredClone(form.draft),
        itemId: form.itemId,
        owner: form.owner,
        customProperties: {},
        created: now,
        modified: now,
      };
      mailbox.push(item);
    }
    Object.assign(item, structuredClone(form.draft), {
      customProperties: structuredClone(form.customProperties),
      modified: now,
    });
    if (options.send) {
      item.sent = true;
      form.draft.sent = true;
    }
    return item;
  }

  /** Delivers the organizer's sent meeting to the firm attendees' calendars (no custom properties travel). */
  private distribute(item: CalendarItem): void {
    const attendees = [...item.required, ...item.optional]
      .map((a) => a.email)
      .filter((e) => isFirmUser(e) && e !== item.owner);
    for (const user of FIRM_USERS) {
      if (user.email === item.owner) continue;
      const mailbox = this.mailboxes[user.email]!;
      const copy = mailbox.find((m) => m.uid === item.uid && !m.isOrganizer);
      const invited = attendees.includes(user.email);
      if (!invited) {
        if (copy && !copy.isCancelled) {
          copy.isCancelled = true;
          copy.subject = `Canceled: ${copy.subject}`;
        }
        continue;
      }
      const fields = {
        subject: item.subject,
        start: item.start,
        end: item.end,
        location: item.location,
        organizer: item.organizer,
        required: structuredClone(item.required),
        optional: structuredClone(item.optional),
        notes: item.notes,
        attachments: structuredClone(item.attachments),
        recurrence: item.recurrence,
        isPrivate: item.isPrivate,
        isCancelled: item.isCancelled,
        modified: item.modified,
      };
      if (copy) Object.assign(copy, fields);
      else
        mailbox.push({
          ...fields,
          uid: item.uid,
          itemId: newItemId(),
          owner: user.email,
          isOrganizer: false,
          sent: true,
          myResponse: "none",
          customProperties: {},
          created: item.modified,
        });
    }
  }

  /** Switches Outlook's theme; the task pane hears OfficeThemeChanged, as in Outlook. */
  setTheme(theme: "light" | "dark"): void {
    this.theme = theme;
    this.changed();
    const frame = this.pane?.frameId ? this.framesById.get(this.pane.frameId) : undefined;
    frame?.sink?.emit("officeThemeChanged", { officeTheme: this.session(frame).theme() });
  }

  // ----------------------------------------------------------------------------------------------- task pane
  openTaskPane(url?: string, pinnable = false): void {
    if (!this.form) throw new Error("Open a meeting first: the task pane belongs to an item");
    const target = url ?? this.paneButton()?.url;
    if (!target) throw new Error("The manifest declares no task pane for this surface");
    if (this.pane && this.pane.url === target) return;
    this.forgetPane();
    this.pane = { url: target, pinned: false, pinnable, nonce: ++this.seq };
    this.changed();
  }

  closeTaskPane(): void {
    this.forgetPane();
    this.changed();
  }

  /**
   * Closing the pane removes its frame, and with it the callbacks of any Office call or fetch it had in flight (a
   * removed frame's timers never run, so they never report done): forget the frame, or its unfinished work would
   * keep the workbench "busy" and every later call would wait for a settle that never comes.
   */
  private forgetPane(): void {
    if (!this.pane) return;
    const record = this.framesById.get(this.pane.frameId ?? `pane-${this.pane.nonce}`);
    if (record) {
      this.framesById.delete(record.id);
      for (const [win, rec] of this.frames) if (rec === record) this.frames.delete(win);
    }
    this.pane = null;
  }

  paneButton(): { url: string; pinnable: boolean } | undefined {
    for (const g of this.ribbonGroups()) {
      for (const b of g.buttons)
        if (b.action.kind === "taskpane") return { url: b.action.url, pinnable: b.action.pinnable };
    }
    return undefined;
  }

  ribbonGroups() {
    if (!this.form) return [];
    return this.form.mode === "compose" ? this.manifest.organizer : this.manifest.attendee;
  }

  /** A ribbon button of the add-in, by label: a function command runs in the commands runtime; a pane opens. */
  async clickRibbon(label: string): Promise<void> {
    const button = this.ribbonGroups()
      .flatMap((g) => g.buttons)
      .find((b) => b.label === label);
    if (!button) throw new Error(`No add-in button "${label}" on this surface`);
    if (button.action.kind === "taskpane") {
      this.openTaskPane(button.action.url, button.action.pinnable);
      return;
    }
    const form = this.form!;
    await this.invoke(
      button.action.functionName,
      `Ribbon:${button.label}`,
      form,
      { source: { id: button.id } },
      this.manifest.functionFileUrl,
    );
  }

  private emitToPane(type: string, args: Record<string, unknown>) {
    const frame = this.pane?.frameId ? this.framesById.get(this.pane.frameId) : undefined;
    frame?.sink?.emit(type, args);
  }

  // ----------------------------------------------------------------------------------------- event dispatch
  launchEvent(type: string): LaunchEventDecl | undefined {
    return this.manifest.launchEvents.find((e) => e.type === type);
  }

  private async dispatchLaunch(
    type: string,
    form: Form,
    args: Record<string, unknown>,
  ): Promise<Invocation | undefined> {
    const decl = this.launchEvent(type);
    if (!decl) return undefined;
    return this.invoke(decl.functionName, type, form, args, this.manifest.runtimeUrl ?? this.manifest.functionFileUrl);
  }

  /**
   * Runs one function of the add-in the way Outlook on the web does: the runtime page (commands.html) loads in its
   * own hidden frame, the function associated under that name is called with an event object, and the frame goes
   * away once the handler calls event.completed (or the time runs out). Invocations run one at a time, in order.
   */
  private invoke(
    functionName: string,
    eventType: string,
    form: Form,
    args: Record<string, unknown>,
    url?: string,
  ): Promise<Invocation> {
    this.work++;
    const run = async (): Promise<Invocation> => {
      const invocation: Invocation = {
        id: `inv-${++this.seq}`,
        functionName,
        eventType,
        formId: form.id,
        startedAt: Date.now(),
      };
      this.invocations.push(invocation);
      if (this.invocations.length > 200) this.invocations.splice(0, this.invocations.length - 200);
      if (!url) {
        invocation.outcome = "loadFailed";
        return invocation;
      }
      const frameId = `cmd-${++this.seq}`;
      const record: FrameRecord = { id: frameId, kind: "commands", formId: form.id, busy: 0, associated: new Set() };
      this.framesById.set(frameId, record);
      this.commandFrames.push({ id: frameId, url, attempt: 0 });
      this.changed();
      const deadline = Date.now() + this.eventTimeoutMs;
      try {
        const associated = await new Promise<boolean>((resolve) => {
          const check = () => record.associated.has(functionName) && record.sink;
          if (check()) return resolve(true);
          record.onAssociated = () => check() && resolve(true);
          // A runtime page that never connected (its load was lost) is loaded once more, as Outlook retries
          // activation; a page that connected but did not associate the function is the add-in's problem.
          setTimeout(() => {
            if (record.sink || check()) return;
            console.warn(`[workbench] the runtime page for ${functionName} did not load; loading it again`);
            this.commandFrames = this.commandFrames.map((f) =>
              f.id === frameId ? { ...f, attempt: f.attempt + 1 } : f,
            );
            this.changed();
          }, 5_000);
          setTimeout(() => resolve(Boolean(check())), Math.min(this.eventTimeoutMs, 15_000));
        });
        if (!associated) {
          invocation.outcome = "notAssociated";
          console.error(
            `[workbench] ${functionName} was never associated by the commands runtime (${eventType}; host connected: ${Boolean(record.sink)}; associated: ${[...record.associated].join(", ") || "nothing"})`,
          );
          return invocation;
        }
        const options = await new Promise<Record<string, unknown> | null>((resolve) => {
          this.pendingInvocations.set(invocation.id, { resolve });
          record.sink!.invoke(functionName, invocation.id, args);
          setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()));
        });
        invocation.outcome = options ? "completed" : "timeout";
        invocation.options = options ?? undefined;
        // Let the frame finish what it started after completing (best effort, as Outlook keeps it briefly).
        await this.until(() => record.busy === 0, 2000);
        return invocation;
      } finally {
        this.pendingInvocations.delete(invocation.id);
        invocation.finishedAt = Date.now();
        this.commandFrames = this.commandFrames.filter((f) => f.id !== frameId);
        this.framesById.delete(frameId);
        for (const [win, rec] of this.frames) if (rec === record) this.frames.delete(win);
        this.changed();
      }
    };
    const result = this.dispatchChain.then(run, run);
    this.dispatchChain = result.catch(() => undefined);
    return result.finally(() => {
      this.work--;
    });
  }

  private until(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const started = Date.now();
      const tick = () => {
        if (predicate()) return resolve(true);
        if (Date.now() - started > timeoutMs) return resolve(false);
        setTimeout(tick, 20);
      };
      tick();
    });
  }

  // ------------------------------------------------------------------------------------------ the bridge
  /** Called by the host script in each add-in frame; the frame is identified by its iframe element. */
  attach(win: Window): FrameSession {
    const element = win.frameElement as HTMLIFrameElement | null;
    const frameId = element?.dataset.wbFrame;
    if (!frameId) throw new Error("Unknown add-in frame");
    let record = this.framesById.get(frameId);
    if (!record) {
      record = { id: frameId, kind: "taskpane", busy: 0, associated: new Set() };
      this.framesById.set(frameId, record);
      if (this.pane) this.pane.frameId = frameId;
    }
    this.frames.set(win, record);
    return this.session(record);
  }

  private formFor(record: FrameRecord): Form {
    const form = record.kind === "commands" ? (this.form?.id === record.formId ? this.form : null) : this.form;
    if (!form || form.state === "closed") throw OfficeErrors.itemChanged();
    return form;
  }

  private describe(form: Form | null): ItemDescription | null {
    if (!form) return null;
    if (form.mode === "compose") return { mode: "compose", itemType: "appointment" };
    return { mode: "read", itemType: "appointment", itemId: form.itemId, read: this.readData(form) };
  }

  private details(a: Attendee | Recipient, response: AttendeeResponse): RecipientDetails {
    return {
      emailAddress: a.email,
      displayName: a.name,
      appointmentResponse: response,
      recipientType: a.email.endsWith(`@${FIRM_DOMAIN}`) ? "user" : "externalUser",
    };
  }

  private readData(form: Form): ReadItemData {
    const d = form.draft;
    const item = this.findItem(form.itemId!, form.owner);
    return {
      itemId: form.itemId!,
      subject: d.subject,
      start: d.start,
      end: d.end,
      location: d.location,
      organizer: this.details(d.organizer, "organizer"),
      requiredAttendees: d.required.map((a) => this.details(a, a.response)),
      optionalAttendees: d.optional.map((a) => this.details(a, a.response)),
      attachments: d.attachments.map(({ contentRef: _ref, ...a }) => a),
      recurrence: recurrenceData(d.recurrence, d.start, d.end),
      sensitivity: d.isPrivate ? "private" : "normal",
      dateTimeCreated: item?.created ?? this.now().toISOString(),
      dateTimeModified: item?.modified ?? this.now().toISOString(),
      isAllDayEvent: false,
    };
  }

  private session(record: FrameRecord): FrameSession {
    const compose = (): Form => {
      const form = this.formFor(record);
      if (form.mode !== "compose") throw OfficeErrors.readOnly();
      return form;
    };
    const later = <T>(fn: () => T | Promise<T>): Promise<T> =>
      new Promise((resolve, reject) =>
        setTimeout(() => {
          const fail = (e: unknown) => reject(e instanceof OfficeFailure ? e.toJSON() : e);
          try {
            Promise.resolve(fn()).then(resolve, fail);
          } catch (e) {
            fail(e);
          }
        }, 5),
      );
    return {
      kind: record.kind,
      user: () => ({ ...this.user, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }),
      clockOffsetMs: () => this.clockOffset,
      describeItem: () =>
        record.kind === "commands"
          ? this.describe(this.form?.id === record.formId ? this.form : null)
          : this.describe(this.form),
      get: (field: ComposeField) =>
        later(() => {
          const d = compose().draft;
          switch (field) {
            case "subject":
              return d.subject;
            case "location":
              return d.location;
            case "start":
              return d.start;
            case "end":
              return d.end;
            case "organizer":
              return this.details(d.organizer, "organizer");
            case "requiredAttendees":
              return d.required.map((a) => this.details(a, a.response));
            case "optionalAttendees":
              return d.optional.map((a) => this.details(a, a.response));
            case "recurrence":
              return recurrenceData(d.recurrence, d.start, d.end);
            case "sensitivity":
              return d.isPrivate ? "private" : "normal";
            case "isAllDayEvent":
              return false;
            case "attachments":
              return d.attachments.map((a) => ({
                id: a.id,
                name: a.name,
                contentType: a.contentType,
                size: a.size,
                isInline: a.isInline,
                attachmentType: a.attachmentType,
              }));
          }
        }),
      set: (field: ComposeField, value: unknown) =>
        later(() => {
          const form = compose();
          const d = form.draft;
          if (field === "subject") {
            if (String(value).length > 255) throw OfficeErrors.tooLong("subject", 255);
            d.subject = String(value);
          } else if (field === "location") d.location = String(value);
          else if (field === "start" || field === "end") d[field] = String(value);
          else if (field === "sensitivity") d.isPrivate = String(value) === "private";
          else if (field === "requiredAttendees" || field === "optionalAttendees") {
            const list = (value as Recipient[]).map((r) => ({
              ...personFor(r.email),
              response: "none" as AttendeeResponse,
            }));
            if (field === "requiredAttendees") d.required = list;
            else d.optional = list;
          } else throw OfficeErrors.notSupported(`${field}.setAsync`);
          this.changed();
        }),
      addRecipients: (field, recipients) =>
        later(() => {
          const d = compose().draft;
          const list = recipients.map((r) => ({ ...personFor(r.email), response: "none" as AttendeeResponse }));
          if (field === "requiredAttendees") d.required = [...d.required, ...list];
          else d.optional = [...d.optional, ...list];
          this.changed();
        }),
      getBody: (coercion) =>
        later(() => {
          const notes = this.formFor(record).draft.notes;
          return coercion === "html"
            ? `<html><body><div>${escapeHtml(notes).replace(/\n/g, "<br>")}</div></body></html>`
            : notes;
        }),
      setBody: (value, coercion) =>
        later(() => {
          compose().draft.notes = coercion === "html" ? htmlToText(value) : value;
          this.changed();
        }),
      getItemId: () =>
        later(() => {
          const form = this.formFor(record);
          if (!form.itemId) throw OfficeErrors.itemNotSaved();
          return form.itemId;
        }),
      saveItem: () =>
        later(() => {
          const form = compose();
          const item = this.commit(form);
          form.sessionData = {};
          this.changed();
          return item.itemId;
        }),
      loadCustomProperties: () => later(() => structuredClone(this.formFor(record).customProperties)),
      saveCustomProperties: (values) =>
        later(() => {
          const form = this.formFor(record);
          const length = JSON.stringify(values).length;
          if (length > CUSTOM_PROPERTIES_LIMIT) throw OfficeErrors.customPropertiesTooLarge(length);
          form.customProperties = structuredClone(values);
          // Read mode writes through to the item at once; compose mode keeps them until the item is saved or sent.
          if (form.mode === "read" && form.itemId) {
            const item = this.findItem(form.itemId, form.owner);
            if (item) item.customProperties = structuredClone(values);
          }
          this.changed();
        }),
      sessionData: (op, key, value) =>
        later(() => {
          const data = compose().sessionData;
          if (op === "get") {
            if (!(key! in data)) throw new OfficeFailure(9040, "KeyNotFound", "The specified key was not found.");
            return data[key!];
          }
          if (op === "set") {
            const next = { ...data, [key!]: value! };
            if (JSON.stringify(next).length > 50_000) throw OfficeErrors.sessionDataTooLarge();
            data[key!] = value!;
          } else if (op === "getAll") return { ...data };
          else if (op === "remove") delete data[key!];
          else for (const k of Object.keys(data)) delete data[k];
          return undefined;
        }),
      notifications: (op, key, details) =>
        later(() => {
          const form = this.formFor(record);
          const list = form.notifications;
          if (op === "getAll") return structuredClone(list);
          if (!key) throw OfficeErrors.invalidParameter("key");
          if (key.length > 32) throw OfficeErrors.tooLong("key", 32);
          const existing = list.findIndex((n) => n.key === key);
          const log = (entry: Omit<NotificationLogEntry, "at" | "itemId" | "subject">) =>
            this.notificationLog.push({
              at: this.now().toISOString(),
              itemId: form.itemId,
              subject: form.draft.subject,
              ...entry,
            });
          if (op === "remove") {
            if (existing < 0) throw OfficeErrors.notificationKeyNotFound();
            list.splice(existing, 1);
            log({ op, key });
            this.changed();
            return undefined;
          }
          const d = details!;
          if (!d || !d.type) throw OfficeErrors.invalidParameter("type");
          if (!d.message)
            throw new OfficeFailure(9031, "InvalidParameterValueError", "The 'message' parameter is mandatory.");
          if (d.message.length > 150) throw OfficeErrors.tooLong("message", 150);
          if (d.type === "informationalMessage" && (!d.icon || typeof d.persistent !== "boolean")) {
            throw new OfficeFailure(
              9031,
              "InvalidParameterValueError",
              "An informational message needs 'icon' and 'persistent'.",
            );
          }
          const entry: NotificationData = {
            key,
            type: d.type,
            message: d.message,
            icon: d.icon,
            persistent: d.persistent,
          };
          if (op === "add") {
            if (existing >= 0) throw OfficeErrors.duplicateNotificationKey();
            if (list.length >= 5) throw OfficeErrors.tooManyNotifications();
            list.push(entry);
          } else if (existing >= 0) list[existing] = entry;
          else {
            if (list.length >= 5) throw OfficeErrors.tooManyNotifications();
            list.push(entry);
          }
          log({ op, key, type: d.type, message: d.message });
          this.changed();
          return undefined;
        }),
      getAttachmentContent: (id) =>
        later(async () => {
          const a = this.formFor(record).draft.attachments.find((x) => x.id === id);
          if (!a) throw OfficeErrors.invalidAttachmentId();
          const content = await this.contents.get(a.contentRef);
          if (content === undefined) throw OfficeErrors.attachmentContentUnavailable();
          return { format: "base64" as const, content };
        }),
      addAttachment: (name, base64) =>
        later(() => {
          const form = compose();
          const clean = stripWhitespace(base64);
          const a: AttachmentData = {
            id: `att-${crypto.randomUUID()}`,
            name,
            contentType: "application/octet-stream",
            size: base64Size(clean),
            isInline: false,
            attachmentType: "file",
            contentRef: this.contents.put(clean),
          };
          form.draft.attachments.push(a);
          this.changed();
          return a.id;
        }),
      removeAttachment: (id) =>
        later(() => {
          const form = compose();
          if (!form.draft.attachments.some((a) => a.id === id)) throw OfficeErrors.invalidAttachmentId();
          form.draft.attachments = form.draft.attachments.filter((a) => a.id !== id);
          this.changed();
        }),
      associated: (name) => {
        record.associated.add(name);
        record.onAssociated?.();
      },
      completed: (invocationId, options) => {
        this.pendingInvocations.get(invocationId)?.resolve((options ?? {}) as Record<string, unknown>);
      },
      busy: (delta) => {
        record.busy = Math.max(0, record.busy + delta);
      },
      connect: (sink) => {
        record.sink = sink;
        record.onAssociated?.();
      },
      theme: () =>
        this.theme === "dark"
          ? {
              bodyBackgroundColor: "#1f1f1f",
              bodyForegroundColor: "#ffffff",
              controlBackgroundColor: "#2b2b2b",
              controlForegroundColor: "#ffffff",
              isDarkTheme: true,
            }
          : {
              bodyBackgroundColor: "#ffffff",
              bodyForegroundColor: "#242424",
              controlBackgroundColor: "#ffffff",
              controlForegroundColor: "#242424",
              isDarkTheme: false,
            },
    };
  }
}
