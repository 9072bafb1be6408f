// The simulated Outlook: the signed-in user, the open meeting form or read surface, the clock, and the user's
// actions on them. Mailboxes are kept by a MailboxStore (./mailboxes.ts); add-in events are raised by the Dispatcher
// (./dispatch.ts); Office.js calls from the add-in's frames arrive through the frame bridge (./frameSession.ts);
// Send and Smart Alerts are ./send.ts; the task pane and the ribbon are ./addinSurface.ts; opening a form is ./forms.ts;
// the clock is ./clock.ts.
import type { FrameSession, HostBridge, Recipient } from "../../shared/bridge";
import type { AddinManifest } from "../manifest";
import { AddinSurface } from "./addinSurface";
import { loadClock, setNow } from "./clock";
import { Dispatcher, OUTLOOK_CLIENTS, type OutlookClient } from "./dispatch";
import { Frames } from "./frames";
import { newMeeting, openItem } from "./forms";
import { frameSession } from "./frameSession";
import { LocalMailboxes, savedUser, type MailboxStore } from "./mailboxes";
import { NestedAppAuthBroker } from "./nestedAppAuth";
import { AddinDialogs } from "./addinDialogs";
import { type CalendarItem, type Form, type MeetingFields, type NotificationLogEntry, type SmartAlert } from "./model";
import { FIRM_USERS, personFor } from "./people";
import { cancelMeeting, send, type SmartAlertChoice } from "./send";
import { addAttachment, drag, edit, removeAttachment } from "./editing";
import { cancelFromOutside, invite, respond, updateFromOutside } from "./invitations";

export type Listener = () => void;

export class Outlook implements HostBridge {
  user: Recipient = FIRM_USERS[0]!;
  form: Form | null = null;
  smartAlert: (SmartAlert & { resolve: (choice: SmartAlertChoice) => void }) | null = null;
  lastSmartAlert: SmartAlert | null = null;
  clockOffset = 0;
  theme: "light" | "dark" = "light";
  notificationLog: NotificationLogEntry[] = [];
  statusLine = "";
  readonly frames = new Frames();
  readonly dispatcher: Dispatcher;
  readonly surface: AddinSurface;
  readonly store: MailboxStore;
  /** How the add-in signs in here (naa | dialog | dev) and Outlook's side of nested app authentication. */
  readonly auth: NestedAppAuthBroker = new NestedAppAuthBroker(this);
  /** The add-in's dialog windows (Office dialog API: the sign-in fallback). */
  readonly dialogs: AddinDialogs = new AddinDialogs(this.frames, () => this.changed());

  private listeners = new Set<Listener>();
  private seq = 0;

  constructor(
    readonly manifest: AddinManifest,
    readonly sandboxUrl: string,
    store?: MailboxStore,
  ) {
    this.store = store ?? new LocalMailboxes(() => this.now());
    const saved = savedUser();
    if (saved) this.user = personFor(saved);
    this.dispatcher = new Dispatcher(manifest, this.frames, () => this.changed());
    this.surface = new AddinSurface(this);
  }

  get displayName(): string {
    return this.manifest.displayName;
  }
  get invocations() {
    return this.dispatcher.invocations;
  }
  get commandFrames() {
    return this.dispatcher.commandFrames;
  }
  get pane() {
    return this.surface.pane;
  }

  // ------------------------------------------------------------------------------------------------- observation
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    this.store.persist(this.user.email);
    for (const l of this.listeners) l();
  }

  now(): Date {
    return new Date(Date.now() + this.clockOffset);
  }

  /** In-flight work: running invocations, the frames' fetches and Office calls, mailbox writes. */
  get busy(): number {
    return this.dispatcher.work + this.store.contents.pending + this.store.pending + this.frames.busy;
  }

  // ------------------------------------------------------------------------------------------------------ clock
  loadClock(): Promise<void> {
    return loadClock(this);
  }

  setNow(iso: string): Promise<void> {
    return setNow(this, iso);
  }

  // ------------------------------------------------------------------------------------------------------ client
  get client(): OutlookClient {
    return this.dispatcher.client;
  }

  /** The Outlook client the following actions happen in (it stays set across signIn). */
  useClient(client: OutlookClient): void {
    if (!OUTLOOK_CLIENTS.includes(client))
      throw new Error(`Unknown Outlook client "${client}" (try ${OUTLOOK_CLIENTS.join(", ")})`);
    if (client === this.client) return;
    this.closeForm();
    this.dispatcher.client = client;
    this.statusLine = `Outlook ${client}`;
    this.changed();
  }

  // ------------------------------------------------------------------------------------------------------- users
  signIn(email: string): void {
    const user = FIRM_USERS.find((u) => u.email === email.toLowerCase());
    if (!user)
      throw new Error(`${email} has no mailbox in the workbench (try ${FIRM_USERS.map((u) => u.email).join(", ")})`);
    this.closeForm();
    this.user = user;
    this.statusLine = `Signed in as ${user.name}`;
    this.changed();
  }

  calendar(owner = this.user.email): CalendarItem[] {
    return this.store.calendar(owner);
  }

  findItem(itemId: string, owner = this.user.email): CalendarItem | undefined {
    return this.store.find(itemId, owner);
  }

  // ------------------------------------------------------------------------------------------------------- forms
  nextFormId(): string {
    return `form-${++this.seq}`;
  }

  /** Opens a new meeting form as organizer and lets the add-in react (OnNewAppointmentOrganizer...). */
  newMeeting(fields: Partial<MeetingFields> = {}): Promise<void> {
    return newMeeting(this, fields);
  }

  /** Opens an existing item: compose as its organizer, the read surface as an attendee. */
  open(itemId: string): Promise<void> {
    return openItem(this, itemId);
  }

  /** Changes the open form as a user would, then fires the events Outlook fires for those changes. */
  edit(fields: Partial<MeetingFields>): Promise<void> {
    return edit(this, fields);
  }

  addAttachment(file: { name: string; contentType: string; base64: string }): Promise<string> {
    return addAttachment(this, file);
  }

  removeAttachment(nameOrId: string): Promise<void> {
    return removeAttachment(this, nameOrId);
  }

  /** A calendar drag-and-drop move: saved and sent as Outlook does, with no add-in event. */
  drag(meetingId: string, to: { start: string; end: string }): Promise<void> {
    return drag(this, meetingId, to);
  }

  /** Commits the compose form (and the add-in's custom properties); attendees get nothing. */
  async saveForm(form: Form): Promise<string> {
    const item = await this.store.save(form.owner, form.itemId, form.draft, form.customProperties);
    form.itemId = item.itemId;
    form.sessionData = {};
    this.changed();
    return item.itemId;
  }

  /** Save on the form's ribbon. */
  async save(): Promise<string> {
    const itemId = await this.saveForm(this.requireCompose());
    this.statusLine = "Saved";
    this.changed();
    return itemId;
  }

  discard(): void {
    if (!this.form) return;
    this.closeForm();
    this.statusLine = "Discarded";
    this.changed();
  }

  send(options: { smartAlert?: SmartAlertChoice } = {}) {
    return send(this, options);
  }

  cancelMeeting(options: { smartAlert?: SmartAlertChoice } = {}) {
    return cancelMeeting(this, options);
  }

  askSmartAlert(alert: SmartAlert): Promise<SmartAlertChoice> {
    return new Promise<SmartAlertChoice>((resolve) => {
      this.smartAlert = {
        ...alert,
        resolve: (choice) => {
          this.smartAlert = null;
          resolve(choice);
        },
      };
      this.changed();
    });
  }

  dismissSmartAlert(): void {
    this.smartAlert = null;
    this.changed();
  }

  /** Scripted answer to the Smart Alerts dialog left open by send(). */
  answerSmartAlert(choice: SmartAlertChoice): void {
    if (!this.smartAlert) throw new Error("No Smart Alerts dialog is open");
    this.smartAlert.resolve(choice);
  }

  /** An organizer outside the firm invites firm users; each gets their own copy (response "none"). */
  async invite(from: Recipient, to: string[], fields: Partial<MeetingFields>): Promise<Record<string, string>> {
    const ids = await invite(this, from, to, fields);
    this.changed();
    return ids;
  }

  /** The attendee answers the open invitation; the organizer's copy learns it. */
  respond(response: "accept" | "tentative" | "decline"): Promise<void> {
    return respond(this, response);
  }

  updateFromOutside(meetingId: string, fields: Partial<MeetingFields>): Promise<void> {
    return updateFromOutside(this, meetingId, fields);
  }

  cancelFromOutside(meetingId: string): Promise<void> {
    return cancelFromOutside(this, meetingId);
  }

  closeForm(): void {
    if (this.form) this.form.state = "closed";
    this.form = null;
    this.surface.forgetPane();
    this.changed();
  }

  requireCompose(): Form {
    const form = this.form;
    if (!form || form.mode !== "compose" || form.state === "closed")
      throw new Error("No meeting form is open as organizer");
    return form;
  }

  /** Switches Outlook's theme; the task pane hears OfficeThemeChanged, as in Outlook. */
  setTheme(theme: "light" | "dark"): void {
    this.theme = theme;
    this.changed();
    this.surface.emitTheme();
  }

  completed(invocationId: string, options: Record<string, unknown>): void {
    this.dispatcher.completed(invocationId, options);
  }

  // ------------------------------------------------------------------------------------------ the bridge
  /** Called by the host script in each add-in frame; the frame is identified by its iframe element. */
  attach(win: Window): FrameSession {
    const dialogId = this.dialogs.idOf(win);
    if (dialogId) return frameSession(this, this.frames.attach(win, dialogId).record);
    const element = win.frameElement as HTMLIFrameElement | null;
    const frameId = element?.dataset.wbFrame;
    if (!frameId) throw new Error("Unknown add-in frame");
    const { record, isNew } = this.frames.attach(win, frameId);
    if (isNew && this.pane) this.pane.frameId = frameId;
    return frameSession(this, record);
  }

  // Task pane and ribbon (./addinSurface.ts).
  openTaskPane(url?: string, pinnable = false): void {
    this.surface.openTaskPane(url, pinnable);
  }
  closeTaskPane(): void {
    this.surface.closeTaskPane();
  }
  ribbonGroups() {
    return this.surface.ribbonGroups();
  }
  clickRibbon(label: string): Promise<void> {
    return this.surface.clickRibbon(label);
  }
}
