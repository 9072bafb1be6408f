// The Outlook side of a fault schedule: meetings as the user sees them (committed vs the open form), the attendee
// pool, and the user's edits. Only Office is modelled (test/support/reliabilityOffice.ts: the real Office adapters
// run over it); InterAction is the real sandbox.
import type { AttachmentInfo, Attendee, MeetingSnapshot } from "../../../src/core/meeting";
import type { Notice } from "../../../src/core/notice";
import type { SyncTrigger } from "../../../src/core/trigger";
import type { Notifier } from "../../../src/sync/ports";
import type { FakeMailboxItem } from "../../support/fakes";
import type { OutlookItemStandIn } from "../../support/reliabilityOffice";
import type { ReliabilityRng } from "../../support/reliabilitySandbox";

export const ALICE = { email: "alice@firm.example", name: "Alice Archer" };
/** The colleague who adds the same outside meeting from his own mailbox (issue 14, one meeting per iCalUId). */
export const BOB = { email: "bob@firm.example", name: "Bob Baker" };
export const T0 = Date.parse("2026-11-25T09:00:00.000Z");
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

// Attendees the edits draw from: colleagues, a Prospect contact, unknown guests, one in a messy spelling.
export const POOL: Attendee[] = [
  { email: "bob@firm.example", name: "Bob Baker", type: "required", response: "none" },
  { email: "dana@firm.example", name: "Dana Diaz", type: "optional", response: "tentative" },
  { email: "erin@globex.example", name: "Erin Lee", type: "required", response: "accepted" },
  { email: "zoe@newco.example", name: "Zoe Zimmer", type: "optional", response: "none" },
  { email: " Lee.Chen@NewCo.example ", name: "Lee Chen", type: "required", response: "none" },
];
/** Outside organizers of meetings the user attends (attendee-role meetings). */
export const OUTSIDE_ORGANIZERS = [
  { email: "erin@globex.example", name: "Erin Lee" },
  { email: "zoe@newco.example", name: "Zoe Zimmer" },
];
/** The subject prefixes classic Outlook puts on a cancellation it sends (the add-in recognises them). */
export const CANCEL_PREFIXES = ["Canceled: ", "Cancelled: ", "Abgesagt: ", "Annulé: "];
/** A Top Client contact: the firm rules add a meeting with her on send. */
export const CAROL: Attendee = {
  email: "carol@acme.example",
  name: "Carol Chen",
  type: "required",
  response: "accepted",
};
export const SUBJECT_WORDS = [
  "Acme",
  "Globex",
  "term sheet",
  "Übernahme",
  "مراجعة",
  "会議",
  "review 🚀",
  "Q4",
  "kick-off",
];

export interface ModelMeeting {
  label: string;
  /** Holds the open form (its snapshot) and the attachments' bytes; the Office stand-in reads both. */
  item: FakeMailboxItem;
  /** The item as Outlook keeps it (custom properties, compose vs read persistence), read by the real adapters. */
  outlook: OutlookItemStandIn;
  /** organizer: the user's own meeting (compose form). attendee: an outside organizer's meeting (read view). */
  role: "organizer" | "attendee";
  /**
   * Attendee-role only: each version of the meeting the attendee's add-in read while it could still write it (at the
   * Add, or at any event while the meeting was ahead), oldest first. Once the meeting has ended InterAction's activity
   * takes only its organizer's changes (src/core/lifecycle.ts), so an outside organizer's change no event showed the
   * attendee before then is not the add-in's to deliver: InterAction must hold the last version seen.
   */
  seen: MeetingSnapshot[];
  notifier: RecordingNotifier;
  /** What Outlook keeps (sent or saved). */
  committed: MeetingSnapshot;
  /** The open form (committed + unsent edits). */
  form: MeetingSnapshot;
  sent: boolean;
  /** Send events during the schedule (the firm rules run on send). */
  sendEvents: number;
  addClicked: boolean;
  auto: boolean;
  cancelled: boolean;
  /** It had been added (so InterAction must end up holding it cancelled) when the cancellation was sent. */
  addedWhenCancelled: boolean;
  discarded: boolean;
  attachmentContent: Map<string, Buffer>;
  nextAttachment: number;
  /** Whose mailbox this copy is in (ALICE when absent); each colleague has their own device and InterAction client. */
  user?: { email: string; name: string };
  /**
   * The same outside meeting in the other colleague's mailbox (both were invited; issue 14): the organizer's changes
   * reach both copies, the two add-ins share what they saw (`seen` is one list), and InterAction must hold one
   * meeting with both links. `iCalUId` is what Graph answers each add-in's one identity read.
   */
  twin?: ModelMeeting;
  iCalUId?: string;
}

export class RecordingNotifier implements Notifier {
  readonly shown: Notice[] = [];
  async show(notice: Notice): Promise<void> {
    this.shown.push(notice);
  }
  async clear(): Promise<void> {}
}

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
export const norm = (email: string) => email.trim().toLowerCase();

export function newMeeting(rng: ReliabilityRng, index: number, isNew: boolean, auto: boolean): MeetingSnapshot {
  const start = T0 + rng.int(1, 3) * DAY + rng.int(0, 8) * HOUR;
  const attendees: Attendee[] = [{ ...ALICE, type: "required", response: "organizer" }];
  if (auto) attendees.push({ ...CAROL });
  for (const a of POOL) if (rng.chance(0.4)) attendees.push({ ...a });
  return {
    ...(isNew ? {} : { itemId: `AAMkAG-reliability-${index}` }),
    subject: `${rng.pick(SUBJECT_WORDS)} meeting ${index}`,
    start: new Date(start).toISOString(),
    end: new Date(start + rng.int(1, 4) * 30 * MIN).toISOString(),
    location: rng.pick(["Room 4", "Teams", "Zürich office", ""]),
    organizer: { ...ALICE },
    attendees,
    notes: rng.pick(["", "Agenda: results, next steps.", "Line one\nLine two"]),
    attachments: [],
    isRecurring: false,
    sensitivity: "normal",
    isCancelled: false,
    role: "organizer",
    user: { ...ALICE },
    userResponse: "organizer",
    isNew,
  };
}

/** An outside organizer's meeting the user accepted (or tentatively accepted): read mode, never new. */
export function attendeeMeeting(rng: ReliabilityRng, index: number): MeetingSnapshot {
  const base = newMeeting(rng, index, false, false);
  const organizer = rng.pick(OUTSIDE_ORGANIZERS);
  const others = base.attendees.filter((a) => norm(a.email) !== ALICE.email && norm(a.email) !== organizer.email);
  const response = rng.pick(["accepted", "tentative"] as const);
  return {
    ...base,
    organizer: { ...organizer },
    attendees: [
      { ...organizer, type: "required", response: "organizer" },
      { ...ALICE, type: rng.pick(["required", "optional"] as const), response },
      ...others,
    ],
    role: "attendee",
    userResponse: response,
  };
}

/** Bob's copy of an outside meeting Alice attends: both invited (Bob accepted or tentatively accepted), same
 * attendees, each with their own response; Alice's copy gets Bob in its attendee list too. */
export function colleagueCopy(rng: ReliabilityRng, alices: MeetingSnapshot, index: number): MeetingSnapshot {
  const response = rng.pick(["accepted", "tentative"] as const);
  const attendees = [
    ...alices.attendees.filter((a) => norm(a.email) !== BOB.email),
    { ...BOB, type: "required" as const, response },
  ];
  alices.attendees = clone(attendees);
  return { ...clone(alices), itemId: `AAMkAG-reliability-${index}-bob`, user: { ...BOB }, userResponse: response };
}

/** The organizer's change reaches the other colleague's copy too (same invitation); neither colleague is dropped. */
export function toTwin(m: ModelMeeting, before: readonly Attendee[]): void {
  const twin = m.twin;
  if (!twin) return;
  for (const who of before.filter((a) => [ALICE.email, BOB.email].includes(norm(a.email))))
    if (!m.form.attendees.some((a) => norm(a.email) === norm(who.email))) m.form.attendees.push({ ...who });
  const { subject, location, start, end, notes, attendees } = clone(m.form);
  Object.assign(twin.form, { subject, location, start, end, notes, attendees });
  twin.committed = clone(twin.form);
}

/** The outside organizer changes the meeting; the attendee's copy follows (no event fires in the attendee's Outlook). */
export function organizerUpdate(rng: ReliabilityRng, m: ModelMeeting): string {
  const f = m.form;
  const kind = rng.pick(["subject", "time", "location", "notes", "attendees"] as const);
  if (kind === "attendees") {
    const candidate = rng.pick(POOL.filter((a) => norm(a.email) !== norm(f.organizer.email)));
    const at = f.attendees.findIndex((a) => norm(a.email) === norm(candidate.email));
    if (at >= 0) f.attendees.splice(at, 1);
    else f.attendees.push({ ...candidate });
  } else if (kind !== "time") edit(rng, m, kind);
  else {
    // Within the day, so the meeting's end never jumps across the conversion the schedule is heading for.
    const shift = rng.int(1, 3) * 15 * MIN;
    f.start = new Date(Date.parse(f.start) + shift).toISOString();
    f.end = new Date(Date.parse(f.end) + shift).toISOString();
  }
  return kind;
}

export type Edit = "subject" | "time" | "attendees" | "notes" | "location" | "attachment";

/** The user edits the open form; time, attendee and attachment edits raise Outlook's change events. */
export function edit(rng: ReliabilityRng, m: ModelMeeting, kind: Edit): SyncTrigger | null {
  const f = m.form;
  switch (kind) {
    case "subject":
      f.subject = `${rng.pick(SUBJECT_WORDS)} meeting ${m.label} v${rng.int(1, 999)}`;
      return null;
    case "notes":
      f.notes = `Notes ${rng.int(1, 999)}: ${rng.pick(["<b>bold</b>", "plain", "ünïcödé", "x"])}`;
      return null;
    case "location":
      f.location = rng.pick(["Room 5", "Online", "Client site", "Room 4"]);
      return null;
    case "time": {
      const shift = rng.int(-6, 6) * HOUR || HOUR;
      f.start = new Date(Date.parse(f.start) + shift).toISOString();
      f.end = new Date(Date.parse(f.end) + shift).toISOString();
      return { kind: "change", what: "time" };
    }
    case "attendees": {
      const candidate = rng.pick(POOL);
      const at = f.attendees.findIndex((a) => norm(a.email) === norm(candidate.email));
      if (at >= 0) f.attendees.splice(at, 1);
      else f.attendees.push({ ...candidate });
      return { kind: "change", what: "attendees" };
    }
    case "attachment": {
      const n = m.nextAttachment++;
      const bytes = Buffer.from(Array.from({ length: rng.int(0, 2048) }, () => rng.int(0, 255)));
      const name = rng.pick([
        `Agenda ${m.label}-${n}.pdf`,
        `notes-${m.label}-${n}.txt`,
        `Ünterlagen ${m.label}-${n}.docx`,
      ]);
      const id = `att-${m.label}-${n}`;
      const info: AttachmentInfo = {
        id,
        name,
        size: bytes.length,
        contentType: "application/octet-stream",
        isInline: false,
        kind: "file",
      };
      f.attachments.push(info);
      m.attachmentContent.set(id, bytes);
      m.item.content[id] = { base64: bytes.toString("base64"), contentType: info.contentType };
      return { kind: "change", what: "attachments" };
    }
  }
}
