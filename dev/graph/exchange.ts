// Exchange's meeting semantics over the mailbox store: what a send, an update, a cancellation, a response or an
// outside organizer's invitation does to each mailbox's copy. Every method runs in one transaction, so when it returns
// every affected mailbox is committed (a delta read started afterwards sees it). Follows Outlook/Exchange behaviour:
// attendees' copies share the iCalUId; their responses and their own extended properties stay theirs on updates; the
// organizer's copy of a cancelled meeting is deleted and the attendees' copies become "Canceled: ...".
import { applyFields, checkFields, ExchangeError, type FieldsIn } from "./fields";
import { newAttachmentId, newICalUId, newRestId } from "./ids";
import { textToHtml } from "./body";
import { Delivery } from "./delivery";
import type { EventContent, EventRecord, Mailbox, Store } from "./store";

/** The add-in's custom properties as Exchange stores them: one PublicStrings named property per add-in. */
export const CUSTOM_PROPERTIES_SET = "{00020329-0000-0000-C000-000000000046}";
export const customPropertiesId = (addinId: string) =>
  `String ${CUSTOM_PROPERTIES_SET} Name cecp-${addinId.toLowerCase().replace(/[{}]/g, "")}`;
export const MAX_CUSTOM_PROPERTIES_CHARS = 2500;
const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

const notFound = (what: string) => new ExchangeError(404, "notFound", what);

export class Exchange {
  private readonly delivery: Delivery;

  constructor(
    private readonly store: Store,
    private readonly nameOf: (email: string) => string,
  ) {
    this.delivery = new Delivery(store);
  }

  private mailbox(email: string): Mailbox {
    const m = this.store.mailbox(email);
    if (!m) throw notFound(`${email} has no mailbox in this Exchange.`);
    return m;
  }

  /** The mailbox's own copy, or 404 (another mailbox's item id is not found here, as in Exchange). */
  item(email: string, restId: string): EventRecord {
    const m = this.mailbox(email);
    const e = this.store.event(restId);
    if (!e || e.mailboxId !== m.id) throw notFound(`${m.email} has no item ${restId}.`);
    return e;
  }

  private organizerCopy(email: string, restId: string): EventRecord {
    const e = this.item(email, restId);
    if (!e.isOrganizer)
      throw new ExchangeError(403, "notOrganizer", "Only the organizer's copy can be changed and sent.");
    return e;
  }

  create(email: string, fieldsIn: unknown, send: boolean): EventRecord {
    const fields = checkFields(fieldsIn);
    if (fields.start === undefined || fields.end === undefined) {
      throw new ExchangeError(400, "invalid", "fields.start and fields.end are needed for a new meeting.");
    }
    const m = this.mailbox(email);
    const blank: EventContent = {
      iCalUId: newICalUId(),
      subject: "",
      bodyHtml: textToHtml(""),
      start: fields.start,
      end: fields.end,
      timeZone: "UTC",
      isAllDay: false,
      location: "",
      sensitivity: "normal",
      recurrence: null,
      organizer: { email: m.email, name: m.name },
      attendees: [],
      isOrganizer: true,
      isDraft: true,
      isCancelled: false,
      response: "organizer",
      responseTime: null,
    };
    return this.store.transaction(() => {
      const content = applyFields(blank, fields, this.nameOf);
      // A new meeting sent at once is one change of the organizer's copy: created already sent.
      const e = this.store.insertEvent(
        newRestId(),
        m.id,
        send ? { ...content, isDraft: false, attendees: this.delivery.autoAccept(content) } : content,
      );
      return send ? this.delivery.distribute(e) : e;
    });
  }

  /** Save (this copy only) or save and send (every attendee's copy follows). */
  update(email: string, restId: string, fieldsIn: unknown, send: boolean): EventRecord {
    const fields = checkFields(fieldsIn);
    const e = this.organizerCopy(email, restId);
    return this.store.transaction(() => {
      const saved = this.store.updateEvent(e.id, (c) => applyFields(c, fields, this.nameOf));
      return send ? this.delivery.distribute(saved) : saved;
    });
  }

  send(email: string, restId: string): EventRecord {
    const e = this.organizerCopy(email, restId);
    return this.store.transaction(() => this.delivery.distribute(e));
  }

  /** A calendar drag-and-drop: Outlook saves the organizer's item and sends the update; an attendee moves only theirs. */
  move(email: string, restId: string, start: unknown, end: unknown): EventRecord {
    const e = this.item(email, restId);
    const fields = checkFields({ start, end });
    if (fields.start === undefined || fields.end === undefined)
      throw new ExchangeError(400, "invalid", "start and end are needed.");
    return this.store.transaction(() => {
      const saved = this.store.updateEvent(e.id, (c) => applyFields(c, fields, this.nameOf));
      return e.isOrganizer && !e.isDraft ? this.delivery.distribute(saved) : saved;
    });
  }

  cancel(email: string, restId: string): void {
    const e = this.organizerCopy(email, restId);
    this.store.transaction(() => {
      if (!e.isDraft) {
        for (const copy of this.store.eventsByICalUId(e.iCalUId)) {
          if (copy.id !== e.id && !copy.isCancelled) this.delivery.cancelCopy(copy);
        }
      }
      this.store.deleteEvent(e.id);
    });
  }

  respond(email: string, restId: string, response: unknown): EventRecord | null {
    const kinds = { accept: "accepted", tentative: "tentativelyAccepted", decline: "declined" } as const;
    if (typeof response !== "string" || !(response in kinds)) {
      throw new ExchangeError(400, "invalid", "response must be accept, tentative or decline.");
    }
    const value = kinds[response as keyof typeof kinds];
    const e = this.item(email, restId);
    if (e.isOrganizer)
      throw new ExchangeError(403, "notAttendee", "The organizer does not respond to their own meeting.");
    if (e.isCancelled)
      throw new ExchangeError(409, "cancelled", "The meeting was cancelled; there is nothing to respond to.");
    const me = this.mailbox(email).email;
    return this.store.transaction(() => {
      const at = this.store.now().toISOString();
      const mark = (c: EventContent) => ({
        ...c,
        attendees: c.attendees.map((a) => (a.email === me ? { ...a, response: value, respondedAt: at } : a)),
      });
      const organizer = this.store.mailbox(e.organizer.email);
      const organizerCopy =
        organizer && this.store.eventsByICalUId(e.iCalUId).find((c) => c.mailboxId === organizer.id && c.isOrganizer);
      if (organizerCopy) this.store.updateEvent(organizerCopy.id, mark);
      if (value === "declined") {
        // Declining moves the item out of the calendar (to Deleted Items).
        this.store.deleteEvent(e.id);
        return null;
      }
      return this.store.updateEvent(e.id, (c) => ({ ...mark(c), response: value, responseTime: at }));
    });
  }

  remove(email: string, restId: string): void {
    const e = this.item(email, restId);
    this.store.transaction(() => this.store.deleteEvent(e.id));
  }

  setCustomProperties(email: string, restId: string, addinId: string, value: unknown): EventRecord {
    if (!/^\{?[0-9a-f-]{36}\}?$/i.test(addinId))
      throw new ExchangeError(400, "invalid", "The add-in id must be a GUID.");
    if (typeof value !== "string")
      throw new ExchangeError(400, "invalid", "value must be the custom properties' JSON text.");
    if (value.length > MAX_CUSTOM_PROPERTIES_CHARS) {
      throw new ExchangeError(
        400,
        "tooLarge",
        `Custom properties are ${value.length} characters; Outlook keeps at most ${MAX_CUSTOM_PROPERTIES_CHARS}.`,
      );
    }
    if (value !== "") {
      try {
        JSON.parse(value);
      } catch {
        throw new ExchangeError(
          400,
          "invalid",
          "value must be JSON text (Outlook stores custom properties as one JSON string).",
        );
      }
    }
    const e = this.item(email, restId);
    return this.store.transaction(() => {
      this.store.setExtendedProperty(e.id, customPropertiesId(addinId), value === "" ? null : value);
      return this.store.touchEvent(e.id);
    });
  }

  addAttachment(
    email: string,
    restId: string,
    body: { name?: unknown; contentType?: unknown; contentBytes?: unknown; isInline?: unknown },
  ) {
    if (typeof body.name !== "string" || body.name.trim() === "")
      throw new ExchangeError(400, "invalid", "name is needed.");
    if (typeof body.contentBytes !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(body.contentBytes)) {
      throw new ExchangeError(400, "invalid", "contentBytes must be base64.");
    }
    const content = Buffer.from(body.contentBytes, "base64");
    if (content.length > MAX_ATTACHMENT_BYTES)
      throw new ExchangeError(413, "tooLarge", "An attachment is at most 25 MB.");
    const e = this.item(email, restId);
    return this.store.transaction(() => {
      const a = this.store.addAttachment(
        {
          id: newAttachmentId(),
          eventId: e.id,
          name: body.name as string,
          contentType: typeof body.contentType === "string" ? body.contentType : "application/octet-stream",
          isInline: body.isInline === true,
        },
        content,
      );
      this.store.touchEvent(e.id);
      return a;
    });
  }

  removeAttachment(email: string, restId: string, attachmentId: string): void {
    const e = this.item(email, restId);
    this.store.transaction(() => {
      if (!this.store.removeAttachment(e.id, attachmentId))
        throw notFound(`The item has no attachment ${attachmentId}.`);
      this.store.touchEvent(e.id);
    });
  }

  // ---- an organizer outside the firm
  outsideInvite(organizer: { email?: unknown; name?: unknown }, fieldsIn: unknown): EventRecord[] {
    const fields = checkFields(fieldsIn);
    if (typeof organizer?.email !== "string" || !organizer.email.includes("@"))
      throw new ExchangeError(400, "invalid", "organizer.email is needed.");
    const email = organizer.email.trim().toLowerCase();
    if (this.store.mailbox(email))
      throw new ExchangeError(400, "invalid", `${email} is in the firm; use its mailbox's items route.`);
    if (fields.start === undefined || fields.end === undefined)
      throw new ExchangeError(400, "invalid", "fields.start and fields.end are needed.");
    const meeting: EventContent = applyFields(
      {
        iCalUId: newICalUId(),
        subject: "",
        bodyHtml: textToHtml(""),
        start: fields.start,
        end: fields.end,
        timeZone: "UTC",
        isAllDay: false,
        location: "",
        sensitivity: "normal",
        recurrence: null,
        organizer: {
          email,
          name: typeof organizer.name === "string" && organizer.name ? organizer.name : this.nameOf(email),
        },
        attendees: [],
        isOrganizer: false,
        isDraft: false,
        isCancelled: false,
        response: "notResponded",
        responseTime: null,
      },
      fields,
      this.nameOf,
    );
    const copies = this.store.transaction(() => this.delivery.deliver(meeting, []));
    if (!copies.length)
      throw new ExchangeError(400, "invalid", "The invitation names no attendee with a mailbox in the firm.");
    return copies;
  }

  outsideUpdate(iCalUId: string, fieldsIn: unknown): EventRecord[] {
    const fields = checkFields(fieldsIn);
    const copies = this.outsideCopies(iCalUId);
    return this.store.transaction(() =>
      this.delivery.deliver(applyFields(copies[0] as EventRecord, fields, this.nameOf), copies),
    );
  }

  outsideCancel(iCalUId: string): EventRecord[] {
    const copies = this.outsideCopies(iCalUId);
    return this.store.transaction(() => copies.filter((c) => !c.isCancelled).map((c) => this.delivery.cancelCopy(c)));
  }

  private outsideCopies(iCalUId: string): EventRecord[] {
    const copies = this.store.eventsByICalUId(iCalUId);
    if (!copies.length) throw notFound(`No mailbox holds the meeting ${iCalUId}.`);
    if (copies.some((c) => c.isOrganizer))
      throw new ExchangeError(400, "invalid", "That meeting's organizer is in the firm.");
    return copies;
  }
}

export type { FieldsIn };
