// Where the mailboxes live. The Outlook model reads a cache of them synchronously (the calendar renders from it) and
// commits every change through a MailboxStore, which resolves once the change is committed (and, for a send, once
// Exchange delivered it to every internal attendee's mailbox).
import type { AttachmentData, AttendeeResponse, Recipient } from "../../shared/bridge";
import { AttachmentStore } from "../attachmentStore";
import { type CalendarItem, type Draft, type MeetingFields, newItemId, stripWhitespace, toIso } from "./model";
import { FIRM_USERS, isFirmUser, personFor } from "./people";

export interface MailboxStore {
  /** Every firm user's calendar, as last read or written. */
  calendar(owner: string): CalendarItem[];
  find(itemId: string, owner: string): CalendarItem | undefined;
  /** Attachment contents (base64), by content reference. */
  readonly contents: AttachmentStore;
  /** Writes still in flight (the workbench is not settled while there are any). */
  readonly pending: number;
  /** Saves the organizer's item (creating it when `itemId` is absent); attendees get nothing. */
  save(owner: string, itemId: string | undefined, draft: Draft, props: Record<string, unknown>): Promise<CalendarItem>;
  /** Saves and sends: every internal attendee's copy follows (a sent cancellation removes the organizer's copy). */
  send(owner: string, itemId: string | undefined, draft: Draft, props: Record<string, unknown>): Promise<CalendarItem>;
  remove(owner: string, itemId: string): Promise<void>;
  /** The add-in's custom properties written through to a saved item (read mode). */
  setCustomProperties(owner: string, itemId: string, values: Record<string, unknown>): Promise<void>;
  /** An attendee's answer; the organizer's copy learns it. */
  respond(owner: string, itemId: string, response: AttendeeResponse): Promise<CalendarItem>;
  /** An organizer outside the firm invites firm users: each gets their own copy. Answers each invitee's item id. */
  invite(organizer: Recipient, invitees: string[], draft: Draft): Promise<Record<string, string>>;
  /** The outside organizer changes or cancels their meeting: every firm invitee's copy follows. */
  updateFromOutside(uid: string, fields: Partial<MeetingFields>): Promise<void>;
  cancelFromOutside(uid: string): Promise<void>;
  /** A calendar drag-and-drop: the item is saved with its new time; an organizer's move sends updates. */
  move(owner: string, itemId: string, start: string, end: string): Promise<CalendarItem>;
  /** Reads the mailboxes again (what another client or Exchange changed). */
  refresh(): Promise<void>;
  persist(user: string): void;
}

const STORAGE_KEY = "workbench:mailboxes:v1";

/** Every content reference the mailboxes hold. */
const contentRefs = (mailboxes: Record<string, CalendarItem[]>) =>
  new Set(Object.values(mailboxes).flatMap((items) => items.flatMap((m) => m.attachments.map((a) => a.contentRef))));

/** The saved signed-in user, if any. */
export function savedUser(): string | undefined {
  try {
    return (JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null") as { user?: string } | null)?.user;
  } catch {
    return undefined;
  }
}

/** Keeps who is signed in across reloads (the mailboxes themselves live on the server). */
export function rememberUser(user: string): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ user }));
}

/** Mailboxes kept in the page (localStorage), with Exchange's delivery to internal attendees done here. */
export class LocalMailboxes implements MailboxStore {
  private mailboxes: Record<string, CalendarItem[]> = {};
  readonly pending = 0;

  constructor(
    private readonly now: () => Date,
    readonly contents = new AttachmentStore(),
  ) {
    try {
      const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null") as {
        mailboxes?: Record<string, CalendarItem[]>;
      } | null;
      if (saved?.mailboxes) this.mailboxes = saved.mailboxes;
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

  persist(user: string): void {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ mailboxes: this.mailboxes, user }));
  }

  calendar(owner: string): CalendarItem[] {
    return [...(this.mailboxes[owner] ?? [])].sort((a, b) => a.start.localeCompare(b.start));
  }

  find(itemId: string, owner: string): CalendarItem | undefined {
    return this.mailboxes[owner]?.find((m) => m.itemId === itemId);
  }

  async save(owner: string, itemId: string | undefined, draft: Draft, props: Record<string, unknown>) {
    return this.commit(owner, itemId, draft, props);
  }

  async send(owner: string, itemId: string | undefined, draft: Draft, props: Record<string, unknown>) {
    const item = this.commit(owner, itemId, { ...draft, sent: true }, props);
    this.distribute(item);
    if (item.isCancelled) this.mailboxes[owner] = this.mailboxes[owner]!.filter((m) => m !== item);
    return item;
  }

  async remove(owner: string, itemId: string): Promise<void> {
    this.mailboxes[owner] = (this.mailboxes[owner] ?? []).filter((m) => m.itemId !== itemId);
  }

  async setCustomProperties(owner: string, itemId: string, values: Record<string, unknown>): Promise<void> {
    const item = this.find(itemId, owner);
    if (item) item.customProperties = structuredClone(values);
  }

  async respond(owner: string, itemId: string, response: AttendeeResponse): Promise<CalendarItem> {
    const item = this.find(itemId, owner);
    if (!item) throw new Error(`No meeting ${itemId} in ${owner}'s calendar`);
    item.myResponse = response;
    for (const list of [item.required, item.optional])
      for (const a of list) if (a.email === owner) a.response = response;
    item.modified = this.now().toISOString();
    const organizerCopy = this.mailboxes[item.organizer.email]?.find((m) => m.uid === item.uid && m.isOrganizer);
    if (organizerCopy) {
      for (const list of [organizerCopy.required, organizerCopy.optional])
        for (const a of list) if (a.email === owner) a.response = response;
    }
    return item;
  }

  async invite(organizer: Recipient, invitees: string[], draft: Draft): Promise<Record<string, string>> {
    const ids: Record<string, string> = {};
    const now = this.now().toISOString();
    for (const email of invitees) {
      if (!isFirmUser(email)) throw new Error(`${email} is not a firm user of the workbench`);
      const item: CalendarItem = {
        ...structuredClone(draft),
        organizer,
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
    return ids;
  }

  async refresh(): Promise<void> {}

  async move(owner: string, itemId: string, start: string, end: string): Promise<CalendarItem> {
    const item = this.find(itemId, owner);
    if (!item) throw new Error(`No meeting ${itemId} in ${owner}'s calendar`);
    Object.assign(item, { start: toIso(start), end: toIso(end), modified: this.now().toISOString() });
    if (item.isOrganizer && item.sent) this.distribute(item);
    return item;
  }

  async updateFromOutside(uid: string, fields: Partial<MeetingFields>): Promise<void> {
    for (const item of this.copiesOf(uid)) {
      if (fields.subject !== undefined) item.subject = fields.subject;
      if (fields.notes !== undefined) item.notes = fields.notes;
      if (fields.location !== undefined) item.location = fields.location;
      if (fields.start !== undefined) item.start = toIso(fields.start);
      if (fields.end !== undefined) item.end = toIso(fields.end);
      if (fields.isPrivate !== undefined) item.isPrivate = fields.isPrivate;
      if (fields.requiredAttendees)
        item.required = fields.requiredAttendees.map((e) => ({
          ...personFor(e),
          response: item.required.find((a) => a.email === e.toLowerCase())?.response ?? "none",
        }));
      item.modified = this.now().toISOString();
    }
  }

  async cancelFromOutside(uid: string): Promise<void> {
    for (const item of this.copiesOf(uid)) {
      item.isCancelled = true;
      if (!/^canceled:/i.test(item.subject)) item.subject = `Canceled: ${item.subject}`;
      item.modified = this.now().toISOString();
    }
  }

  private copiesOf(uid: string): CalendarItem[] {
    const copies = Object.values(this.mailboxes).flatMap((items) =>
      items.filter((m) => m.uid === uid && !m.isOrganizer),
    );
    if (copies.length === 0) throw new Error(`No invitation ${uid} in the firm's mailboxes`);
    return copies;
  }

  private commit(owner: string, itemId: string | undefined, draft: Draft, props: Record<string, unknown>) {
    const now = this.now().toISOString();
    const mailbox = this.mailboxes[owner]!;
    let item = itemId ? mailbox.find((m) => m.itemId === itemId) : undefined;
    if (!item) {
      item = {
        ...structuredClone(draft),
        itemId: newItemId(),
        owner,
        customProperties: {},
        created: now,
        modified: now,
      };
      mailbox.push(item);
    }
    Object.assign(item, structuredClone(draft), { customProperties: structuredClone(props), modified: now });
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
}
