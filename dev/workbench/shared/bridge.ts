// The contract between the simulated Outlook (the workbench page) and the Office host script it injects into the
// add-in's frames (task pane and commands runtime). All frames are same-origin, so the host reaches the page's
// bridge directly through `window.parent`. Everything crossing it is plain JSON: the host re-creates values in its own
// realm, so the add-in never sees an object from another realm (instanceof Date/Array keep working).

export type AttendeeResponse = "none" | "organizer" | "tentative" | "accepted" | "declined";
export type RecurrenceKind = "daily" | "weekly";

export interface Recipient {
  email: string;
  name: string;
}

export interface RecipientDetails {
  emailAddress: string;
  displayName: string;
  appointmentResponse: AttendeeResponse;
  recipientType: "user" | "externalUser" | "distributionList" | "other";
}

export interface AttachmentData {
  id: string;
  name: string;
  contentType: string;
  size: number;
  isInline: boolean;
  attachmentType: "file" | "item" | "cloud";
  /** Where the base64 content is kept (app/attachmentStore.ts), so the mailbox JSON stays small. */
  contentRef: string;
}

/** An Outlook-style error, as AsyncResult.error carries it. */
export interface OfficeErrorData {
  code: number;
  name: string;
  message: string;
}

export class OfficeFailure extends Error {
  constructor(
    readonly code: number,
    readonly officeName: string,
    message: string,
  ) {
    super(message);
    this.name = "OfficeFailure";
  }
  toJSON(): OfficeErrorData {
    return { code: this.code, name: this.officeName, message: this.message };
  }
}

/** Outlook's error codes for the calls the workbench implements (Office.js ErrorCodes, Outlook range). */
export const OfficeErrors = {
  invalidAttachmentId: () =>
    new OfficeFailure(9003, "InvalidAttachmentId", "The attachment identifier does not exist."),
  attachmentContentUnavailable: () =>
    new OfficeFailure(9017, "GenericResponseError", "The attachment's content could not be retrieved."),
  invalidEndTime: () => new OfficeFailure(9010, "InvalidEndTime", "The end time cannot occur before the start time."),
  duplicateNotificationKey: () =>
    new OfficeFailure(9023, "DuplicateNotificationKey", "A notification message with this key already exists."),
  notificationKeyNotFound: () =>
    new OfficeFailure(9024, "NotificationKeyNotFound", "There are no notifications with the specified key."),
  tooManyNotifications: () =>
    new OfficeFailure(9025, "NumberOfNotificationsExceeded", "The notification couldn't be added: at most 5 per item."),
  itemChanged: () => new OfficeFailure(9030, "APICallFailedDueToItemChange", "The selected item has been changed."),
  invalidParameter: (name: string) =>
    new OfficeFailure(9031, "InvalidParameterValueError", `The value of the '${name}' parameter is invalid.`),
  itemNotSaved: () => new OfficeFailure(9041, "ItemNotSaved", "The item hasn't been saved yet: save it first."),
  tooLong: (name: string, max: number) =>
    new OfficeFailure(
      9036,
      "ParameterValueTooLongError",
      `The value of the parameter '${name}' is too long. The maximum number of characters is ${max}.`,
    ),
  customPropertiesTooLarge: (length: number) =>
    new OfficeFailure(
      9020,
      "ExceededMaxCustomPropertiesSize",
      `The custom properties of this add-in (${length} characters) exceed the limit of 2,500 characters.`,
    ),
  sessionDataTooLarge: () =>
    new OfficeFailure(9048, "SessionDataObjectMaxLengthExceeded", "The sessionData object exceeds 50,000 characters."),
  notSupported: (api: string) =>
    new OfficeFailure(5000, "Not supported", `The workbench does not support ${api} on this surface.`),
  readOnly: () => new OfficeFailure(5010, "AccessRestricted", "The item is read-only on this surface."),
} as const;

export interface NotificationData {
  key: string;
  type: "progressIndicator" | "informationalMessage" | "errorMessage" | "insightMessage";
  message: string;
  icon?: string;
  persistent?: boolean;
}

export interface ItemDescription {
  mode: "compose" | "read";
  itemType: "appointment";
  /** Only in read mode (Office.js does not expose itemId on a compose form). */
  itemId?: string;
  /** Read-mode property values (compose mode reads through getAsync). */
  read?: ReadItemData;
}

export interface ReadItemData {
  itemId: string;
  subject: string;
  start: string;
  end: string;
  location: string;
  organizer: RecipientDetails;
  requiredAttendees: RecipientDetails[];
  optionalAttendees: RecipientDetails[];
  attachments: Omit<AttachmentData, "contentRef">[];
  recurrence: RecurrenceData | null;
  sensitivity: "normal" | "private";
  dateTimeCreated: string;
  dateTimeModified: string;
  isAllDayEvent: boolean;
}

export interface RecurrenceData {
  recurrenceType: RecurrenceKind;
  recurrenceProperties: { interval: number; days?: string[] };
  seriesTime: { startDate: string; endDate: string | null; startTime: string; durationMinutes: number };
  recurrenceTimeZone: { name: string };
}

export type ComposeField =
  | "subject"
  | "location"
  | "start"
  | "end"
  | "organizer"
  | "requiredAttendees"
  | "optionalAttendees"
  | "recurrence"
  | "sensitivity"
  | "isAllDayEvent"
  | "attachments";

/** What the page does for one add-in frame. Every method may throw an OfficeFailure. */
export interface FrameSession {
  readonly kind: "taskpane" | "commands" | "dialog";
  user(): { email: string; name: string; timeZone: string };
  /** Milliseconds to add to the real clock: the simulated Outlook's "now". */
  clockOffsetMs(): number;
  /** The currently open item for this frame, or null (a pinned pane with nothing selected). */
  describeItem(): ItemDescription | null;
  get(field: ComposeField): Promise<unknown>;
  set(field: ComposeField, value: unknown): Promise<void>;
  addRecipients(field: "requiredAttendees" | "optionalAttendees", recipients: Recipient[]): Promise<void>;
  getBody(coercion: "text" | "html"): Promise<string>;
  setBody(value: string, coercion: "text" | "html"): Promise<void>;
  getItemId(): Promise<string>;
  saveItem(): Promise<string>;
  loadCustomProperties(): Promise<Record<string, unknown>>;
  saveCustomProperties(values: Record<string, unknown>): Promise<void>;
  sessionData(op: "get" | "set" | "getAll" | "remove" | "clear", key?: string, value?: string): Promise<unknown>;
  notifications(
    op: "add" | "replace" | "remove" | "getAll",
    key?: string,
    details?: Omit<NotificationData, "key">,
  ): Promise<NotificationData[] | void>;
  getAttachmentContent(id: string): Promise<{ format: "base64"; content: string }>;
  addAttachment(name: string, base64: string, isInline: boolean): Promise<string>;
  removeAttachment(id: string): Promise<void>;
  /** The host's list of associated functions (Office.actions.associate). */
  associated(name: string): void;
  /** A launch event or function command the host invoked has called event.completed. */
  completed(invocationId: string, options: unknown): void;
  /** The host reports the frame's in-flight work (fetches, Office calls) so the page knows when the add-in settled. */
  busy(delta: number): void;
  /** Called once by the host so the page can push events into the frame. */
  connect(sink: FrameSink): void;
  /**
   * How this Outlook lets the add-in sign in: "naa" (nested app authentication: the frame gets
   * window.nestedAppAuthBridge and NestedAppAuth 1.1), "dialog" (no NAA: the add-in falls back to the dialog API) or
   * "dev" (neither; the add-in uses the sandbox's dev tokens).
   */
  authMode(): "naa" | "dialog" | "dev";
  /** One message of MSAL's bridge protocol (a NestedAppAuthRequest envelope, JSON): answers its response envelope. */
  nestedAppAuth(request: string): Promise<string>;
  /** displayDialogAsync from this frame: opens the page in a dialog window; answers the dialog's id. */
  openDialog(url: string): Promise<string>;
  closeDialog(dialogId: string): Promise<void>;
  /** Office.context.ui.messageParent, from a dialog window: the message goes to the frame that opened it. */
  messageParent(message: string): void;
  /** Office.context.officeTheme. */
  theme(): {
    bodyBackgroundColor: string;
    bodyForegroundColor: string;
    controlBackgroundColor: string;
    controlForegroundColor: string;
    isDarkTheme: boolean;
  };
}

/** What the host in a frame lets the page do. */
export interface FrameSink {
  /** Runs an associated function with an event object (Outlook's launch event / function command dispatch). */
  invoke(functionName: string, invocationId: string, eventArgs: Record<string, unknown>): boolean;
  /** Delivers a dialog's event to the frame that opened it (dialogMessageReceived, dialogEventReceived). */
  dialogEvent(dialogId: string, event: { type: string } & Record<string, unknown>): void;
  /** Delivers an Office event (ItemChanged, AppointmentTimeChanged, ...) to handlers the add-in registered. */
  emit(eventType: string, args: Record<string, unknown>): void;
}

export interface HostBridge {
  /** Identifies the calling frame by its iframe element. */
  attach(frame: Window): FrameSession;
}

declare global {
  interface Window {
    __workbenchBridge?: HostBridge;
  }
}
