// What the pane makes of a failure: whether InterAction is out of reach (shown as "unreachable" with Try again), and
// otherwise what the user is told, by the one mapping of failures in src/sync/errors.ts.
import { messages } from "../core/messages";
import { describeError, isInterActionError, messageOr } from "../sync/errors";
import { paneStrings as strings } from "./paneStrings";
import type { SyncError } from "./types";

/** InterAction is down or unreachable (as opposed to refusing a request for a reason the user can act on). */
export function isUnreachable(e: unknown): boolean {
  if (isInterActionError(e)) return e.code === "network" || e.code === "timeout" || e.code === "server";
  return e instanceof TypeError && /fetch|network/i.test(e.message);
}

/** InterAction's own message and verdict; any other failure is retryable, with its message or a generic one. */
export const toSyncError = (e: unknown): SyncError => describeError(e, messageOr(strings.errors.unknown));

/** The sentences of src/auth's sign-in failures (core's messages.signIn): the pane offers to sign in for these. */
const signInSentences = new Set<string>([
  messages.signIn.openPane,
  messages.signIn.windowClosed,
  messages.signIn.failed,
  messages.signIn.dialogBlocked,
  messages.signIn.dialogIncomplete,
]);
const adminConsentStart = messages.signIn.adminConsent().split(" for ")[0] ?? "";

/** Whether a failure's message is a sign-in problem (consent, a closed window, an admin-only grant). */
export const isSignInProblem = (message: string | undefined): message is string =>
  Boolean(message && (signInSentences.has(message) || message.startsWith(adminConsentStart)));
