// A mailbox's calendar through Microsoft Graph, as the sync service reads it (the CalendarSource of
// src/service/ports.ts): calendarView delta paged to its deltaLink (ids only are kept), one event with the add-in's
// extended property, its attachments. Date-times are asked for in UTC. Graph's documented errors map to the two the
// job must tell apart: 410 → DeltaExpiredError; an unknown mailbox or one the access policy forbids →
// MailboxUnavailableError (never read as a cancelled meeting).
import type * as Graph from "@microsoft/microsoft-graph-types";
import type { Client } from "@microsoft/microsoft-graph-client";
import type { Person } from "../core/meeting";
import { addinStateOf, customPropertiesId } from "./addinState";
import { DeltaExpiredError, MailboxUnavailableError } from "./errors";
import { eventExpand, snapshotFromGraphEvent, SNAPSHOT_FIELDS, type GraphAttachmentInfo } from "./eventSnapshot";

const UTC = 'outlook.timezone="UTC"';
/** Delta page size: big pages mean few requests; Graph caps what it gives anyway. */
const PAGE_SIZE = 100;
const MAILBOX_GONE = new Set(["ErrorInvalidUser", "MailboxNotEnabledForRESTAPI", "ErrorMailboxNotFound"]);

interface GraphFailure {
  statusCode?: number;
  code?: string | null;
  message?: string;
}

const asFailure = (e: unknown): GraphFailure => (typeof e === "object" && e !== null ? (e as GraphFailure) : {});

export interface DeltaPageBody {
  value?: (Graph.Event & { "@removed"?: { reason?: string } })[];
  "@odata.nextLink"?: string;
  "@odata.deltaLink"?: string;
}

export interface GraphCalendarOptions {
  addinId: string;
}

export class GraphCalendar {
  private readonly people = new Map<string, Person>();

  constructor(
    private readonly client: Client,
    private readonly options: GraphCalendarOptions,
  ) {}

  /** Maps Graph's mailbox-level failures; anything else is rethrown as it is (the job fails, the token stays). */
  private mailboxFailure(mailbox: string, e: unknown): never {
    const f = asFailure(e);
    if (f.statusCode === 403 || (f.statusCode === 404 && MAILBOX_GONE.has(f.code ?? "")))
      throw new MailboxUnavailableError(mailbox, `Graph cannot read ${mailbox}: ${f.code ?? f.statusCode}.`);
    throw e;
  }

  async delta(mailbox: string, from: { deltaLink: string } | { window: { start: string; end: string } }) {
    const changes: { eventId: string; removed: boolean }[] = [];
    const seen = new Map<string, number>();
    let link: string | undefined = "deltaLink" in from ? from.deltaLink : undefined;
    let page: DeltaPageBody;
    for (;;) {
      try {
        const request = link
          ? this.client.api(link)
          : this.client
              .api(`/users/${encodeURIComponent(mailbox)}/calendarView/delta`)
              .query({ startDateTime: (from as { window: { start: string } }).window.start })
              .query({ endDateTime: (from as { window: { end: string } }).window.end });
        page = (await request.header("Prefer", `odata.maxpagesize=${PAGE_SIZE}, ${UTC}`).get()) as DeltaPageBody;
      } catch (e) {
        if (asFailure(e).statusCode === 410) throw new DeltaExpiredError();
        this.mailboxFailure(mailbox, e);
      }
      for (const item of page.value ?? []) {
        if (!item.id) continue;
        // One entry per event: the last word in the round wins (an event created then deleted is a removal).
        const change = { eventId: item.id, removed: item["@removed"] !== undefined };
        const at = seen.get(item.id);
        if (at === undefined) {
          seen.set(item.id, changes.length);
          changes.push(change);
        } else changes[at] = change;
      }
      if (page["@odata.deltaLink"]) return { changes, deltaLink: page["@odata.deltaLink"] };
      if (!page["@odata.nextLink"])
        throw new Error(`Graph's delta page for ${mailbox} has neither nextLink nor deltaLink.`);
      link = page["@odata.nextLink"];
    }
  }

  private async person(mailbox: string): Promise<Person> {
    const known = this.people.get(mailbox);
    if (known) return known;
    let user: Graph.User;
    try {
      user = (await this.client
        .api(`/users/${encodeURIComponent(mailbox)}`)
        .select("displayName,mail")
        .get()) as Graph.User;
    } catch (e) {
      if (asFailure(e).statusCode === 404) throw new MailboxUnavailableError(mailbox, `No mailbox ${mailbox}.`);
      this.mailboxFailure(mailbox, e);
    }
    const person = { email: (user.mail ?? mailbox).toLowerCase(), name: user.displayName ?? "" };
    this.people.set(mailbox, person);
    return person;
  }

  async meeting(mailbox: string, eventId: string) {
    const user = await this.person(mailbox);
    let event: Graph.Event;
    try {
      event = (await this.client
        .api(`/users/${encodeURIComponent(mailbox)}/events/${encodeURIComponent(eventId)}`)
        .header("Prefer", UTC)
        .select([...SNAPSHOT_FIELDS])
        .expand(eventExpand(customPropertiesId(this.options.addinId)))
        .get()) as Graph.Event;
    } catch (e) {
      const f = asFailure(e);
      if (f.statusCode === 404 && !MAILBOX_GONE.has(f.code ?? "")) return null;
      this.mailboxFailure(mailbox, e);
    }
    const attachments = event.hasAttachments ? await this.attachments(mailbox, eventId) : [];
    return {
      eventId,
      iCalUId: event.iCalUId ?? "",
      snapshot: snapshotFromGraphEvent(event, user, attachments),
      addinState: addinStateOf(event, this.options.addinId),
    };
  }

  private async list(mailbox: string, eventId: string): Promise<(GraphAttachmentInfo & { contentBytes?: string })[]> {
    const answer = (await this.client
      .api(`/users/${encodeURIComponent(mailbox)}/events/${encodeURIComponent(eventId)}/attachments`)
      .get()) as { value?: (GraphAttachmentInfo & { contentBytes?: string })[] };
    return answer.value ?? [];
  }

  /** Attachment details only: the bytes are read when a document is uploaded, and not kept. */
  private async attachments(mailbox: string, eventId: string): Promise<GraphAttachmentInfo[]> {
    return (await this.list(mailbox, eventId)).map(({ contentBytes: _bytes, ...details }) => details);
  }

  async attachment(mailbox: string, eventId: string, attachmentId: string) {
    const found = (await this.list(mailbox, eventId)).find((a) => a.id === attachmentId);
    if (!found?.contentBytes) throw new Error(`The attachment ${attachmentId} is no longer on the meeting.`);
    return { base64: found.contentBytes, contentType: found.contentType ?? "application/octet-stream" };
  }
}
