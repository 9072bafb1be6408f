// The two Graph conditions the sync job must tell apart from an ordinary failure. Defined with the adapter (adapters
// never import the service); src/service/ports.ts re-exports them for the use-cases and their fakes.

/** The delta token expired (410 Gone): only a full resync without a token can go on. */
export class DeltaExpiredError extends Error {
  constructor(message = "The mailbox's delta token expired; a full resync is needed.") {
    super(message);
    this.name = "DeltaExpiredError";
  }
}

/** The mailbox itself cannot be read (deleted, or no longer allowed by the firm's access policy). */
export class MailboxUnavailableError extends Error {
  constructor(
    readonly mailbox: string,
    message: string,
  ) {
    super(message);
    this.name = "MailboxUnavailableError";
  }
}
