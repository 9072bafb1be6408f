// Mailboxes kept by the local Exchange (dev/graph) and changed through its Outlook protocol routes, which the
// workbench server proxies under /exchange. Exchange does what Exchange does (delivery to internal attendees with the
// same iCalUId, updates, cancellations, outside invitations); this store only keeps a cache the calendar renders
// from, read again after every write. Every write resolves once Exchange answered, i.e. once it is committed in every
// mailbox it affects.
import type { AttachmentData, AttendeeResponse, Recipient } from "../../shared/bridge";
import { AttachmentStore } from "../attachmentStore";
import { type ExchangeItem, parseExchangeContentRef, toCalendarItem, toExchangeFields } from "./exchangeItems";
import { rememberUser, type MailboxStore } from "./mailboxes";
import type { CalendarItem, Draft, MeetingFields } from "./model";
import { FIRM_USERS, personFor } from "./people";

/** Attachment contents: a draft's new files stay in the page until saved; saved ones are read from Exchange. */
class ExchangeContents extends AttachmentStore {
  constructor(private readonly fetchContent: (ref: string) => Promise<string | undefined>) {
    super();
  }
  override async get(ref: string): Promise<string | undefined> {
    return parseExchangeContentRef(ref) ? this.fetchContent(ref) : super.get(ref);
  }
}

/**
 * The JSON body of a request as a Blob. A large attachment's base64 (33 MB for 25 MB) goes in as one part instead of
 * through JSON.stringify, which would copy and scan it on the page's event loop, the one the add-in's frames share
 * (base64 needs no escaping in a JSON string; anything holding a quote or a backslash goes the slow, safe way).
 */
function requestBody(body: unknown): Blob | string {
  const content = (body as { contentBytes?: unknown }).contentBytes;
  if (typeof content !== "string" || content.includes('"') || content.includes("\\")) return JSON.stringify(body);
  const rest = JSON.stringify({ ...(body as object), contentBytes: undefined });
  return new Blob([rest.slice(0, -1), rest.length > 2 ? "," : "", '"contentBytes":"', content, '"}'], {
    type: "application/json",
  });
}

const RESPONSE_VERB: Partial<Record<AttendeeResponse, string>> = {
  accepted: "accept",
  tentative: "tentative",
  declined: "decline",
};

export class ExchangeMailboxes implements MailboxStore {
  readonly contents: AttachmentStore;
  pending = 0;
  private cache: Record<string, CalendarItem[]> = {};

  constructor(
    private readonly addinId: string,
    private readonly base = "/exchange",
  ) {
    this.contents = new ExchangeContents((ref) => this.attachmentContent(ref));
    // Drafts' files left from an earlier page: no saved item refers to page-kept contents.
    void this.contents.collect(new Set());
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    this.pending++;
    try {
      const res = await fetch(`${this.base}${path}`, {
        method,
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : requestBody(body),
      });
      // res.json() parses from the bytes as they arrive: no second 33 MB string for a large attachment's answer.
      const text = res.headers.get("content-length") === "0" ? "" : undefined;
      const json = (text === "" ? undefined : await res.json().catch(() => undefined)) as T &
        ({ error?: { code: string; message: string } } | undefined);
      if (!res.ok) {
        const err = (json as { error?: { code: string; message: string } } | undefined)?.error;
        throw new Error(
          `Exchange refused ${method} ${path}: ${res.status} ${err ? `${err.code}: ${err.message}` : res.statusText}`,
        );
      }
      return json;
    } finally {
      this.pending--;
    }
  }

  private itemPath = (owner: string, itemId: string) =>
    `/mailboxes/${encodeURIComponent(owner)}/items/${encodeURIComponent(itemId)}`;

  /** Reads the calendars again (every firm user's by default). */
  async refresh(owners: string[] = FIRM_USERS.map((u) => u.email)): Promise<void> {
    await Promise.all(
      owners.map(async (owner) => {
        const { value } = await this.call<{ value: ExchangeItem[] }>(
          "GET",
          `/mailboxes/${encodeURIComponent(owner)}/items`,
        );
        this.cache[owner] = value.map((x) => toCalendarItem(x, this.addinId));
      }),
    );
  }

  persist(user: string): void {
    rememberUser(user);
  }

  calendar(owner: string): CalendarItem[] {
    return [...(this.cache[owner] ?? [])].sort((a, b) => a.start.localeCompare(b.start));
  }

  find(itemId: string, owner: string): CalendarItem | undefined {
    return this.cache[owner]?.find((m) => m.itemId === itemId);
  }

  private async found(owner: string, itemId: string): Promise<CalendarItem> {
    const item = this.find(itemId, owner);
    if (!item) throw new Error(`Exchange has no meeting ${itemId} in ${owner}'s calendar`);
    return item;
  }

  /** Saves the form's fields, files and the add-in's custom properties on the organizer's copy. */
  private async commit(owner: string, itemId: string | undefined, draft: Draft, props: Record<string, unknown>) {
    const fields = toExchangeFields(draft);
    const saved = itemId
      ? await this.call<ExchangeItem>("PATCH", this.itemPath(owner, itemId), { fields, send: false })
      : await this.call<ExchangeItem>("POST", `/mailboxes/${encodeURIComponent(owner)}/items`, { fields, send: false });
    await this.syncAttachments(owner, saved, draft.attachments);
    const json = Object.keys(props).length ? JSON.stringify(props) : "";
    if ((saved.customProperties[this.addinId] ?? "") !== json)
      await this.putCustomProperties(owner, saved.itemId, json);
    return saved.itemId;
  }

  private async syncAttachments(owner: string, saved: ExchangeItem, wanted: AttachmentData[]): Promise<void> {
    const keep = new Set(wanted.map((a) => parseExchangeContentRef(a.contentRef)?.attachmentId).filter(Boolean));
    for (const a of saved.attachments)
      if (!keep.has(a.id)) await this.call("DELETE", `${this.itemPath(owner, saved.itemId)}/attachments/${a.id}`);
    for (const a of wanted) {
      if (parseExchangeContentRef(a.contentRef)) continue;
      const contentBytes = await this.contents.get(a.contentRef);
      if (contentBytes === undefined) throw new Error(`The content of ${a.name} is no longer available`);
      await this.call("POST", `${this.itemPath(owner, saved.itemId)}/attachments`, {
        name: a.name,
        contentType: a.contentType,
        contentBytes,
        isInline: a.isInline,
      });
    }
  }

  private putCustomProperties(owner: string, itemId: string, value: string) {
    return this.call<ExchangeItem>(
      "PUT",
      `${this.itemPath(owner, itemId)}/custom-properties/${encodeURIComponent(this.addinId)}`,
      { value },
    );
  }

  async save(owner: string, itemId: string | undefined, draft: Draft, props: Record<string, unknown>) {
    const id = await this.commit(owner, itemId, draft, props);
    await this.refresh([owner]);
    return this.found(owner, id);
  }

  async send(owner: string, itemId: string | undefined, draft: Draft, props: Record<string, unknown>) {
    if (draft.isCancelled && itemId) {
      const before = await this.found(owner, itemId);
      await this.call("POST", `${this.itemPath(owner, itemId)}/cancel`, {});
      await this.refresh();
      return { ...before, isCancelled: true, subject: draft.subject };
    }
    const id = await this.commit(owner, itemId, draft, props);
    await this.call("POST", `${this.itemPath(owner, id)}/send`, {});
    await this.refresh();
    return this.found(owner, id);
  }

  async move(owner: string, itemId: string, start: string, end: string): Promise<CalendarItem> {
    await this.call("POST", `${this.itemPath(owner, itemId)}/move`, { start, end });
    await this.refresh();
    return this.found(owner, itemId);
  }

  async remove(owner: string, itemId: string): Promise<void> {
    await this.call("DELETE", this.itemPath(owner, itemId));
    await this.refresh([owner]);
  }

  async setCustomProperties(owner: string, itemId: string, values: Record<string, unknown>): Promise<void> {
    await this.putCustomProperties(owner, itemId, Object.keys(values).length ? JSON.stringify(values) : "");
    await this.refresh([owner]);
  }

  async respond(owner: string, itemId: string, response: AttendeeResponse): Promise<CalendarItem> {
    const before = await this.found(owner, itemId);
    const answer = await this.call<ExchangeItem | { removed: true }>(
      "POST",
      `${this.itemPath(owner, itemId)}/respond`,
      {
        response: RESPONSE_VERB[response],
      },
    );
    await this.refresh();
    if ("removed" in answer) {
      // Declining removes the copy from the calendar; the open read surface still shows the answer given.
      const mark = (list: CalendarItem["required"]) => list.map((a) => (a.email === owner ? { ...a, response } : a));
      return { ...before, myResponse: response, required: mark(before.required), optional: mark(before.optional) };
    }
    return toCalendarItem(answer, this.addinId);
  }

  async invite(organizer: Recipient, _invitees: string[], draft: Draft): Promise<Record<string, string>> {
    const { items } = await this.call<{ items: ExchangeItem[] }>("POST", "/outside/invitations", {
      organizer,
      fields: toExchangeFields(draft),
    });
    await this.refresh();
    return Object.fromEntries(items.map((x) => [x.mailbox, x.itemId]));
  }

  async updateFromOutside(uid: string, fields: Partial<MeetingFields>): Promise<void> {
    await this.call("PATCH", `/outside/invitations/${encodeURIComponent(uid)}`, { fields: partialFields(fields) });
    await this.refresh();
  }

  async cancelFromOutside(uid: string): Promise<void> {
    await this.call("POST", `/outside/invitations/${encodeURIComponent(uid)}/cancel`, {});
    await this.refresh();
  }

  private async attachmentContent(ref: string): Promise<string | undefined> {
    const at = parseExchangeContentRef(ref)!;
    // The content route answers base64 text: no JSON parse of the whole attachment on the page's event loop.
    const res = await fetch(
      `${this.base}${this.itemPath(at.mailbox, at.itemId)}/attachments/${encodeURIComponent(at.attachmentId)}/content`,
    ).catch(() => undefined);
    return res?.ok ? res.text().catch(() => undefined) : undefined;
  }
}

/** Only the fields given, as Exchange takes them (the outside organizer's update). */
function partialFields(fields: Partial<MeetingFields>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (fields.subject !== undefined) out.subject = fields.subject;
  if (fields.notes !== undefined) out.body = { contentType: "text", content: fields.notes };
  if (fields.start !== undefined) out.start = new Date(fields.start).toISOString();
  if (fields.end !== undefined) out.end = new Date(fields.end).toISOString();
  if (fields.location !== undefined) out.location = fields.location;
  if (fields.isPrivate !== undefined) out.sensitivity = fields.isPrivate ? "private" : "normal";
  if (fields.requiredAttendees !== undefined || fields.optionalAttendees !== undefined) {
    out.attendees = [
      ...(fields.requiredAttendees ?? []).map((e) => ({ ...personFor(e), type: "required" })),
      ...(fields.optionalAttendees ?? []).map((e) => ({ ...personFor(e), type: "optional" })),
    ];
  }
  return out;
}
