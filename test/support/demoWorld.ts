// Demo data for the fakes: the same world as the sandbox's demo seed (the firm, Acme and Globex, their people and
// contact types, the firm's settings), and meetings in it.
import type { AttendeeResponse, MeetingSnapshot } from "../../src/core/meeting";
import type {
  ActivityType,
  AttendeeDirectory,
  CalendarSyncSettings,
  ContactType,
  DirectoryContact,
} from "../../src/core/settings";
import { clone } from "./clone";

export const FIRM_DOMAIN = "firm.example";
export const TOP_CLIENT: ContactType = { id: "ct-top-client", name: "Top Client" };
export const PROSPECT: ContactType = { id: "ct-prospect", name: "Prospect" };
export const MEETING_TYPE: ActivityType = { id: "at-meeting", name: "Meeting" };
export const CALL_TYPE: ActivityType = { id: "at-call", name: "Call" };

export const ACME = { id: "co-acme", name: "Acme Corporation", contactTypeIds: [TOP_CLIENT.id] };
export const GLOBEX = { id: "co-globex", name: "Globex", contactTypeIds: [PROSPECT.id] };

export const demoSettings = (overrides: Partial<CalendarSyncSettings> = {}): CalendarSyncSettings => ({
  enabled: true,
  postMeetingSyncDays: 14,
  autoAddContactTypeIds: [TOP_CLIENT.id],
  includeAssociatedCompanies: true,
  defaultActivityTypeId: MEETING_TYPE.id,
  defaultVisibility: "everyone",
  firmDomains: [FIRM_DOMAIN],
  ...overrides,
});

/** Contacts InterAction knows, by e-mail. */
export const demoContacts = (): Record<string, DirectoryContact> => ({
  "carol@acme.example": { contactId: "c-carol", name: "Carol Jones", contactTypeIds: [], company: clone(ACME) },
  "dave@acme.example": { contactId: "c-dave", name: "Dave Smith", contactTypeIds: [], company: clone(ACME) },
  "erin@globex.example": { contactId: "c-erin", name: "Erin Lee", contactTypeIds: [], company: clone(GLOBEX) },
});

export const demoDirectory = (): AttendeeDirectory => ({
  contactTypes: [TOP_CLIENT, PROSPECT],
  contacts: demoContacts(),
});

export const ALICE = { email: "alice@firm.example", name: "Alice Adams" };
export const BOB = { email: "bob@firm.example", name: "Bob Brown" };
export const CAROL = { email: "carol@acme.example", name: "Carol Jones" };
export const ERIN = { email: "erin@globex.example", name: "Erin Lee" };

/** A new meeting Alice is organizing with Bob and Carol (Acme, a Top Client), tomorrow 10:00–11:00 UTC. */
export const meetingSnapshot = (overrides: Partial<MeetingSnapshot> = {}): MeetingSnapshot => ({
  subject: "Acme quarterly review",
  start: "2026-11-26T10:00:00.000Z",
  end: "2026-11-26T11:00:00.000Z",
  location: "Room 4",
  organizer: { ...ALICE },
  attendees: [
    { ...ALICE, type: "required", response: "organizer" },
    { ...BOB, type: "required", response: "none" },
    { ...CAROL, type: "required", response: "none" },
  ],
  notes: "Agenda: results, next steps.",
  attachments: [],
  isRecurring: false,
  sensitivity: "normal",
  isCancelled: false,
  role: "organizer",
  user: { ...ALICE },
  userResponse: "organizer",
  isNew: true,
  ...overrides,
});

/** The same world seen by Alice as an attendee of Erin's (external) meeting that she accepted. */
export const externalInvitation = (overrides: Partial<MeetingSnapshot> = {}): MeetingSnapshot =>
  meetingSnapshot({
    itemId: "item-external-1",
    subject: "Globex introduction",
    organizer: { ...ERIN },
    attendees: [
      { ...ERIN, type: "required", response: "organizer" },
      { ...ALICE, type: "required", response: "accepted" },
    ],
    role: "attendee",
    userResponse: "accepted" as AttendeeResponse,
    isNew: false,
    ...overrides,
  });
