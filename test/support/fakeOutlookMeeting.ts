// The fake Outlook's appointment as data: the meeting (organizer's compose form or attendee's read view), its people
// and attachments, the options a test builds a fake Outlook from, the operations a test can make fail, and Outlook's
// notification messages. defaultMeeting: an hour with Acme, Alice's compose form or Carol's invitation in read mode.
export interface FakeAttachment {
  id: string;
  name: string;
  size: number;
  contentType?: string;
  isInline?: boolean;
  attachmentType?: "file" | "item" | "cloud";
  base64?: string;
  format?: "base64" | "url" | "eml" | "iCalendar";
}

export interface FakePerson {
  emailAddress: string;
  displayName: string;
  appointmentResponse?: "none" | "organizer" | "tentative" | "accepted" | "declined";
}

export interface FakeMeeting {
  mode: "compose" | "read";
  itemId?: string;
  subject: string;
  start: Date;
  end: Date;
  location: string;
  organizer: FakePerson;
  requiredAttendees: FakePerson[];
  optionalAttendees: FakePerson[];
  body: string;
  attachments: FakeAttachment[];
  recurrence: null | { recurrenceType: string };
  seriesId?: string;
  sensitivity: "normal" | "personal" | "private" | "confidential";
}

export interface FakeOutlookOptions {
  user?: { emailAddress: string; displayName: string };
  meeting?: Partial<FakeMeeting>;
  /** Stored custom properties (what the server has). */
  customProperties?: Record<string, unknown>;
  /** Office calls that fail: operation name -> error. */
  failures?: Partial<Record<FakeOperation, { name: string; message: string }>>;
  /** Leave Mailbox APIs out, as an older host would. */
  missing?: ("sensitivity" | "getAttachmentsAsync" | "item")[];
  requirementSets?: Record<string, string>;
}

export type FakeOperation =
  | "subject"
  | "start"
  | "end"
  | "location"
  | "organizer"
  | "requiredAttendees"
  | "optionalAttendees"
  | "body"
  | "recurrence"
  | "sensitivity"
  | "getAttachmentsAsync"
  | "getAttachmentContentAsync"
  | "getItemIdAsync"
  | "loadCustomPropertiesAsync"
  | "customProperties.saveAsync"
  | "replaceAsync"
  | "removeAsync";

export interface Notification {
  key: string;
  type: string;
  message: string;
  icon?: string;
  persistent?: boolean;
}

export const ALICE = { emailAddress: "alice@firm.example", displayName: "Alice Adams" };

export function defaultMeeting(mode: "compose" | "read" = "compose"): FakeMeeting {
  return {
    mode,
    subject: "Acme strategy review",
    start: new Date("2030-03-04T15:00:00.000Z"),
    end: new Date("2030-03-04T16:00:00.000Z"),
    location: "Board room 4",
    organizer: mode === "compose" ? { ...ALICE } : { emailAddress: "carol@acme.example", displayName: "Carol Chen" },
    requiredAttendees:
      mode === "compose"
        ? [{ emailAddress: "carol@acme.example", displayName: "Carol Chen", appointmentResponse: "none" }]
        : [
            { emailAddress: "carol@acme.example", displayName: "Carol Chen", appointmentResponse: "organizer" },
            { emailAddress: "ALICE@firm.example", displayName: "Alice Adams", appointmentResponse: "accepted" },
          ],
    optionalAttendees: [],
    body: "Agenda: pricing.\r\nBring the Q3 numbers.",
    attachments: [],
    recurrence: null,
    sensitivity: "normal",
  };
}
