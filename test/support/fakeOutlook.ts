// A fake Outlook appointment with Outlook's async semantics, wrapped in office-addin-mock's OfficeMockObject: the
// organizer's compose form or the attendee's read view, attachments with content, custom properties that obey the
// 2,500-character budget and persist like Outlook's (read mode: at once; compose: with the next save or send), and
// notification messages keyed like Outlook's (replace by key, at most five, 150 characters).

import { OfficeMockObject } from "office-addin-mock";
import {
  ALICE,
  defaultMeeting,
  type FakeMeeting,
  type FakeOperation,
  type FakeOutlookOptions,
  type FakePerson,
  type Notification,
} from "./fakeOutlookMeeting";

export {
  ALICE,
  defaultMeeting,
  type FakeAttachment,
  type FakeMeeting,
  type FakeOperation,
  type FakeOutlookOptions,
  type FakePerson,
  type Notification,
} from "./fakeOutlookMeeting";

export function createFakeOutlook(options: FakeOutlookOptions = {}) {
  const user = options.user ?? ALICE;
  const mode = options.meeting?.mode ?? "compose";
  const meeting: FakeMeeting = { ...defaultMeeting(mode), ...options.meeting };
  const failures = options.failures ?? {};
  const missing = new Set(options.missing ?? []);
  /** What Outlook keeps for the item (server copy). */
  const stored: Record<string, unknown> = { ...(options.customProperties ?? {}) };
  /** Compose: properties saved with CustomProperties.saveAsync wait for the item's own save or send. */
  let composePending: Record<string, unknown> | undefined;
  const notifications = new Map<string, Notification>();
  const calls: string[] = [];

  const result = <T>(op: FakeOperation, value: T) => {
    calls.push(op);
    const failure = failures[op];
    return failure
      ? { status: "failed", error: { name: failure.name, message: failure.message, code: 9999 }, value: undefined }
      : { status: "succeeded", value };
  };
  const getter = <T>(op: FakeOperation, value: () => T) => ({
    getAsync: (...args: unknown[]) => {
      const cb = args[args.length - 1] as (r: unknown) => void;
      cb(result(op, value()));
    },
  });
  const details = (p: FakePerson) => ({
    emailAddress: p.emailAddress,
    displayName: p.displayName,
    recipientType: "user",
    appointmentResponse: p.appointmentResponse ?? "none",
  });

  const customProperties = () => {
    const bag: Record<string, unknown> = { ...(composePending ?? stored) };
    return {
      get: (name: string) => bag[name],
      set: (name: string, value: unknown) => void (bag[name] = value),
      remove: (name: string) => void delete bag[name],
      getAll: () => ({ ...bag }),
      saveAsync: (cb: (r: unknown) => void) => {
        const size = JSON.stringify(bag).length;
        if (size > 2500) {
          calls.push("customProperties.saveAsync");
          cb({
            status: "failed",
            error: { name: "CustomPropertiesTooLarge", message: `${size} characters`, code: 9999 },
          });
          return;
        }
        const r = result("customProperties.saveAsync", undefined);
        if (r.status === "succeeded") {
          if (meeting.mode === "read") Object.assign(clear(stored), bag);
          else composePending = { ...bag };
        }
        cb(r);
      },
    };
  };
  const clear = (o: Record<string, unknown>) => {
    for (const k of Object.keys(o)) delete o[k];
    return o;
  };

  const notificationMessages = {
    replaceAsync: (key: string, d: Omit<Notification, "key">, cb?: (r: unknown) => void) => {
      const r = result("replaceAsync", undefined);
      if (r.status === "succeeded") {
        if (key.length > 32) throw new Error("notification key longer than 32 characters");
        if (d.message.length > 150) throw new Error("notification message longer than 150 characters");
        if (!notifications.has(key) && notifications.size >= 5) throw new Error("more than five notifications");
        notifications.set(key, { key, ...d });
      }
      cb?.(r);
    },
    removeAsync: (key: string, cb?: (r: unknown) => void) => {
      if (!notifications.has(key)) {
        calls.push("removeAsync");
        cb?.({
          status: "failed",
          error: { name: "KeyNotFound", message: "No notification with this key.", code: 9041 },
        });
        return;
      }
      const r = result("removeAsync", undefined);
      if (r.status === "succeeded") notifications.delete(key);
      cb?.(r);
    },
    getAllAsync: (cb: (r: unknown) => void) => cb({ status: "succeeded", value: [...notifications.values()] }),
  };

  const attachmentDetails = () =>
    meeting.attachments.map((a) => ({
      id: a.id,
      name: a.name,
      size: a.size,
      attachmentType: a.attachmentType ?? "file",
      isInline: a.isInline ?? false,
      ...(meeting.mode === "read" ? { contentType: a.contentType ?? "application/octet-stream" } : {}),
    }));
  const getAttachmentContentAsync = (id: string, ...rest: unknown[]) => {
    const cb = rest[rest.length - 1] as (r: unknown) => void;
    const a = meeting.attachments.find((x) => x.id === id);
    if (!a) {
      calls.push("getAttachmentContentAsync");
      cb({ status: "failed", error: { name: "AttachmentNotFound", message: "No such attachment.", code: 9999 } });
      return;
    }
    cb(result("getAttachmentContentAsync", { content: a.base64 ?? "", format: a.format ?? "base64" }));
  };
  const loadCustomPropertiesAsync = (cb: (r: unknown) => void) =>
    cb(result("loadCustomPropertiesAsync", customProperties()));

  let item: Record<string, unknown>;
  if (meeting.mode === "compose") {
    item = {
      itemType: "appointment",
      subject: getter("subject", () => meeting.subject),
      start: getter("start", () => meeting.start),
      end: getter("end", () => meeting.end),
      location: getter("location", () => meeting.location),
      organizer: getter("organizer", () => details(meeting.organizer)),
      requiredAttendees: getter("requiredAttendees", () => meeting.requiredAttendees.map(details)),
      optionalAttendees: getter("optionalAttendees", () => meeting.optionalAttendees.map(details)),
      body: getter("body", () => meeting.body),
      recurrence: getter("recurrence", () => meeting.recurrence),
      notificationMessages,
      getAttachmentContentAsync,
      loadCustomPropertiesAsync,
      getItemIdAsync: (cb: (r: unknown) => void) => {
        calls.push("getItemIdAsync");
        if (meeting.itemId) cb({ status: "succeeded", value: meeting.itemId });
        else
          cb({
            status: "failed",
            error: { name: "ItemNotSaved", message: "The item has not been saved.", code: 9050 },
          });
      },
    };
    if (!missing.has("sensitivity")) item.sensitivity = getter("sensitivity", () => capitalize(meeting.sensitivity));
    if (!missing.has("getAttachmentsAsync"))
      item.getAttachmentsAsync = (...args: unknown[]) =>
        (args[args.length - 1] as (r: unknown) => void)(result("getAttachmentsAsync", attachmentDetails()));
  } else {
    item = {
      itemType: "appointment",
      itemId: meeting.itemId ?? "AAMkRead1",
      subject: meeting.subject,
      start: meeting.start,
      end: meeting.end,
      location: meeting.location,
      organizer: details(meeting.organizer),
      requiredAttendees: meeting.requiredAttendees.map(details),
      optionalAttendees: meeting.optionalAttendees.map(details),
      attachments: attachmentDetails(),
      body: getter("body", () => meeting.body),
      notificationMessages,
      getAttachmentContentAsync,
      loadCustomPropertiesAsync,
    };
    if (meeting.recurrence) item.recurrence = meeting.recurrence;
    if (meeting.seriesId) item.seriesId = meeting.seriesId;
    if (!missing.has("sensitivity")) item.sensitivity = meeting.sensitivity;
  }

  const data = {
    context: {
      mailbox: {
        userProfile: { emailAddress: user.emailAddress, displayName: user.displayName },
        ...(missing.has("item") ? {} : { item }),
      },
      requirements: {
        isSetSupported: (name: string, version?: string) => {
          const have = options.requirementSets?.[name];
          return have !== undefined && (!version || Number(have) >= Number(version));
        },
      },
    },
  };
  const office = new OfficeMockObject(data, "outlook" as never) as unknown as typeof Office;

  return {
    office,
    mailbox: office.context.mailbox,
    meeting,
    calls,
    notifications,
    /** What Outlook keeps for the item right now. */
    storedProperties: () => ({ ...stored }),
    /** Outlook commits the item (send or the user's save): compose-mode custom properties become permanent. */
    commit: () => {
      if (composePending) Object.assign(clear(stored), composePending);
      composePending = undefined;
    },
    /** The user closes the form without saving: compose-mode custom properties are lost. */
    discard: () => {
      composePending = undefined;
    },
  };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
