// One changed meeting in a followed mailbox: plan it with the server trigger against what the item and the service's
// index say was delivered, and when there is something to write, compare and set: read InterAction's record (its
// revision and ETag), plan above that revision, write with If-Match. On 412 another writer (the add-in on a device)
// wrote since: read what Exchange holds now through Graph and plan again; equal fingerprints then mean nothing to
// write. So the two writers never roll each other back and one committed change costs one write.
import { answerConfirms, etagHiddenIn } from "../core/compareAndSet";
import { plan } from "../core/plan";
import type { CalendarSyncSettings } from "../core/settings";
import type { SyncState } from "../core/syncState";
import { etagHidden } from "../sync/compareAndSetWrite";
import { isInterActionError } from "../sync/errors";
import { isPreconditionFailed, type ServiceInterAction } from "./interactionWriter";
import { withServiceIdentity } from "../core/identity";
import { followed, serviceUpsertKey, stateToPlan } from "../core/serviceFollow";
import type { IndexEntry, ServerMeeting } from "./ports";
import type { SyncMailboxDeps } from "./syncMailbox";

/** A write InterAction answered 2xx without applying it (another writer holds its revision): lost, like a 412. */
class LostRace extends Error {}

/** Reads of Exchange after a 412 before the job gives up (and leaves the token for the next job). */
const MAX_ATTEMPTS = 3;

/** An InterAction failure a later job can cure (network, 5xx, 429, expired token), as opposed to a refusal. */
export const retryable = (e: unknown): boolean => !isInterActionError(e) || e.retryable || e.code === "unauthorized";

export async function followMeeting(
  deps: SyncMailboxDeps,
  api: ServiceInterAction,
  settings: CalendarSyncSettings,
  mailbox: string,
  first: ServerMeeting,
): Promise<"written" | "skipped"> {
  let meeting = first;
  const entry = await deps.store.entry(mailbox, meeting.eventId);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { snapshot, addinState } = meeting;
    const holder = addinState?.syncKey ? await deps.store.entryBySyncKey(addinState.syncKey) : null;
    const claimedElsewhere = Boolean(holder && (holder.mailbox !== mailbox || holder.eventId !== meeting.eventId));
    const decision = followed(snapshot, addinState, claimedElsewhere);
    if (!decision.follow) {
      if (decision.skip === "notThisCopy") deps.log.warn("add-in state not trusted on this copy", { mailbox });
      return "skipped";
    }
    const planFrom = (state: SyncState) =>
      plan({
        snapshot,
        state,
        settings,
        directory: null,
        now: deps.clock.now(),
        trigger: { kind: "server" },
        ids: { newSyncKey: deps.newSyncKey },
      });
    // The iCalUId Graph gives with every event rides on the plan: a record written without it (on send) is linked.
    let base = withServiceIdentity(stateToPlan(decision.state, entry), meeting.iCalUId);
    let result = planFrom(base);
    let current: { etag?: string; record?: { revision: number; fingerprint?: string } } | null = null;
    // A write of this very content may have been sent by a job that died before it saved the index: send exactly
    // that request again (same revision, key and If-Match), which InterAction answers from its Idempotency-Key
    // record if it was applied, instead of writing the same content again above it.
    const inFlight = attempt === 0 ? await deps.store.writeInFlight(mailbox, meeting.eventId) : null;
    const resent = inFlight ? planFrom({ ...base, revision: inFlight.revision, fingerprint: undefined }) : null;
    if (inFlight && resent && resent.nextState.fingerprint === inFlight.fingerprint && resent.operations.length > 0) {
      [base, result] = [{ ...base, revision: inFlight.revision, fingerprint: undefined }, resent];
      current = inFlight.ifMatch ? { etag: inFlight.ifMatch } : null;
    } else if (result.operations.length > 0 && base.syncKey) {
      current = await api.current(base.syncKey);
      if (current?.record && etagHiddenIn({ etag: current.etag, fingerprint: current.record.fingerprint })) {
        // A gateway in front of InterAction hides its ETag (src/sync/compareAndSetWrite.ts etagHidden): a write without
        // If-Match could roll the add-in back. Not written; the token stays, so the next job tries again, and says so.
        deps.log.warn(
          "InterAction answered without the record's ETag: compare and set is impossible, nothing written",
          {
            mailbox,
            syncKey: base.syncKey,
          },
        );
        throw etagHidden();
      }
      // InterAction holds a revision neither the item nor the index knows (the add-in wrote it, and its state on the
      // server may lag): plan against what that revision holds, by the fingerprint its writer sent (unknown: write).
      if (current?.record && current.record.revision > base.revision) {
        base = { ...base, revision: current.record.revision, fingerprint: current.record.fingerprint };
        result = planFrom(base);
      }
    }
    const next = result.nextState;
    const index: IndexEntry = {
      ...(entry ?? {}),
      mailbox,
      eventId: meeting.eventId,
      syncKey: next.syncKey as string,
      role: snapshot.role,
      revision: next.revision,
      documents: { ...next.documents },
      ...(next.fingerprint ? { fingerprint: next.fingerprint } : {}),
      ...(next.syncUntil ? { syncUntil: next.syncUntil } : {}),
      ...(next.cancelled !== undefined ? { cancelled: next.cancelled } : {}),
    };
    if (result.operations.length === 0) {
      // Nothing InterAction stores changed: remember the copy (for @removed), write nothing.
      await deps.store.saveEntry(index);
      return "skipped";
    }
    try {
      if (result.operations.some((op) => op.kind === "upsertMeeting"))
        await deps.store.saveWriteInFlight(mailbox, meeting.eventId, {
          revision: base.revision,
          fingerprint: next.fingerprint ?? "",
          ...(current?.etag ? { ifMatch: current.etag } : {}),
        });
      for (const op of result.operations) {
        if (op.kind === "upsertMeeting") {
          const key = serviceUpsertKey(op.syncKey, op.revision, next.fingerprint ?? "");
          // No record seen: a create, which must not land on a link the add-in created since (If-None-Match).
          const record = await api.upsert(op.syncKey, op.payload, key, current?.etag, current === null);
          // The link and revision were kept but not the content (an attendee's write to an activity, or frozen):
          // the index claims no fingerprint, so no later round takes InterAction to hold this copy's content.
          if (record.fieldsRefused) delete index.fingerprint;
          // An InterAction that ignores If-None-Match answers such a write 200 with the add-in's revision, not
          // applied: the answer decides, by the add-in's own rule, and a write it does not confirm lost the race.
          if (!record.fieldsRefused && !answerConfirms(op, record, "syncService")) throw new LostRace();
          Object.assign(index, { recordId: record.id, syncUntil: record.syncUntil, frozen: record.frozen });
          // Written again after the service removed the link for "never": the colleague is linked again.
          delete index.linkRemoved;
          index.deliveredAt = deps.clock.now().toISOString();
        } else {
          const content = await deps.calendar.attachment(mailbox, meeting.eventId, op.attachmentId);
          await api.uploadDocument(op.syncKey, op.documentKey, {
            name: op.name,
            contentType: content.contentType || op.contentType,
            base64: content.base64,
          });
        }
      }
    } catch (e) {
      if (isPreconditionFailed(e) || e instanceof LostRace) {
        // Someone wrote since the service read the record: go back to Outlook, then plan again. A 412 proves the write
        // in flight was never applied (an applied one is replayed from its Idempotency-Key), so it is not resent.
        await deps.store.saveWriteInFlight(mailbox, meeting.eventId, null);
        const again = await deps.calendar.meeting(mailbox, meeting.eventId);
        if (!again) return "skipped"; // gone meanwhile: the removal is read with the next round
        meeting = again;
        continue;
      }
      if (isInterActionError(e) && e.code === "frozen") {
        await deps.store.saveEntry({ ...index, frozen: true });
        return "skipped";
      }
      if (retryable(e)) throw e;
      // Refused for good (e.g. 403): the index keeps the previous delivery, so a later change tries again.
      deps.log.warn("InterAction refused a change", { mailbox, syncKey: index.syncKey, error: (e as Error).message });
      return "skipped";
    }
    await deps.store.saveEntry(index);
    await deps.store.saveWriteInFlight(mailbox, meeting.eventId, null);
    return "written";
  }
  throw new Error(`InterAction's record of a meeting in ${mailbox} kept changing while the service wrote it.`);
}
