// Meeting delivery between mailboxes, as Exchange does it when an organizer sends: every firm invitee's copy is created
// or brought in line (their own response and extended properties stay), removed invitees' copies are cancelled,
// resource mailboxes accept by themselves, and the organizer's attachments travel with the send.
import { newAttachmentId, newRestId } from "./ids";
import type { EventContent, EventRecord, Store } from "./store";

/** The meeting's version as Graph names the two MAPI properties (singleValueExtendedProperties ids). */
export const SEQUENCE_ID = "Integer {00062002-0000-0000-C000-000000000046} Id 0x8201";
export const CRITICAL_CHANGE_ID = "SystemTime {6ed8da90-450b-101b-98da-00aa003f1305} Id 0x1a";

const CANCELED_PREFIX = /^\s*(canceled|cancelled)\s*:/i;
const canceledSubject = (s: string) => (CANCELED_PREFIX.test(s) ? s : `Canceled: ${s}`);

export class Delivery {
  constructor(private readonly store: Store) {}

  /** The organizer sends: every firm attendee's copy is created or updated; removed attendees' copies are cancelled. */
  distribute(organizerCopy: EventRecord): EventRecord {
    // One change for the organizer's copy per send: only when sending changes it (first send, a room's acceptance).
    const attendees = this.autoAccept(organizerCopy);
    const changes = organizerCopy.isDraft || JSON.stringify(attendees) !== JSON.stringify(organizerCopy.attendees);
    const sent = changes
      ? this.store.updateEvent(organizerCopy.id, (c) => ({ ...c, isDraft: false, attendees }))
      : organizerCopy;
    const others = this.store.eventsByICalUId(sent.iCalUId).filter((c) => c.id !== sent.id);
    this.deliver(sent, others, sent.id);
    return this.store.event(sent.id) as EventRecord;
  }

  /** Rooms and equipment accept automatically (Exchange's calendar processing for resource mailboxes). */
  autoAccept(c: EventContent) {
    return c.attendees.map((a) => {
      const m = this.store.mailbox(a.email);
      return m && m.kind !== "user" && a.response === "none"
        ? { ...a, response: "accepted" as const, respondedAt: this.store.now().toISOString() }
        : a;
    });
  }

  /** Brings every firm invitee's copy in line with `meeting`; answers the invitees' copies. */
  deliver(meeting: EventContent, existing: EventRecord[], organizerCopyId?: string): EventRecord[] {
    const result: EventRecord[] = [];
    const invited = new Set<string>();
    for (const a of meeting.attendees) {
      const m = this.store.mailbox(a.email);
      if (!m || m.email === meeting.organizer.email) continue;
      invited.add(m.id);
      const shared = {
        subject: meeting.subject,
        bodyHtml: meeting.bodyHtml,
        start: meeting.start,
        end: meeting.end,
        timeZone: meeting.timeZone,
        isAllDay: meeting.isAllDay,
        location: meeting.location,
        sensitivity: meeting.sensitivity,
        recurrence: meeting.recurrence,
        organizer: meeting.organizer,
        attendees: meeting.attendees,
        isCancelled: meeting.isCancelled,
      };
      const copy = existing.find((c) => c.mailboxId === m.id);
      if (copy) {
        result.push(this.store.updateEvent(copy.id, (c) => ({ ...c, ...shared })));
      } else {
        const auto = m.kind !== "user";
        const id = newRestId();
        result.push(
          this.store.insertEvent(id, m.id, {
            ...shared,
            iCalUId: meeting.iCalUId,
            isOrganizer: false,
            isDraft: false,
            response: auto ? "accepted" : "notResponded",
            responseTime: auto ? this.store.now().toISOString() : null,
          }),
        );
      }
      if (organizerCopyId) this.copyAttachments(organizerCopyId, (result[result.length - 1] as EventRecord).id);
    }
    this.stampVersion([...result.map((c) => c.id), ...(organizerCopyId ? [organizerCopyId] : [])], existing);
    for (const copy of existing) {
      if (copy.id !== organizerCopyId && !invited.has(copy.mailboxId) && !copy.isCancelled) this.cancelCopy(copy);
    }
    return result;
  }

  /**
   * Every send is a new version of the meeting, the same in each copy it reaches: the iCalendar SEQUENCE one above
   * the highest any copy holds (0 for the first invitation) and the time it was sent, as Exchange keeps them
   * (PidLidAppointmentSequence, PidLidOwnerCriticalChange). A copy's own edits (a response) change neither.
   */
  private stampVersion(copyIds: string[], existing: EventRecord[]): void {
    const held = [...existing.map((c) => c.id), ...copyIds].map((id) =>
      Number(this.store.extendedProperties(id).find((p) => p.id === SEQUENCE_ID)?.value ?? -1),
    );
    const sequence = String(Math.max(-1, ...held) + 1);
    const sentAt = this.store.now().toISOString();
    for (const id of copyIds) {
      this.store.setExtendedProperty(id, SEQUENCE_ID, sequence);
      this.store.setExtendedProperty(id, CRITICAL_CHANGE_ID, sentAt);
    }
  }

  /** The organizer's attachments travel with the send; each copy keeps its own attachment ids. */
  private copyAttachments(fromId: string, toId: string): void {
    const wanted = this.store.attachments(fromId);
    const have = this.store.attachments(toId);
    const same =
      wanted.length === have.length && wanted.every((w, i) => have[i]?.name === w.name && have[i]?.size === w.size);
    if (same) return;
    for (const a of have) this.store.removeAttachment(toId, a.id);
    for (const a of wanted) {
      const content = this.store.attachmentContent(fromId, a.id) ?? Buffer.alloc(0);
      this.store.addAttachment(
        { id: newAttachmentId(), eventId: toId, name: a.name, contentType: a.contentType, isInline: a.isInline },
        content,
      );
    }
    this.store.touchEvent(toId);
  }

  cancelCopy(copy: EventRecord): EventRecord {
    return this.store.updateEvent(copy.id, (c) => ({ ...c, isCancelled: true, subject: canceledSubject(c.subject) }));
  }
}
