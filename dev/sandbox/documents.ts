// A meeting's documents (attachments the add-in uploads): each belongs to the link it came through, so two
// colleagues' attachments never replace each other, and is readable by whoever may see that link.
import { ApiError } from "./apiError";
import { linksOf, linkVisibleTo, tombstoneVisibility, type Link } from "./links";
import { documentsOf, meetingRowById, touch, type DocumentRecord, type MeetingRow } from "./meetingRows";
import { factsOf, viewerOf } from "./meetingWrites";
import { assertMayAddDocument, isOrganizer } from "./rules";
import { newId, sha256Hex, type SqlBase } from "./sqlBase";

export const MAX_DOCUMENT_BYTES = 30 * 1024 * 1024;

export interface DocumentFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** Refuses a file InterAction would not take, before any transaction starts. */
export function assertDocumentSize(file: DocumentFile): void {
  if (file.bytes.length > MAX_DOCUMENT_BYTES) {
    throw new ApiError(413, "tooLarge", "Documents larger than 30 MB cannot be added to InterAction.");
  }
}

/** Adds or replaces the link's document `documentKey` (runs inside the store's transaction). */
export function putDocument(
  s: SqlBase,
  user: { id: string; email: string; is_admin: number },
  found: { meeting: MeetingRow; link: Link },
  documentKey: string,
  file: DocumentFile,
): { status: 200 | 201; document: DocumentRecord } {
  const { meeting: m, link } = found;
  const syncKey = link.syncKey;
  assertMayAddDocument(user, factsOf(m, link), s.ruleTime());
  const sha256 = sha256Hex(file.bytes);
  const now = s.now().toISOString();
  const existing = s
    .prepared(
      "SELECT id, sha256, name, content_type FROM documents WHERE meeting_id = ? AND link_key = ? AND document_key = ?",
    )
    .get(m.id, syncKey, documentKey) as { id: string; sha256: string; name: string; content_type: string } | undefined;
  let status: 200 | 201 = 200;
  if (!existing) {
    status = 201;
    s.prepared(
      `INSERT INTO documents (id, meeting_id, link_key, document_key, name, content_type, size, sha256, content,
           created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      newId("d"),
      m.id,
      syncKey,
      documentKey,
      file.name,
      file.contentType,
      file.bytes.length,
      sha256,
      file.bytes,
      now,
      now,
    );
  } else if (existing.sha256 !== sha256 || existing.name !== file.name || existing.content_type !== file.contentType) {
    s.prepared(
      `UPDATE documents SET name = ?, content_type = ?, size = ?, sha256 = ?, content = ?, updated_at = ?
         WHERE id = ?`,
    ).run(file.name, file.contentType, file.bytes.length, sha256, file.bytes, now, existing.id);
  }
  if (status === 201 || existing?.sha256 !== sha256) touch(s, m.id);
  const stored = documentsOf(s, m.id).find((d) => d.linkKey === syncKey && d.documentKey === documentKey);
  const { linkKey: _, ...doc } = stored as DocumentRecord & { linkKey: string };
  return { status, document: doc };
}

/** The document's bytes, for a user who may read its meeting through the API. */
export function documentContent(
  s: SqlBase,
  user: { id: string; email: string },
  id: string,
): { name: string; contentType: string; content: Buffer; sha256: string } {
  const d = s
    .prepared("SELECT meeting_id, link_key, name, content_type, content, sha256 FROM documents WHERE id = ?")
    .get(id) as
    | { meeting_id: string; link_key: string; name: string; content_type: string; content: Buffer; sha256: string }
    | undefined;
  if (!d) throw new ApiError(404, "notFound", "This document is not in InterAction.");
  assertMayReadDocument(s, user, meetingRowById(s, d.meeting_id) as MeetingRow, d.link_key);
  return { name: d.name, contentType: d.content_type, content: d.content, sha256: d.sha256 };
}

/**
 * A document is the link's it came through: readable by that link's owner and the meeting's organizer, and by a
 * colleague with a link of their own on the meeting when the document's link is visible to them.
 */
function assertMayReadDocument(s: SqlBase, user: { id: string; email: string }, m: MeetingRow, linkKey: string): void {
  const links = linksOf(s, m);
  const docLink = links.find((l) => l.syncKey === linkKey) ?? tombstoneVisibility(s, m.id).get(linkKey);
  const mayRead =
    isOrganizer(user, m) ||
    docLink?.userId === user.id ||
    (links.some((l) => l.userId === user.id) && docLink !== undefined && linkVisibleTo(viewerOf(s, user), docLink));
  if (!mayRead) throw new ApiError(403, "notYours", "This meeting was added to InterAction by another user.");
}
