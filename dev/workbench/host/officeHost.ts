// The workbench's Office.js host: the subset of Office.js this add-in uses, with Outlook on the web's semantics.
// The workbench rewrites <script src=".../office.js"> in the served add-in pages to this bundle, so the real built
// taskpane.html and commands.html run unchanged. Every item call goes to the simulated Outlook in the parent page
// (same origin) through the FrameSession bridge; results come back asynchronously as Office.AsyncResult objects.
import { installClock, installNetworkTracking, installPerUserStorage } from "./environment";
import { asyncCall, clone } from "./asyncResult";
import { buildItem, handlerApi, itemHandlers, mailboxHandlers, OfficeErrorsLocal, toDate } from "./items";
import { deliverDialogEvent, dialogUi } from "./dialogs";
import { installNestedAppAuthBridge } from "./nestedAppAuth";
import { RealDate, realm, session } from "./realm";

installClock();
installPerUserStorage();
installNetworkTracking();
installNestedAppAuthBridge();

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

// NestedAppAuth 1.1 only where the Outlook being played has nested app authentication (auth mode "naa").
const supportedSets: Record<string, number> = {
  Mailbox: 1.14,
  IdentityAPI: 0,
  NestedAppAuth: session.authMode() === "naa" ? 1.1 : 0,
};

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
    ui: dialogUi,
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
  dialogEvent: deliverDialogEvent,
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
