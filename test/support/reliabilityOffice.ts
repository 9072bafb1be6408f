// A small stand-in for Office.Mailbox with Outlook's semantics for what the reliability and security suites need:
// custom properties (load/get/set/getAll/saveAsync) and item notifications. The REAL adapters
// (createCustomPropertiesStateStore, createItemNotifier) run over it.
import type { MeetingSnapshot } from "../../src/core/meeting";

export function mailboxStandIn(initial: Record<string, unknown> = {}) {
  const properties: Record<string, unknown> = { ...initial };
  const saved: Record<string, unknown>[] = [];
  const shown: Office.NotificationMessageDetails[] = [];
  const ok = <T>(value: T) => ({ status: "succeeded", value }) as unknown as Office.AsyncResult<T>;
  const props = {
    get: (name: string) => properties[name],
    set: (name: string, value: unknown) => void (properties[name] = value),
    remove: (name: string) => void delete properties[name],
    getAll: () => ({ ...properties }),
    saveAsync: (cb: (r: Office.AsyncResult<void>) => void) => {
      saved.push(JSON.parse(JSON.stringify(properties)) as Record<string, unknown>);
      cb(ok(undefined));
    },
  };
  const item = {
    loadCustomPropertiesAsync: (cb: (r: Office.AsyncResult<unknown>) => void) => cb(ok(props)),
    notificationMessages: {
      replaceAsync: (
        _key: string,
        details: Office.NotificationMessageDetails,
        cb: (r: Office.AsyncResult<void>) => void,
      ) => {
        shown.push(details);
        cb(ok(undefined));
      },
      removeAsync: (_key: string, cb: (r: Office.AsyncResult<void>) => void) => cb(ok(undefined)),
    },
  };
  return { mailbox: { item } as unknown as Office.Mailbox, properties, saved, shown };
}

/**
 * One Outlook appointment as the fault schedules drive it: the REAL Office adapters (createOfficeMailboxItem,
 * createCustomPropertiesStateStore) run over it, fresh for every event as Outlook hands each event the item.
 * - The form (`form()`): the organizer's compose form, or the attendee's read view of an outside organizer's meeting.
 * - Custom properties persist as Outlook's do: in read mode a save is on the server at once; in compose mode it
 *   travels with the form and is kept only when Outlook commits the item (send, or the user's save), so whatever was
 *   saved during edits the user then discards is gone (`discard()`). The 2,500-character budget is enforced.
 * - office-js#6624: in new Outlook the first CustomProperties.saveAsync on a new, never-saved draft fails.
 */
export interface OutlookItemForm {
  snapshot: MeetingSnapshot;
  content: Record<string, { base64: string; contentType: string }>;
}

export class OutlookItemStandIn {
  /** What Outlook keeps for the item (the server's copy of the custom properties). */
  stored: Record<string, unknown> = {};
  /** The open compose form's saved custom properties, kept only if Outlook commits the item. */
  private pending: Record<string, unknown> | undefined;
  /** office-js#6624: the next save on this never-saved draft fails once. */
  firstSaveFails = false;
  readonly failedSaves: string[] = [];

  constructor(
    private readonly form: () => OutlookItemForm,
    private readonly user: { email: string; name: string },
  ) {}

  /** The custom properties as the open item has them now (the form's, or the server's). */
  current(): Record<string, unknown> {
    return { ...(this.pending ?? this.stored) };
  }
  /** Outlook commits the item (send or save): the form's custom properties become the item's. */
  commit(): void {
    if (this.pending) this.stored = this.pending;
    this.pending = undefined;
  }
  /** The user closes the form without saving: what the add-in saved meanwhile is lost. */
  discard(): void {
    this.pending = undefined;
  }

  /** A fresh Office.Mailbox for one event on the item. */
  mailbox(): Office.Mailbox {
    const { snapshot: s, content } = this.form();
    const compose = s.role === "organizer";
    const ok = <T>(value: T) => ({ status: "succeeded", value }) as unknown as Office.AsyncResult<T>;
    const failed = (name: string, message: string) =>
      ({
        status: "failed",
        error: { name, message, code: 9999 },
        value: undefined,
      }) as unknown as Office.AsyncResult<never>;
    const details = (a: MeetingSnapshot["attendees"][number]) => ({
      emailAddress: a.email,
      displayName: a.name,
      recipientType: "user",
      appointmentResponse: a.response,
    });
    const organizer = { emailAddress: s.organizer.email, displayName: s.organizer.name };
    const required = s.attendees.filter((a) => a.type === "required").map(details);
    const optional = s.attendees.filter((a) => a.type === "optional").map(details);
    const attachmentDetails = s.attachments.map((a) => ({
      id: a.id,
      name: a.name,
      size: a.size,
      attachmentType: a.kind,
      isInline: a.isInline,
      ...(compose ? {} : { contentType: a.contentType }),
    }));
    const bag: Record<string, unknown> = this.current();
    const props = {
      get: (name: string) => bag[name],
      set: (name: string, value: unknown) => void (bag[name] = value),
      remove: (name: string) => void delete bag[name],
      getAll: () => ({ ...bag }),
      saveAsync: (cb: (r: Office.AsyncResult<void>) => void) => {
        const size = JSON.stringify(bag).length;
        if (size > 2500) return cb(failed("CustomPropertiesTooLarge", `${size} characters`));
        if (compose && !s.itemId && this.firstSaveFails) {
          this.firstSaveFails = false;
          this.failedSaves.push(s.subject);
          return cb(failed("GenericResponseError", "The operation failed (office-js#6624)."));
        }
        if (compose) this.pending = { ...bag };
        else this.stored = { ...bag };
        cb(ok(undefined));
      },
    };
    const getter = <T>(value: T) => ({
      getAsync: (...args: unknown[]) => (args[args.length - 1] as (r: unknown) => void)(ok(value)),
    });
    const attachmentContent = (id: string, ...rest: unknown[]) => {
      const cb = rest[rest.length - 1] as (r: unknown) => void;
      const c = s.attachments.some((a) => a.id === id) ? content[id] : undefined;
      cb(c ? ok({ content: c.base64, format: "base64" }) : failed("AttachmentNotFound", "No such attachment."));
    };
    const common = {
      itemType: "appointment",
      notificationMessages: {
        replaceAsync: (_k: string, _d: unknown, cb?: (r: unknown) => void) => cb?.(ok(undefined)),
        removeAsync: (_k: string, cb?: (r: unknown) => void) => cb?.(ok(undefined)),
      },
      getAttachmentContentAsync: attachmentContent,
      loadCustomPropertiesAsync: (cb: (r: unknown) => void) => cb(ok(props)),
    };
    const item = compose
      ? {
          ...common,
          subject: getter(s.subject),
          start: getter(new Date(s.start)),
          end: getter(new Date(s.end)),
          location: getter(s.location),
          organizer: getter(organizer),
          requiredAttendees: getter(required),
          optionalAttendees: getter(optional),
          body: getter(s.notes),
          recurrence: getter(null),
          sensitivity: getter(s.sensitivity),
          getAttachmentsAsync: (...args: unknown[]) =>
            (args[args.length - 1] as (r: unknown) => void)(ok(attachmentDetails)),
          getItemIdAsync: (cb: (r: unknown) => void) =>
            cb(s.itemId ? ok(s.itemId) : failed("ItemNotSaved", "The item has not been saved.")),
        }
      : {
          ...common,
          itemId: s.itemId,
          subject: s.subject,
          start: new Date(s.start),
          end: new Date(s.end),
          location: s.location,
          organizer,
          requiredAttendees: required,
          optionalAttendees: optional,
          attachments: attachmentDetails,
          body: getter(s.notes),
          sensitivity: s.sensitivity,
        };
    return {
      item,
      userProfile: { emailAddress: this.user.email, displayName: this.user.name },
    } as unknown as Office.Mailbox;
  }
}
