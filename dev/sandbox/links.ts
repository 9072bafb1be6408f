// The links of a shared meeting (issue 14): each colleague's sync key, with their own choices. The meeting row holds
// its first ("primary") link in its own columns, as it did before identity existed, so a meeting one colleague added
// is exactly the row it always was; every other link, and every removed link (a tombstone that refuses a late write
// of that link), is a row of meeting_links. This file hides that split: callers see a list of links.
import type { MeetingRow, Visibility } from "./meetingRows";
import { isVisibleTo } from "./rules";
import type { SqlBase } from "./sqlBase";

export interface Link {
  syncKey: string;
  meetingId: string;
  userId: string;
  addedBy: "organizer" | "attendee";
  itemId: string | null;
  visibility: Visibility;
  activityTypeId: string;
  syncMode: "manual" | "automatic" | null;
  addContacts: boolean | null;
  revision: number;
  primary: boolean;
}

export interface Tombstone {
  syncKey: string;
  userId: string;
  meetingId: string | null;
  removedRevision: number;
  reason: "never" | "left" | "cancelled";
  outcome: "kept" | "deleted" | "cancelled";
}

interface LinkRow {
  sync_key: string;
  meeting_id: string | null;
  user_id: string;
  added_by: "organizer" | "attendee";
  item_id: string | null;
  visibility: string;
  activity_type_id: string;
  sync_mode: "manual" | "automatic" | null;
  add_contacts: number | null;
  revision: number;
  removed_revision: number | null;
  removed_reason: Tombstone["reason"] | null;
  removed_outcome: Tombstone["outcome"] | null;
}

/** The columns of a meeting row that hold its primary link. */
export const LINK_COLUMNS = [
  "id",
  "sync_key",
  "owner_id",
  "added_by",
  "item_id",
  "visibility",
  "activity_type_id",
  "sync_mode",
  "add_contacts",
  "revision",
] as const;
export type LinkColumns = Pick<MeetingRow, (typeof LINK_COLUMNS)[number]>;

/** What the meeting row says of its primary link. */
export function primaryLink(m: LinkColumns): Link {
  return {
    syncKey: m.sync_key,
    meetingId: m.id,
    userId: m.owner_id,
    addedBy: m.added_by,
    itemId: m.item_id,
    visibility: JSON.parse(m.visibility) as Visibility,
    activityTypeId: m.activity_type_id,
    syncMode: m.sync_mode,
    addContacts: m.add_contacts === null ? null : m.add_contacts === 1,
    revision: m.revision,
    primary: true,
  };
}

function fromRow(r: LinkRow): Link {
  return {
    syncKey: r.sync_key,
    meetingId: r.meeting_id as string,
    userId: r.user_id,
    addedBy: r.added_by,
    itemId: r.item_id,
    visibility: JSON.parse(r.visibility) as Visibility,
    activityTypeId: r.activity_type_id,
    syncMode: r.sync_mode,
    addContacts: r.add_contacts === null ? null : r.add_contacts === 1,
    revision: r.revision,
    primary: false,
  };
}

export type Found =
  { kind: "link"; link: Link; meeting: MeetingRow } | { kind: "removed"; tombstone: Tombstone } | undefined;

/** A sync key: an active link with its meeting, a removed link, or unknown. */
export function findKey(s: SqlBase, syncKey: string): Found {
  const r = s.prepared("SELECT * FROM meeting_links WHERE sync_key = ?").get(syncKey) as LinkRow | undefined;
  if (r && r.removed_revision !== null) {
    return {
      kind: "removed",
      tombstone: {
        syncKey: r.sync_key,
        userId: r.user_id,
        meetingId: r.meeting_id,
        removedRevision: r.removed_revision,
        reason: r.removed_reason as Tombstone["reason"],
        outcome: r.removed_outcome as Tombstone["outcome"],
      },
    };
  }
  if (r) {
    const meeting = s.prepared("SELECT * FROM meetings WHERE id = ?").get(r.meeting_id) as MeetingRow;
    return { kind: "link", link: fromRow(r), meeting };
  }
  const m = s.prepared("SELECT * FROM meetings WHERE sync_key = ?").get(syncKey) as MeetingRow | undefined;
  return m ? { kind: "link", link: primaryLink(m), meeting: m } : undefined;
}

/** The meeting's active links, the primary first. */
export function linksOf(s: SqlBase, m: LinkColumns): Link[] {
  const others = s
    .prepared(
      `SELECT * FROM meeting_links WHERE meeting_id = ? AND removed_revision IS NULL ORDER BY created_at, sync_key`,
    )
    .all(m.id) as LinkRow[];
  return [primaryLink(m), ...others.map(fromRow)];
}

/** Removed links of the meeting (their documents stay with it, shown as those links' visibility says). */
export function tombstoneVisibility(s: SqlBase, meetingId: string): Map<string, Link> {
  const rows = s
    .prepared("SELECT * FROM meeting_links WHERE meeting_id = ? AND removed_revision IS NOT NULL")
    .all(meetingId) as LinkRow[];
  return new Map(rows.map((r) => [r.sync_key, fromRow(r)]));
}

/** Whether a viewer may see what came through a link (its owner, everyone, or a group of the viewer's). */
export const linkVisibleTo = (
  viewer: { id: string; groupIds: ReadonlySet<string> } | undefined,
  l: Pick<Link, "userId" | "visibility">,
): boolean => !viewer || isVisibleTo(viewer, { owner_id: l.userId, visibility: l.visibility });

const choiceColumns = (l: Link) => ({
  sync_key: l.syncKey,
  meeting_id: l.meetingId,
  user_id: l.userId,
  added_by: l.addedBy,
  item_id: l.itemId,
  visibility: JSON.stringify(l.visibility),
  activity_type_id: l.activityTypeId,
  sync_mode: l.syncMode,
  add_contacts: l.addContacts === null ? null : l.addContacts ? 1 : 0,
  revision: l.revision,
  now: "",
});

/** Stores a link (its choices and revision): in the meeting row for the primary, else in meeting_links. */
export function saveLink(s: SqlBase, l: Link): void {
  const row = { ...choiceColumns(l), now: s.now().toISOString() };
  if (l.primary) {
    s.prepared(
      `UPDATE meetings SET sync_key = @sync_key, owner_id = @user_id, added_by = @added_by, item_id = @item_id,
           visibility = @visibility, activity_type_id = @activity_type_id, sync_mode = @sync_mode,
           add_contacts = @add_contacts, revision = @revision
         WHERE id = @meeting_id`,
    ).run(row);
    return;
  }
  s.prepared(
    `INSERT INTO meeting_links (sync_key, meeting_id, user_id, added_by, item_id, visibility, activity_type_id,
         sync_mode, add_contacts, revision, created_at, updated_at)
       VALUES (@sync_key, @meeting_id, @user_id, @added_by, @item_id, @visibility, @activity_type_id, @sync_mode,
         @add_contacts, @revision, @now, @now)
       ON CONFLICT (sync_key) DO UPDATE SET meeting_id = excluded.meeting_id, user_id = excluded.user_id,
         added_by = excluded.added_by, item_id = excluded.item_id, visibility = excluded.visibility,
         activity_type_id = excluded.activity_type_id, sync_mode = excluded.sync_mode,
         add_contacts = excluded.add_contacts, revision = excluded.revision, removed_revision = NULL,
         removed_reason = NULL, removed_outcome = NULL, updated_at = excluded.updated_at`,
  ).run(row);
}

/** Makes a link a tombstone that refuses this link's writes up to `revision` (kept with its visibility). */
export function bury(
  s: SqlBase,
  l: Link,
  removal: { revision: number; reason: Tombstone["reason"]; outcome: Tombstone["outcome"]; meetingId: string | null },
): void {
  saveLink(s, { ...l, primary: false });
  s.prepared(
    `UPDATE meeting_links SET meeting_id = ?, removed_revision = ?, removed_reason = ?, removed_outcome = ?
       WHERE sync_key = ?`,
  ).run(removal.meetingId, removal.revision, removal.reason, removal.outcome, l.syncKey);
}

/** Forgets a tombstone (its colleague linked again with a newer revision). */
export function unbury(s: SqlBase, syncKey: string): void {
  s.prepared("DELETE FROM meeting_links WHERE sync_key = ? AND removed_revision IS NOT NULL").run(syncKey);
}

/** The primary link is going: another active link takes its place in the meeting row. */
export function promote(s: SqlBase, m: MeetingRow, next: Link): void {
  s.prepared("DELETE FROM meeting_links WHERE sync_key = ?").run(next.syncKey);
  saveLink(s, { ...next, primary: true, meetingId: m.id });
}
