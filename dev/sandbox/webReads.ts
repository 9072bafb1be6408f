// What the sandbox's web view ("InterAction Web Client") reads: recent meetings, one meeting, the companies, a
// meeting's owner and a document's bytes, each limited to what the signed-in viewer may see (rules.ts isVisibleTo).
// No viewer: the dev sandbox's open view (with controls), which shows everything.
import { ApiError } from "./apiError";
import {
  meetingRowById,
  meetingRowByKey,
  record,
  type MeetingRecord,
  type MeetingRow,
  type Visibility,
} from "./meetingRows";
import { isVisibleTo } from "./rules";
import type { Store, UserRow } from "./store";

/** A signed-in viewer of the web view, with the groups they belong to. */
export interface Viewer {
  id: string;
  groupIds: ReadonlySet<string>;
}

export function viewerOf(store: Store, user: UserRow): Viewer {
  return { id: user.id, groupIds: new Set(store.groupsOf(user).map((g) => g.id)) };
}

const visible = (viewer: Viewer | undefined, m: MeetingRow) =>
  !viewer || isVisibleTo(viewer, { owner_id: m.owner_id, visibility: JSON.parse(m.visibility) as Visibility });

export function recentMeetings(store: Store, limit: number, viewer?: Viewer): MeetingRecord[] {
  const out: MeetingRecord[] = [];
  const rows = store.db.prepare("SELECT * FROM meetings ORDER BY start_at DESC, id").iterate() as Iterable<MeetingRow>;
  for (const m of rows) {
    if (out.length >= limit) break;
    if (visible(viewer, m)) out.push(record(store, m));
  }
  return out;
}

export function meetingForWeb(store: Store, syncKey: string, viewer?: Viewer): MeetingRecord | undefined {
  const m = meetingRowByKey(store, syncKey);
  return m && visible(viewer, m) ? record(store, m) : undefined;
}

export function companies(store: Store): { id: string; name: string; domain: string | null }[] {
  return store
    .prepared("SELECT id, name, domain FROM contacts WHERE kind = 'company' ORDER BY name COLLATE NOCASE LIMIT 500")
    .all() as { id: string; name: string; domain: string | null }[];
}

export function ownerOf(store: Store, rec: MeetingRecord): UserRow | undefined {
  const m = meetingRowById(store, rec.id);
  return m ? store.userById(m.owner_id) : undefined;
}

/** A document's bytes, for a viewer who may see its meeting (403 otherwise). */
export function documentForWeb(
  store: Store,
  id: string,
  viewer?: Viewer,
): { name: string; contentType: string; content: Buffer } {
  const d = store.prepared("SELECT meeting_id, name, content_type, content FROM documents WHERE id = ?").get(id) as
    { meeting_id: string; name: string; content_type: string; content: Buffer } | undefined;
  if (!d) throw new ApiError(404, "notFound", "This document is not in InterAction.");
  const m = meetingRowById(store, d.meeting_id) as MeetingRow;
  if (!visible(viewer, m)) {
    throw new ApiError(403, "notYours", "This document belongs to a meeting you do not see in InterAction.");
  }
  return { name: d.name, contentType: d.content_type, content: d.content };
}
