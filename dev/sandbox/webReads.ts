// What the sandbox's web view ("InterAction Web Client") reads: recent meetings, one meeting, the companies, a
// meeting's owner and a document's bytes, each limited to what the signed-in viewer may see (rules.ts isVisibleTo).
// No viewer: the dev sandbox's open view (with controls), which shows everything.
import { ApiError } from "./apiError";
import { findKey, linksOf, linkVisibleTo, tombstoneVisibility } from "./links";
import { record, type Viewer } from "./meetingRecord";
import { meetingRowById, type MeetingRecord, type MeetingRow } from "./meetingRows";
import type { Store, UserRow } from "./store";

export type { Viewer } from "./meetingRecord";

export function viewerOf(store: Store, user: UserRow): Viewer {
  return { id: user.id, groupIds: new Set(store.groupsOf(user).map((g) => g.id)) };
}

/** A shared meeting is visible to a viewer when one of its links is (issue 14: each link keeps its visibility). */
const visible = (store: Store, viewer: Viewer | undefined, m: MeetingRow) =>
  !viewer || linksOf(store, m).some((l) => linkVisibleTo(viewer, l));

/** The record as the viewer sees it: through their own link if they have one, else through a link they may see. */
const recordFor = (store: Store, m: MeetingRow, viewer: Viewer | undefined) => {
  const links = linksOf(store, m);
  const through = links.find((l) => l.userId === viewer?.id) ?? links.find((l) => linkVisibleTo(viewer, l));
  return record(store, m, through, viewer);
};

export function recentMeetings(store: Store, limit: number, viewer?: Viewer): MeetingRecord[] {
  const out: MeetingRecord[] = [];
  const rows = store.db.prepare("SELECT * FROM meetings ORDER BY start_at DESC, id").iterate() as Iterable<MeetingRow>;
  for (const m of rows) {
    if (out.length >= limit) break;
    if (visible(store, viewer, m)) out.push(recordFor(store, m, viewer));
  }
  return out;
}

export function meetingForWeb(store: Store, syncKey: string, viewer?: Viewer): MeetingRecord | undefined {
  const found = findKey(store, syncKey);
  if (found?.kind !== "link" || !visible(store, viewer, found.meeting)) return undefined;
  const { meeting: m, link } = found;
  return linkVisibleTo(viewer, link) ? record(store, m, link, viewer) : recordFor(store, m, viewer);
}

export function companies(store: Store): { id: string; name: string; domain: string | null }[] {
  return store
    .prepared("SELECT id, name, domain FROM contacts WHERE kind = 'company' ORDER BY name COLLATE NOCASE LIMIT 500")
    .all() as { id: string; name: string; domain: string | null }[];
}

export function ownerOf(store: Store, rec: MeetingRecord): UserRow | undefined {
  const found = findKey(store, rec.syncKey);
  return found?.kind === "link" ? store.userById(found.link.userId) : undefined;
}

/** A document's bytes, for a viewer who may see its meeting (403 otherwise). */
export function documentForWeb(
  store: Store,
  id: string,
  viewer?: Viewer,
): { name: string; contentType: string; content: Buffer } {
  const d = store
    .prepared("SELECT meeting_id, link_key, name, content_type, content FROM documents WHERE id = ?")
    .get(id) as
    { meeting_id: string; link_key: string; name: string; content_type: string; content: Buffer } | undefined;
  if (!d) throw new ApiError(404, "notFound", "This document is not in InterAction.");
  const m = meetingRowById(store, d.meeting_id) as MeetingRow;
  // A document is seen where the link it came through is seen.
  const link =
    linksOf(store, m).find((l) => l.syncKey === d.link_key) ?? tombstoneVisibility(store, m.id).get(d.link_key);
  if (!link || !linkVisibleTo(viewer, link)) {
    throw new ApiError(403, "notYours", "This document belongs to a meeting you do not see in InterAction.");
  }
  return { name: d.name, contentType: d.content_type, content: d.content };
}
