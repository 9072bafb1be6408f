// One attempt at one queued operation: a meeting write (compareAndSetWrite.ts), a link's removal, or a document's
// upload read from the open item. It throws what InterAction answered; deliverOutbox records the outcome.
import { documentKeyOf } from "../core/fingerprint";
import type { MeetingSnapshot } from "../core/meeting";
import { messages } from "../core/messages";
import type { QueuedOperation, UploadDocumentOperation } from "../core/operations";
import type { DocumentRecord, MeetingRecord } from "../core/record";
import { writeMeeting, type MeetingWriteAttempt, type WriteContext } from "./compareAndSetWrite";
import type { DeliveryContext } from "./deliverOutbox";
import type { SyncDeps } from "./deps";
import { isInterActionError } from "./errors";

/** Sent as the document-upload default when Outlook reports no content type. */
const OCTET_STREAM = "application/octet-stream";

/** Outlook could not hand over an attachment's bytes (often transient: the item is still saving). */
export class AttachmentReadError extends Error {}

export type Attempt =
  | { kind: "delivered"; record?: MeetingRecord; document?: DocumentRecord }
  | { kind: "abandoned"; reason: string }
  | Extract<MeetingWriteAttempt, { kind: "lost" }>;

const uploadDocument = async (
  deps: SyncDeps,
  op: UploadDocumentOperation,
  readSnapshot: () => Promise<MeetingSnapshot>,
): Promise<Attempt> => {
  // Outlook gives a new meeting's attachments new ids when it is first saved: find the file by its identity.
  const snapshot = await readSnapshot();
  const attachment =
    snapshot.attachments.find((a) => a.kind === "file" && !a.isInline && documentKeyOf(a) === op.documentKey) ??
    undefined;
  if (!attachment) return { kind: "abandoned", reason: messages.failure.attachmentRemoved };
  let content: { base64: string; contentType: string };
  try {
    content = await deps.item.readAttachment(attachment.id);
  } catch {
    throw new AttachmentReadError(messages.failure.attachmentUnreadable(op.name));
  }
  const document = await deps.api.uploadDocument(op.syncKey, op.documentKey, {
    name: op.name,
    contentType: content.contentType || op.contentType || OCTET_STREAM,
    base64: content.base64,
  });
  return { kind: "delivered", document };
};

export const attempt = async (
  deps: SyncDeps,
  op: QueuedOperation,
  context: DeliveryContext,
  write: WriteContext,
): Promise<Attempt> => {
  if (op.kind === "removeMeetingLink") {
    if (!deps.api.removeMeetingLink) throw new Error("This InterAction connection cannot remove a meeting link.");
    try {
      await deps.api.removeMeetingLink(op.syncKey, { reason: op.reason, revision: op.revision }, op.idempotencyKey);
    } catch (e) {
      // 404: InterAction has no such link (never delivered, or already gone): there is nothing left to remove.
      if (!(isInterActionError(e) && e.code === "notFound")) throw e;
    }
    return { kind: "delivered" };
  }
  if (op.kind === "upsertMeeting") return writeMeeting(deps, op, write);
  return uploadDocument(deps, op, context.readSnapshot ?? (() => deps.item.read()));
};
