// The user chose "never" for a meeting the service delivered: their link goes from InterAction. The decision is
// core's (core/linkRemoval.ts, core/serviceFollow.ts owesNever): the add-in plans the removal on the item and delivers
// it through its outbox; the service, reading that state, owes it too and delivers it like every other removal
// (syncMailbox's owed removals: kept owed until InterAction has it, then the copy is not written again until the
// item says to sync it again with a newer revision).
import { owesNever } from "../core/serviceFollow";
import type { ServerMeeting } from "./ports";
import type { SyncMailboxDeps } from "./syncMailbox";

/** Whether this copy's state says "never" (the service then never writes it). */
export const optedOut = (meeting: ServerMeeting): boolean => meeting.addinState?.mode === "never";

/** Marks the removal owed when the item planned it and the service followed this copy; true when newly owed. */
export async function oweNever(deps: SyncMailboxDeps, mailbox: string, meeting: ServerMeeting): Promise<boolean> {
  const entry = await deps.store.entry(mailbox, meeting.eventId);
  if (!owesNever(entry, meeting.addinState) || !entry) return false;
  await deps.store.saveEntry({ ...entry, owed: "never" });
  deps.log.info("the user chose never: removal of their link owed to InterAction", { mailbox, syncKey: entry.syncKey });
  return true;
}
