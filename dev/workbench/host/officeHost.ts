// The workbench's Office.js host: the subset of Office.js this add-in uses, with Outlook on the web's semantics.
// The workbench rewrites <script src=".../office.js"> in the served add-in pages to this bundle, so the real built
// taskpane.html and commands.html run unchanged. Every item call goes to the simulated Outlook in the parent page
// (same origin) through the FrameSession bridge; results come back asynchronously as Office.AsyncResult objects.
import type {
  ComposeField,
  FrameSession,
  ItemDescription,
  OfficeErrorData,
  ReadItemData,
  RecipientDetails,
  RecurrenceData,
} from "../shared/bridge";

type Callback<T> = (result: Office.AsyncResult<T>) => void;

const realm = window;
const RealDate = realm.Date;

function findSession(): FrameSession {
  const parentBridge = realm.parent !== realm ? realm.parent.__workbenchBridge : undefined;
  if (!parentBridge) throw new Error("The workbench Office host runs only inside the workbench (no parent bridge).");
  return parentBridge.attach(realm);
}

const session = findSession();

// ---------------------------------------------------------------------------------------------------------------
// The simulated "now": Date in the add-in's frames follows the workbench clock (and so does the sandbox).
function installClock(): void {
  const offset = () => session.clockOffsetMs();
  function WorkbenchDate(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return new RealDate(RealDate.now() + offset()).toString();
    if (args.length === 0) return new RealDate(RealDate.now() + offset());
    return new (RealDate as unknown as new (...a: unknown[]) => Date)(...args);
  }
  WorkbenchDate.prototype = RealDate.prototype;
  const patched = WorkbenchDate as unknown as DateConstructor & { now(): number };
  Object.setPrototypeOf(patched, RealDate);
  patched.now = () => RealDate.now() + offset();
  patched.parse = RealDate.parse;
  patched.UTC = RealDate.UTC;
  (realm as unknown as { Date: DateConstructor }).Date = patched;
}

// ---------------------------------------------------------------------------------------------------------------
// Each signed-in user has their own browser profile in real life: give the add-in a per-user localStorage.
function installPerUserStorage(): void {
  const real = realm.localStorage;
  const prefix = `wb-user:${session.user().email}:`;
  const keys = () => {
    const out: string[] = [];
    for (let i = 0; i < real.length; i++) {
      const k = real.key(i);
      if (k && k.startsWith(prefix)) out.push(k.slice(prefix.length));
    }
    return out;
  };
  const storage: Storage = {
    get length() {
      return keys().length;
    },
    key: (i: number) => keys()[i] ?? null,
    getItem: (k: string) => real.getItem(prefix + k),
    setItem: (k: string, v: string) => real.setItem(prefix + k, String(v)),
    removeItem: (k: string) => real.removeItem(prefix + k),
    clear: () => keys().forEach((k) => real.removeItem(prefix + k)),
  };
  Object.defineProperty(realm, "localStorage", { configurable: true, get: () => storage });
}

// ---------------------------------------------------------------------------------------------------------------
// Settle tracking: the page waits until the add-in's fetches and Office calls are done.
function installNetworkTracking(): void {
  const realFetch = realm.fetch.bind(realm);
  realm.fetch = (async (...args: Parameters<typeof fetch>) => {
    session.busy(1);
    try {
      return await realFetch(...args);
    } finally {
      session.busy(-1);
    }
  }) as typeof fetch;
  const open = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function send(this: XMLHttpRequest, body?: Parameters<XMLHttpRequest["send"]>[0]) {
    session.busy(1);
    this.addEventListener("loadend", () => session.busy(-1), { once: true });
    return open.call(this, body);
  };
}

installClock();
installPerUserStorage();
installNetworkTracking();

// ---------------------------------------------------------------------------------------------------------------
// AsyncResult plumbing.
const SUCCEEDED = "succeeded" as unknown as Office.AsyncResultStatus;
const FAILED = "failed" as unknown as Office.AsyncResultStatus;
const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

class OfficeError implements Office.Error {
  constructor(
    readonly code: number,
    readonly name: string,
    readonly message: string,
  ) {}
}

function toOfficeError(e: unknown): Office.Error {
  const data = e as Partial<OfficeErrorData> & { officeName?: string };
  if (typeof data?.code === "number") {
    return new OfficeError(data.code, data.officeName ?? data.name ?? "Error", data.message ?? "");
  }
  return new OfficeError(5001, "Internal Error", e instanceof Error ? e.message : String(e));
}

function splitArgs(args: unknown[]): {
  params: unknown[];
  options: Office.AsyncContextOptions;
  callback?: Callback<never>;
} {
  const list = [...args];
  let callback: Callback<never> | undefined;
  let options: Office.AsyncContextOptions = {};
  if (typeof list[list.length - 1] === "function") callback = list.pop() as Callback<never>;
  const last = list[list.length - 1];
  if (last && typeof last === "object" && !Array.isArray(last) && !(last instanceof RealDate)) {
    // Only treat it as options when it looks like options (asyncContext, coercionType...).
    const keys = Object.keys(last);
    if (
      keys.length === 0 ||
      keys.some((k) => ["asyncContext", "coercionType", "isInline", "useLocalCache"].includes(k))
    ) {
      options = list.pop() as Office.AsyncContextOptions;
    }
  }
  return { params: list, options, callback };
}

/** Runs one Office async call: bridge promise -> AsyncResult delivered asynchronously to the callback. */
function asyncCall<T>(
  args: unknown[],
  run: (params: unknown[], options: Office.AsyncContextOptions) => Promise<T>,
  copy: (value: T) => T = clone,
): void {
  const { params, options, callback } = splitArgs(args);
  session.busy(1);
  const deliver = (result: Office.AsyncResult<T>) => {
    realm.setTimeout(() => {
      try {
        (callback as Callback<T> | undefined)?.(result);
      } finally {
        session.busy(-1);
      }
    }, 0);
  };
  let promise: Promise<T>;
  try {
    promise = run(params, options);
  } catch (e) {
    promise = Promise.reject(e);
  }
  promise.then(
    (value) =>
      deliver({
        status: SUCCEEDED,
        value: copy(value),
        asyncContext: options.asyncContext,
        error: undefined as unknown as Office.Error,
        diagnostics: undefined,
      } as Office.AsyncResult<T>),
    (e: unknown) =>
      deliver({
        status: FAILED,
        value: undefined as T,
        asyncContext: options.asyncContext,
        error: toOfficeError(e),
        diagnostics: undefined,
      } as Office.AsyncResult<T>),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Item objects.
const toDate = (iso: unknown): Date => new RealDate(String(iso));

function composeProperty(
  field: ComposeField,
  convertOut: (v: unknown) => unknown = (v) => v,
  convertIn: (v: unknown) => unknown = (v) => v,
) {
  return {
    getAsync: (...args: unknown[]) => asyncCall(args, async () => convertOut(await session.get(field))),
    setAsync: (...args: unknown[]) => asyncCall(args, ([value]) => session.set(field, convertIn(value))),
  };
}

const dateIn = (v: unknown) => {
  const d =
    v instanceof RealDate || (v && typeof (v as Date).toISOString === "function")
      ? (v as Date)
      : new RealDate(String(v));
  if (Number.isNaN(d.getTime()))
    throw new OfficeError(9031, "InvalidParameterValueError", "The value of the 'dateTime' parameter is invalid.");
  return d.toISOString();
};

function recipientsIn(v: unknown): { email: string; name: string }[] {
  if (!Array.isArray(v))
    throw new OfficeError(9031, "InvalidParameterValueError", "The value of the 'recipients' parameter is invalid.");
  return v.map((r) => {
    if (typeof r === "string") return { email: r, name: r };
    const d = r as Partial<Office.EmailAddressDetails & Office.EmailUser>;
    return { email: String(d.emailAddress ?? ""), name: String(d.displayName ?? d.emailAddress ?? "") };
  });
}

function recipientsProperty(field: "requiredAttendees" | "optionalAttendees") {
  return {
    ...composeProperty(field, (v) => v, recipientsIn),
    addAsync: (...args: unknown[]) => asyncCall(args, ([value]) => session.addRecipients(field, recipientsIn(value))),
  };
}

function recurrenceObject(data: RecurrenceData | null): Office.Recurrence | null {
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

const OfficeErrorsLocal = {
  notSupported: (api: string) => new OfficeError(5000, "Not supported", `The workbench does not support ${api}.`),
};

function notificationMessages(): Office.NotificationMessages {
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

function customPropertiesObject(initial: Record<string, unknown>): Office.CustomProperties {
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

function sessionDataObject(): Office.SessionData {
  return {
    getAsync: (...args: unknown[]) => asyncCall(args, ([key]) => session.sessionData("get", String(key))),
    setAsync: (...args: unknown[]) =>
      asyncCall(args, ([key, value]) => session.sessionData("set", String(key), String(value))),
    getAllAsync: (...args: unknown[]) => asyncCall(args, () => session.sessionData("getAll")),
    removeAsync: (...args: unknown[]) => asyncCall(args, ([key]) => session.sessionData("remove", String(key))),
    clearAsync: (...args: unknown[]) => asyncCall(args, () => session.sessionData("clear")),
  } as unknown as Office.SessionData;
}

type Handler = (args: Record<string, unknown>) => void;
const itemHandlers = new Map<string, Set<Handler>>();
const mailboxHandlers = new Map<string, Set<Handler>>();

function handlerApi(store: Map<string, Set<Handler>>) {
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

function commonItem(desc: ItemDescription) {
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
function withCustomProperties<T extends object>(item: T) {
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

function composeItem(desc: ItemDescription) {
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

function readItem(desc: ItemDescription) {
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

function buildItem(): Office.AppointmentCompose | Office.AppointmentRead | null {
  const desc = session.describeItem();
  if (!desc) return null;
  return (desc.mode === "compose" ? composeItem(desc) : readItem(desc)) as unknown as
    Office.AppointmentCompose | Office.AppointmentRead;
}

// ---------------------------------------------------------------------------------------------------------------
// Office.actions.associate and invocation.
const associations = new Map<string, (event: unknown) => unknown>();

function createEvent(invocationId: string, args: Record<string, unknown>) {
  let done = false;
  const base: Record<string, unknown> = clone(args);
  // Event args carry Dates (AppointmentTimeChangedEventArgs.start/end), created in this realm.
  for (const key of ["start", "end"]) if (typeof base[key] === "string") base[key] = toDate(base[key]);
  return {
    ...base,
    completed: (options?: Office.SmartAlertsEventCompletedOptions | Office.AddinCommands.EventCompletedOptions) => {
      if (done) return;
      done = true;
      session.completed(invocationId, clone(options ?? {}));
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The Office namespace.
const user = session.user();
const readyCallbacks: ((info: { host: Office.HostType; platform: Office.PlatformType }) => void)[] = [];
let isReady = false;
const info = () =>
  ({ host: "Outlook", platform: "OfficeOnline" }) as unknown as {
    host: Office.HostType;
    platform: Office.PlatformType;
  };

const mailbox = {
  get item() {
    return currentItem;
  },
  userProfile: {
    emailAddress: user.email,
    displayName: user.name,
    timeZone: user.timeZone,
    accountType: "enterprise",
  },
  diagnostics: { hostName: "OutlookWebApp", hostVersion: "16.0", OWAView: "TwoColumns" },
  ewsUrl: undefined,
  restUrl: undefined,
  convertToLocalClientTime: (d: Date) => {
    const dt = new RealDate(d.getTime());
    return {
      year: dt.getFullYear(),
      month: dt.getMonth(),
      date: dt.getDate(),
      hours: dt.getHours(),
      minutes: dt.getMinutes(),
      seconds: dt.getSeconds(),
      milliseconds: dt.getMilliseconds(),
      timezoneOffset: -dt.getTimezoneOffset(),
    };
  },
  convertToUtcClientTime: (t: {
    year: number;
    month: number;
    date: number;
    hours: number;
    minutes: number;
    seconds?: number;
    milliseconds?: number;
  }) => new RealDate(t.year, t.month, t.date, t.hours, t.minutes, t.seconds ?? 0, t.milliseconds ?? 0),
  // Office.js item ids are EWS ids (standard base64: '+', '/'); REST (Graph) ids are the same bytes in the URL-safe
  // alphabet ('-', '_'). These are Office.js's conversions, and the local Exchange's id mapping (dev/graph/ids.ts).
  convertToRestId: (itemId: string, _restVersion?: unknown) => itemId.replace(/\//g, "-").replace(/\+/g, "_"),
  convertToEwsId: (itemId: string, _restVersion?: unknown) => itemId.replace(/-/g, "/").replace(/_/g, "+"),
  getCallbackTokenAsync: (...args: unknown[]) =>
    asyncCall(args, async () => Promise.reject(OfficeErrorsLocal.notSupported("callback tokens"))),
  getUserIdentityTokenAsync: (...args: unknown[]) =>
    asyncCall(args, async () => Promise.reject(OfficeErrorsLocal.notSupported("Exchange identity tokens"))),
  ...handlerApi(mailboxHandlers),
};

let currentItem = buildItem();

const supportedSets: Record<string, number> = { Mailbox: 1.14, IdentityAPI: 0, NestedAppAuth: 0 };

const OfficeImpl = {
  AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
  CoercionType: { Text: "text", Html: "html" },
  HostType: { Outlook: "Outlook", Word: "Word", Excel: "Excel", PowerPoint: "PowerPoint" },
  PlatformType: {
    OfficeOnline: "OfficeOnline",
    PC: "PC",
    Mac: "Mac",
    iOS: "iOS",
    Android: "Android",
    Universal: "Universal",
  },
  EventType: {
    ItemChanged: "olkItemSelectedChanged",
    AppointmentTimeChanged: "olkAppointmentTimeChanged",
    RecipientsChanged: "olkRecipientsChanged",
    RecurrenceChanged: "olkRecurrenceChanged",
    AttachmentsChanged: "olkAttachmentsChanged",
    EnhancedLocationsChanged: "olkEnhancedLocationsChanged",
    OfficeThemeChanged: "officeThemeChanged",
    InfobarClicked: "olkInfobarClicked",
  },
  SourceProperty: { Body: "body", Subject: "subject" },
  MailboxEnums: {
    ItemType: { Message: "message", Appointment: "appointment" },
    ItemNotificationMessageType: {
      ProgressIndicator: "progressIndicator",
      InformationalMessage: "informationalMessage",
      ErrorMessage: "errorMessage",
      InsightMessage: "insightMessage",
    },
    ResponseType: {
      None: "none",
      Organizer: "organizer",
      Tentative: "tentative",
      Accepted: "accepted",
      Declined: "declined",
    },
    RecipientType: { DistributionList: "distributionList", User: "user", ExternalUser: "externalUser", Other: "other" },
    AttachmentType: { File: "file", Item: "item", Cloud: "cloud" },
    AttachmentContentFormat: { Base64: "base64", Url: "url", Eml: "eml", ICalendar: "iCalendar" },
    AttachmentStatus: { Added: "added", Removed: "removed" },
    AppointmentSensitivityType: {
      Normal: "normal",
      Personal: "personal",
      Private: "private",
      Confidential: "confidential",
    },
    RecurrenceType: { Daily: "daily", Weekday: "weekday", Weekly: "weekly", Monthly: "monthly", Yearly: "yearly" },
    SendModeOverride: { PromptUser: "promptUser" },
    RestVersion: { v1_0: "v1.0", v2_0: "v2.0", Beta: "beta" },
    Days: { Mon: "mon", Tue: "tue", Wed: "wed", Thu: "thu", Fri: "fri", Sat: "sat", Sun: "sun" },
  },
  context: {
    get mailbox() {
      return mailbox;
    },
    host: "Outlook",
    platform: "OfficeOnline",
    contentLanguage: navigator.language || "en-US",
    displayLanguage: navigator.language || "en-US",
    diagnostics: { host: "Outlook", platform: "OfficeOnline", version: "16.0.0.0" },
    get officeTheme() {
      return session.theme();
    },
    requirements: {
      isSetSupported: (name: string, version?: string | number) => {
        const have = supportedSets[name] ?? 0;
        const want = version === undefined ? 1 : Number(version);
        return have > 0 && want <= have + 1e-9;
      },
    },
    roamingSettings: {
      get: (name: string) => JSON.parse(realm.localStorage.getItem(`roaming:${name}`) ?? "null") as unknown,
      set: (name: string, value: unknown) => realm.localStorage.setItem(`roaming:${name}`, JSON.stringify(value)),
      remove: (name: string) => realm.localStorage.removeItem(`roaming:${name}`),
      saveAsync: (...args: unknown[]) => asyncCall(args, async () => undefined),
    },
    ui: {
      displayDialogAsync: (...args: unknown[]) =>
        asyncCall(args, async () => Promise.reject(OfficeErrorsLocal.notSupported("dialogs"))),
    },
  },
  actions: {
    associate: (name: string, fn: (event: unknown) => unknown) => {
      associations.set(name, fn);
      session.associated(name);
    },
  },
  onReady: (callback?: (i: { host: Office.HostType; platform: Office.PlatformType }) => void) =>
    new Promise<{ host: Office.HostType; platform: Office.PlatformType }>((resolve) => {
      const done = (i: { host: Office.HostType; platform: Office.PlatformType }) => {
        callback?.(i);
        resolve(i);
      };
      if (isReady) realm.setTimeout(() => done(info()), 0);
      else readyCallbacks.push(done);
    }),
  initialize: undefined as undefined | ((reason: unknown) => void),
};

(realm as unknown as { Office: unknown }).Office = OfficeImpl;

session.connect({
  invoke(functionName, invocationId, eventArgs) {
    const fn = associations.get(functionName);
    if (!fn) return false;
    const event = createEvent(invocationId, eventArgs);
    try {
      const out = fn(event);
      if (out && typeof (out as Promise<unknown>).catch === "function") {
        (out as Promise<unknown>).catch((e: unknown) => console.error(`[workbench] ${functionName} rejected`, e));
      }
    } catch (e) {
      console.error(`[workbench] ${functionName} threw`, e);
    }
    return true;
  },
  emit(eventType, args) {
    if (eventType === "olkItemSelectedChanged") currentItem = buildItem();
    const targets =
      eventType === "olkItemSelectedChanged" || eventType === "officeThemeChanged" ? mailboxHandlers : itemHandlers;
    for (const handler of targets.get(eventType) ?? []) {
      try {
        handler(clone({ type: eventType, ...args }));
      } catch (e) {
        console.error(`[workbench] handler for ${eventType} threw`, e);
      }
    }
  },
});

// Outlook initializes the add-in once the page is parsed (the host handshake).
function becomeReady() {
  if (isReady) return;
  isReady = true;
  try {
    OfficeImpl.initialize?.("inserted");
  } catch (e) {
    console.error("[workbench] Office.initialize threw", e);
  }
  for (const cb of readyCallbacks.splice(0)) cb(info());
}
if (document.readyState === "loading")
  document.addEventListener("DOMContentLoaded", () => realm.setTimeout(becomeReady, 0));
else realm.setTimeout(becomeReady, 0);
