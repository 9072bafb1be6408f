// Firm-wide calendar sync settings, set by the InterAction administrator and read from InterAction.

export type Visibility = "everyone" | "onlyMe" | { groupId: string };

export interface CalendarSyncSettings {
  enabled: boolean;
  /** How many days after a meeting ends its activity keeps following Outlook. */
  postMeetingSyncDays: number;
  /** Contact types that add a meeting automatically on send (e.g. the id of "Top Client"). */
  autoAddContactTypeIds: string[];
  /** Also link the companies of attendees who are contacts. */
  includeAssociatedCompanies: boolean;
  defaultActivityTypeId: string;
  defaultVisibility: Visibility;
  /** The firm's own e-mail domains (lower case), e.g. ["firm.example"]. */
  firmDomains: string[];
}

export interface ContactType {
  id: string;
  name: string;
}

export interface ActivityType {
  id: string;
  name: string;
}

/**
 * What InterAction knows about the attendees of one meeting, looked up by the use-case before planning so that the
 * planner stays pure. Keyed by lower-cased e-mail; attendees InterAction does not know are simply absent.
 */
export interface AttendeeDirectory {
  contactTypes: ContactType[];
  contacts: Record<string, DirectoryContact>;
}

export interface DirectoryContact {
  contactId: string;
  name: string;
  contactTypeIds: string[];
  company?: { id: string; name: string; contactTypeIds: string[] };
}
