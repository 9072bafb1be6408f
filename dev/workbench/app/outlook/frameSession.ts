// The frame bridge: what the page does for one add-in frame when the Office host in it calls Office.js. Results come
// back asynchronously (a few milliseconds later, as Outlook's do); failures cross as Outlook-style error data.
import {
  OfficeErrors,
  OfficeFailure,
  type AttachmentData,
  type AttendeeResponse,
  type ComposeField,
  type FrameSession,
  type Recipient,
} from "../../shared/bridge";
import type { FrameRecord } from "./frames";
import { composeValue, describe, themeColors } from "./itemData";
import type { MailboxStore } from "./mailboxes";
import type { NestedAppAuthBroker } from "./nestedAppAuth";
import type { AddinDialogs } from "./addinDialogs";
import { base64Size, escapeHtml, type Form, htmlToText, type NotificationLogEntry, stripWhitespace } from "./model";
import { applyNotification } from "./notifications";
import { personFor } from "./people";

const CUSTOM_PROPERTIES_LIMIT = 2500;

/** What a frame session needs from the simulated Outlook. */
export interface SessionHost {
  readonly user: Recipient;
  readonly clockOffset: number;
  readonly form: Form | null;
  readonly theme: "light" | "dark";
  readonly store: MailboxStore;
  readonly notificationLog: NotificationLogEntry[];
  readonly auth: NestedAppAuthBroker;
  readonly dialogs: AddinDialogs;
  now(): Date;
  changed(): void;
  /** item.saveAsync: commits the compose form (attendees get nothing); answers the item id. */
  saveForm(form: Form): Promise<string>;
  completed(invocationId: string, options: Record<string, unknown>): void;
}

/** Runs `fn` a moment later, as Outlook answers asynchronously; an OfficeFailure crosses as its JSON. */
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

const newRecipients = (list: Recipient[]) =>
  list.map((r) => ({ ...personFor(r.email), response: "none" as AttendeeResponse }));

export function frameSession(host: SessionHost, record: FrameRecord): FrameSession {
  /** A commands runtime belongs to the form it was started for; the task pane follows the open form. */
  const currentForm = () =>
    record.kind === "commands" ? (host.form?.id === record.formId ? host.form : null) : host.form;
  const form = (): Form => {
    const f = currentForm();
    if (!f || f.state === "closed") throw OfficeErrors.itemChanged();
    return f;
  };
  const compose = (): Form => {
    const f = form();
    if (f.mode !== "compose") throw OfficeErrors.readOnly();
    return f;
  };
  const edited = <T>(fn: () => T) =>
    later(() => {
      const out = fn();
      host.changed();
      return out;
    });
  return {
    kind: record.kind,
    user: () => ({ ...host.user, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }),
    clockOffsetMs: () => host.clockOffset,
    describeItem: () => {
      const f = currentForm();
      return describe(f, f?.itemId ? host.store.find(f.itemId, f.owner) : undefined, host.now());
    },
    get: (field: ComposeField) => later(() => composeValue(compose().draft, field)),
    set: (field: ComposeField, value: unknown) =>
      edited(() => {
        const d = compose().draft;
        if (field === "subject") {
          if (String(value).length > 255) throw OfficeErrors.tooLong("subject", 255);
          d.subject = String(value);
        } else if (field === "location") d.location = String(value);
        else if (field === "start" || field === "end") d[field] = String(value);
        else if (field === "sensitivity") d.isPrivate = String(value) === "private";
        else if (field === "requiredAttendees") d.required = newRecipients(value as Recipient[]);
        else if (field === "optionalAttendees") d.optional = newRecipients(value as Recipient[]);
        else throw OfficeErrors.notSupported(`${field}.setAsync`);
      }),
    addRecipients: (field, recipients) =>
      edited(() => {
        const d = compose().draft;
        if (field === "requiredAttendees") d.required = [...d.required, ...newRecipients(recipients)];
        else d.optional = [...d.optional, ...newRecipients(recipients)];
      }),
    getBody: (coercion) =>
      later(() => {
        const notes = form().draft.notes;
        return coercion === "html"
          ? `<html><body><div>${escapeHtml(notes).replace(/\n/g, "<br>")}</div></body></html>`
          : notes;
      }),
    setBody: (value, coercion) =>
      edited(() => {
        compose().draft.notes = coercion === "html" ? htmlToText(value) : value;
      }),
    getItemId: () =>
      later(() => {
        const f = form();
        if (!f.itemId) throw OfficeErrors.itemNotSaved();
        return f.itemId;
      }),
    saveItem: () => later(() => host.saveForm(compose())),
    loadCustomProperties: () => later(() => structuredClone(form().customProperties)),
    saveCustomProperties: (values) =>
      later(async () => {
        const f = form();
        const length = JSON.stringify(values).length;
        if (length > CUSTOM_PROPERTIES_LIMIT) throw OfficeErrors.customPropertiesTooLarge(length);
        f.customProperties = structuredClone(values);
        // Read mode writes through to the item at once; compose mode keeps them until the item is saved or sent.
        if (f.mode === "read" && f.itemId) await host.store.setCustomProperties(f.owner, f.itemId, values);
        host.changed();
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
    notifications: (op, key, detailsIn) =>
      later(() => {
        const f = form();
        if (op === "getAll") return structuredClone(f.notifications);
        const logged = applyNotification(f.notifications, op, key, detailsIn);
        if (logged)
          host.notificationLog.push({
            at: host.now().toISOString(),
            itemId: f.itemId,
            subject: f.draft.subject,
            ...logged,
          });
        host.changed();
        return undefined;
      }),
    getAttachmentContent: (id) =>
      later(async () => {
        const a = form().draft.attachments.find((x) => x.id === id);
        if (!a) throw OfficeErrors.invalidAttachmentId();
        const content = await host.store.contents.get(a.contentRef);
        if (content === undefined) throw OfficeErrors.attachmentContentUnavailable();
        return { format: "base64" as const, content };
      }),
    addAttachment: (name, base64) =>
      edited(() => {
        const f = compose();
        const clean = stripWhitespace(base64);
        const a: AttachmentData = {
          id: `att-${crypto.randomUUID()}`,
          name,
          contentType: "application/octet-stream",
          size: base64Size(clean),
          isInline: false,
          attachmentType: "file",
          contentRef: host.store.contents.put(clean),
        };
        f.draft.attachments.push(a);
        return a.id;
      }),
    removeAttachment: (id) =>
      edited(() => {
        const f = compose();
        if (!f.draft.attachments.some((a) => a.id === id)) throw OfficeErrors.invalidAttachmentId();
        f.draft.attachments = f.draft.attachments.filter((a) => a.id !== id);
      }),
    associated: (name) => {
      record.associated.add(name);
      record.onAssociated?.();
    },
    completed: (invocationId, options) => host.completed(invocationId, (options ?? {}) as Record<string, unknown>),
    busy: (delta) => {
      record.busy = Math.max(0, record.busy + delta);
    },
    connect: (sink) => {
      record.sink = sink;
      record.onAssociated?.();
    },
    theme: () => themeColors(host.theme),
    authMode: () => host.auth.mode,
    nestedAppAuth: (request) => host.auth.handle(record, request),
    openDialog: (url) => later(() => host.dialogs.openFor(record, url)),
    closeDialog: (dialogId) => later(() => host.dialogs.close(dialogId)),
    messageParent: (message) => host.dialogs.messageParent(record, message),
  };
}
