// The outbox: operations that are planned but not yet delivered. This file holds the types; the pure queue rules
// (enqueue with supersession, what is due, backoff with jitter, Retry-After) live beside them in outboxQueue.ts.
import type { QueuedOperation } from "./operations";

export interface OutboxEntry {
  op: QueuedOperation;
  /** ISO instant the entry was enqueued. */
  enqueuedAt: string;
  attempts: number;
  /** ISO instant before which it must not be tried again. */
  notBefore: string;
  /** Last failure, in words a user can read. */
  lastError?: { message: string; retryable: boolean; status?: number };
  /** A non-retryable failure parks the entry until the user retries or a newer revision supersedes it. */
  parked: boolean;
}
