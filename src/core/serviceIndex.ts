// The sync service's index entry: what it remembers of one mailbox copy it delivered. Declared in core, below both the
// service shell (src/service, whose ports use it) and the store adapter (src/queue, which keeps it), so the shape is
// written once and neither imports the other.

/** What the service remembers of one mailbox copy it delivered: never bodies, never Graph payloads. */
export interface IndexEntry {
  mailbox: string;
  eventId: string;
  syncKey: string;
  role: "organizer" | "attendee";
  /** The revision and fingerprint of the last write the service planned and InterAction confirmed. */
  revision: number;
  fingerprint?: string;
  recordId?: string;
  syncUntil?: string;
  cancelled?: boolean;
  frozen?: boolean;
  /** Documents the service (or the add-in, as the item said) delivered: attachment key -> document key. */
  documents: Record<string, string>;
  deliveredAt?: string;
  /** A removal InterAction must still learn about ("cancel": the organizer's copy is gone; "unlink": an attendee's;
   * "never": the user chose never, core/linkRemoval.ts). */
  owed?: "cancel" | "unlink" | "never";
  /** The service removed this copy's link because the user chose "never" (serviceFollow.ts afterRemoval): frozen for
   * the service only until the item says to sync it again, then followed again above the removal's revision. */
  linkRemoved?: "never";
}
