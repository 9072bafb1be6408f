// The item objects the add-in gets as Office.context.mailbox.item: compose and read appointments, with their
// properties, custom properties, sessionData, notification messages and event handlers.
import type { ComposeField, ItemDescription, ReadItemData, RecipientDetails, RecurrenceData } from "../shared/bridge";
import { asyncCall, clone, FAILED, OfficeError, splitArgs, SUCCEEDED, toOfficeError } from "./asyncResult";
import { type Callback, RealDate, realm, session } from "./realm";

export const toDate = (iso: unknown): Date => new RealDate(String(iso));

export function composeProperty(
  field: ComposeField,
  convertOut: (v: unknown) => unknown = (v) => v,
  convertIn: (v: unknown) => unknown = (v) => v,
) {
  return {
    getAsync: (...args: unknown[]) => asyncCall(args, async () => convertOut(await session.get(field))),
    setAsync: (...args: unknown[]) => asyncCall(args, ([value]) => session.set(field, convertIn(value))),
  };
}

export const dateIn = (v: unknown) => {
  const d =
    v instanceof RealDate || (v && typeof (v as Date).toISOString === "function")
      ? (v as Date)
      : new RealDate(String(v));
  if (Number.isNaN(d.getTime()))
    throw new OfficeError(9031, "InvalidParameterValueError", "The value of the 'dateTime' parameter is invalid.");
  return d.toISOString();
};

export function recipientsIn(v: unknown): { email: string; name: string }[] {
  if (!Array.isArray(v))
    throw new OfficeError(9031, "InvalidParameterValueError", "The value of the 'recipients' parameter is invalid.");
  return v.map((r) => {
    if (typeof r === "string") return { email: r, name: r };
    const d = r as Partial<Office.EmailAddressDetails & Office.EmailUser>;
    return { email: String(d.emailAddress ?? ""), name: String(d.displayName ?? d.emailAddress ?? "") };
  });
}

export function recipientsProperty(field: "requiredAttendees" | "optionalAttendees") {
  return {
    ...composeProperty(field, (v) => v, recipientsIn),
    addAsync: (...args: unknown[]) => asyncCall(args, ([value]) => session.addRecipients(field, recipientsIn(value))),
  };
}

export function recurrenceObject(data: RecurrenceData | null): Office.Recurrence | null {
  if (!data) return null;
  return {
    ...data,
    getAsync: (...args: unknown[]) => asyncCall(args, async () => data),
    setAsync: (...args: unknown[]) =>
      asyncCall(args, async () => Promise.reject(OfficeErrorsLocal.notSupported("recurrence.setAsync on a read item"))),
    setRecurrenceTimeZone: () => undefined,
    setSeriesTime: () => undefined,
  } as unknown as Office.Recurrence;
}

export const OfficeErrorsLocal = {
  notSupported: (api: string) => new OfficeError(5000, "Not supported", `The workbench does not support ${api}.`),
};

export function notificationMessages(): Office.NotificationMessages {
  return {
    addAsync: (...args: unknown[]) =>
      asyncCall(args, ([key, details]) =>
        session.notifications("add", String(key), clone(details as Office.NotificationMessageDetails) as never),
      ),
    replaceAsync: (...args: unknown[]) =>
      asyncCall(args, ([key, details]) =>
        session.notifications("replace", String(key), clone(details as Office.NotificationMessageDetails) as never),
      ),
    removeAsync: (...args: unknown[]) => asyncCall(args, ([key]) => session.notifications("remove", String(key))),
    getAllAsync: (...args: unknown[]) => asyncCall(args, () => session.notifications("getAll")),
  } as unknown as Office.NotificationMessages;
}

export function customPropertiesObject(initial: Record<string, unknown>): Office.CustomProperties {
  const values: Record<string, unknown> = clone(initial);
  return {
    get: (name: string) => values[name],
    set: (name: string, value: unknown) => {
      values[name] = clone(value);
    },
    remove: (name: string) => {
      delete values[name];
    },
    getAll: () => clone(values),
    saveAsync: (...args: unknown[]) => asyncCall(args, () => session.saveCustomProperties(clone(values))),
  } as unknown as Office.CustomProperties;
}

export function sessionDataObject(): Office.SessionData {
  return {
    getAsync: (...args: unknown[]) => asyncCall(args, ([key]) => session.sessionData("get", String(key))),
    setAsync: (...args: unknown[]) =>
      asyncCall(args, ([key, value]) => session.sessionData("set", String(key), String(value))),
    getAllAsync: (...args: unknown[]) => asyncCall(args, () => session.sessionData("getAll")),
    removeAsync: (...args: unknown[]) => asyncCall(args, ([key]) => session.sessionData("remove", String(key))),
    clearAsync: (...args: unknown[]) => asyncCall(args, () => session.sessionData("clear")),
  } as unknown as Office.SessionData;
}

export type Handler = (args: Record<string, unknown>) => void;
export const itemHandlers = new Map<string, Set<Handler>>();
export const mailboxHandlers = new Map<string, Set<Handler>>();

export function handlerApi(store: Map<string, Set<Handler>>) {
  return {
    addHandlerAsync: (eventType: string, handler: Handler, ...rest: unknown[]) =>
      asyncCall(rest, async () => {
        if (!store.has(eventType)) store.set(eventType, new Set());
        store.get(eventType)!.add(handler);
      }),
    removeHandlerAsync: (eventType: string, ...rest: unknown[]) =>
      asyncCall(rest, async () => {
        store.delete(eventType);
      }),
  };
}

export function commonItem(desc: ItemDescription) {
  return {
    itemType: "appointment" as Office.MailboxEnums.ItemType,
    notificationMessages: notificationMessages(),
    getAttachmentContentAsync: (...args: unknown[]) =>
      asyncCall(
        args,
        ([id]) => session.getAttachmentContent(String(id)),
        // A new object for this frame, sharing the (immutable) content string: a JSON round trip of a 25 MB
        // attachment's 33 MB of base64 blocked the add-in's frame, and so the task pane, for seconds.
        (c) => ({ format: c.format, content: c.content }),
      ),
    body: {
      getAsync: (...args: unknown[]) => {
        const { params, options } = splitArgs(args);
        const coercion = String(params[0] ?? (options as { coercionType?: string }).coercionType ?? "text");
        asyncCall(args, () => session.getBody(coercion === "html" ? "html" : "text"));
      },
      setAsync: (...args: unknown[]) => {
        const { options } = splitArgs(args);
        const coercion = String((options as { coercionType?: string }).coercionType ?? "text");
        asyncCall(args, ([value]) => session.setBody(String(value), coercion === "html" ? "html" : "text"));
      },
      getTypeAsync: (...args: unknown[]) => asyncCall(args, async () => "html"),
    },
    ...handlerApi(itemHandlers),
    mode: desc.mode,
  };
}

// loadCustomPropertiesAsync delivers a CustomProperties object (a live view the add-in edits, then saves).
export function withCustomProperties<T extends object>(item: T) {
  return {
    ...item,
    loadCustomPropertiesAsync: (...args: unknown[]) => {
      const { options, callback } = splitArgs(args);
      session.busy(1);
      session.loadCustomProperties().then(
        (values) =>
          realm.setTimeout(() => {
            try {
              (callback as Callback<Office.CustomProperties> | undefined)?.({
                status: SUCCEEDED,
                value: customPropertiesObject(values),
                asyncContext: options.asyncContext,
              } as Office.AsyncResult<Office.CustomProperties>);
            } finally {
              session.busy(-1);
            }
          }, 0),
        (e: unknown) =>
          realm.setTimeout(() => {
            try {
              (callback as Callback<Office.CustomProperties> | undefined)?.({
                status: FAILED,
                error: toOfficeError(e),
                asyncContext: options.asyncContext,
              } as Office.AsyncResult<Office.CustomProperties>);
            } finally {
              session.busy(-1);
            }
          }, 0),
      );
    },
  };
}

export function composeItem(desc: ItemDescription) {
  return withCustomProperties({
    ...commonItem(desc),
    subject: composeProperty("subject"),
    location: composeProperty("location"),
    start: composeProperty("start", toDate, dateIn),
    end: composeProperty("end", toDate, dateIn),
    organizer: composeProperty("organizer"),
    requiredAttendees: recipientsProperty("requiredAttendees"),
    optionalAttendees: recipientsProperty("optionalAttendees"),
    recurrence: {
      getAsync: (...args: unknown[]) =>
        asyncCall(args, async () => recurrenceObject((await session.get("recurrence")) as RecurrenceData | null)),
      setAsync: (...args: unknown[]) => asyncCall(args, ([value]) => session.set("recurrence", value ?? null)),
    },
    sensitivity: composeProperty("sensitivity"),
    isAllDayEvent: composeProperty("isAllDayEvent"),
    sessionData: sessionDataObject(),
    getItemIdAsync: (...args: unknown[]) => asyncCall(args, () => session.getItemId()),
    saveAsync: (...args: unknown[]) => asyncCall(args, () => session.saveItem()),
    getAttachmentsAsync: (...args: unknown[]) => asyncCall(args, () => session.get("attachments")),
    addFileAttachmentFromBase64Async: (...args: unknown[]) =>
      asyncCall(args, ([base64, name], options) =>
        session.addAttachment(String(name), String(base64), Boolean((options as { isInline?: boolean }).isInline)),
      ),
    removeAttachmentAsync: (...args: unknown[]) => asyncCall(args, ([id]) => session.removeAttachment(String(id))),
  });
}

export function readItem(desc: ItemDescription) {
  const data = desc.read as ReadItemData;
  const recipient = (r: RecipientDetails) => ({ ...r });
  return withCustomProperties({
    ...commonItem(desc),
    itemId: data.itemId,
    itemClass: "IPM.Appointment",
    subject: data.subject,
    start: toDate(data.start),
    end: toDate(data.end),
    location: data.location,
    organizer: recipient(data.organizer),
    requiredAttendees: data.requiredAttendees.map(recipient),
    optionalAttendees: data.optionalAttendees.map(recipient),
    attachments: data.attachments.map((a) => ({ ...a })),
    recurrence: recurrenceObject(data.recurrence),
    sensitivity: data.sensitivity,
    isAllDayEvent: data.isAllDayEvent,
    dateTimeCreated: toDate(data.dateTimeCreated),
    dateTimeModified: toDate(data.dateTimeModified),
    seriesId: data.recurrence ? data.itemId : null,
  });
}

export function buildItem(): Office.AppointmentCompose | Office.AppointmentRead | null {
  const desc = session.describeItem();
  if (!desc) return null;
  return (desc.mode === "compose" ? composeItem(desc) : readItem(desc)) as unknown as
    Office.AppointmentCompose | Office.AppointmentRead;
}
