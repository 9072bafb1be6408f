// What the client search shows of each meeting of one page: one query per kind of data for the whole page (not per
// meeting), each reading only the columns an item shows. A page of the busiest company is 200 meetings with about 400
// colleague rows and 400 attendee rows, and what its search costs is mostly turning rows into JavaScript values, so
// every column read here is one the answer needs (issue 11).
import { linkVisibleTo, tombstoneVisibility, type Link } from "./links";
import type { Viewer } from "./meetingRecord";
import { kindOf } from "./rules";
import { placeholders, type S, type SqlBase } from "./sqlBase";

/**
 * The columns a page reads of each meeting (alias m), as arrays (`raw`: building an object per row costs more than
 * the query's index seeks): the fields an item shows, and of its primary link (the meeting row's own) only what picks
 * the link the row is shown through, its key, owner and visibility.
 */
export const PAGE_COLUMNS = [
  "id",
  "sync_key",
  "owner_id",
  "visibility",
  "subject",
  "location",
  "start_at",
  "end_at",
  "cancelled",
  "organizer_email",
]
  .map((c) => `m.${c}`)
  .join(", ");
/** A row of PAGE_COLUMNS, in their order. */
export type PageRow = [
  id: string,
  syncKey: string,
  ownerId: string,
  visibility: string,
  subject: string,
  location: string,
  startAt: string,
  endAt: string,
  cancelled: number,
  organizerEmail: string,
];

/**
 * The rows of a statement as arrays of its columns, in their order. Raw mode stays set on the statement, which the
 * store shares by SQL text, so each SQL text read here is read only here.
 */
export const rowsOf = <T extends unknown[]>(s: SqlBase, sql: string, ...args: unknown[]): T[] =>
  s
    .prepared(sql)
    .raw(true)
    .all(...args) as T[];

/** What the page needs of a link: its key, whose it is and who may see it. */
type PageLink = Pick<Link, "syncKey" | "userId" | "visibility">;

/** The page's items, in the order of `rows`, as `viewer` sees them (undefined: the open web view). */
export function pageItems(
  s: SqlBase,
  rows: PageRow[],
  companyId: string,
  viewer: Viewer | undefined,
): S["CompanyMeetingPage"]["items"] {
  const ids = rows.map((m) => m[0]);
  const colleagues = colleaguesOf(s, ids);
  const contacts = companyContactsOf(s, ids, companyId);
  // Each row through the user's own link, else a link they may see; documents only of links they may see.
  const links = linksOfPage(s, rows);
  const through = new Map(ids.map((id) => [id, throughLink(links.get(id) as PageLink[], viewer)]));
  const documentCounts = documentCountsOf(s, ids, links, through, viewer);
  const now = s.now();
  return rows.map(([id, , , , subject, location, start, end, cancelled, organizerEmail]) => ({
    id,
    syncKey: (through.get(id) as PageLink).syncKey,
    subject,
    start,
    end,
    location,
    kind: kindOf({ end_at: end }, now),
    status: cancelled ? ("cancelled" as const) : ("scheduled" as const),
    organizerEmail,
    colleagues: colleagues.get(id) ?? [],
    contacts: contacts.get(id) ?? [],
    documentCount: documentCounts.get(id) ?? 0,
  }));
}

/** Each meeting's colleagues, in name order. */
function colleaguesOf(s: SqlBase, ids: string[]): Map<string, S["Colleague"][]> {
  const byMeeting = new Map<string, S["Colleague"][]>();
  if (!ids.length) return byMeeting;
  const list = rowsOf<[meetingId: string, id: string, email: string, name: string]>(
    s,
    `SELECT mc.meeting_id, u.id, u.email, u.name FROM meeting_colleagues mc JOIN users u ON u.id = mc.user_id
       WHERE mc.meeting_id IN (${placeholders(ids.length)}) ORDER BY u.name, u.id`,
    ...ids,
  );
  for (const [meetingId, id, email, name] of list) {
    const colleague = { id, email, name };
    const listed = byMeeting.get(meetingId);
    if (listed) listed.push(colleague);
    else byMeeting.set(meetingId, [colleague]);
  }
  return byMeeting;
}

/**
 * The company's contacts attending each meeting, each once, in name order: the page's attendee rows that are
 * contacts (read from the attendees' contact index, not their rows), then their few distinct contacts in one query.
 */
function companyContactsOf(s: SqlBase, ids: string[], companyId: string): Map<string, S["LinkedContact"][]> {
  const byMeeting = new Map<string, S["LinkedContact"][]>();
  if (!ids.length) return byMeeting;
  const attending = rowsOf<[meetingId: string, contactId: string]>(
    s,
    `SELECT meeting_id, contact_id FROM meeting_attendees INDEXED BY meeting_attendees_contact
       WHERE meeting_id IN (${placeholders(ids.length)}) AND contact_id IS NOT NULL`,
    ...ids,
  );
  const contactIds = [...new Set(attending.map(([, contactId]) => contactId))];
  if (!contactIds.length) return byMeeting;
  const ordered = s
    .prepared(
      `SELECT id, name, email, company_id AS companyId FROM contacts
         WHERE id IN (${placeholders(contactIds.length)}) AND company_id = ? ORDER BY name, id`,
    )
    .all(...contactIds, companyId) as S["LinkedContact"][];
  const rank = new Map(ordered.map((c, i) => [c.id, i]));
  const ranks = new Map<string, Set<number>>();
  for (const [meetingId, contactId] of attending) {
    const r = rank.get(contactId);
    if (r === undefined) continue; // another company's contact
    ranks.set(meetingId, (ranks.get(meetingId) ?? new Set<number>()).add(r));
  }
  for (const [meetingId, set] of ranks) {
    byMeeting.set(
      meetingId,
      [...set].sort((a, b) => a - b).map((r) => ordered[r] as S["LinkedContact"]),
    );
  }
  return byMeeting;
}

/**
 * The active links of each meeting as linksOf (links.ts) lists them, the primary (the row's own) first, then the
 * others by creation: one query for the page, reading of each link only its key, owner and visibility.
 */
function linksOfPage(s: SqlBase, rows: PageRow[]): Map<string, PageLink[]> {
  const link = (syncKey: string, userId: string, visibility: string): PageLink => ({
    syncKey,
    userId,
    visibility: JSON.parse(visibility) as PageLink["visibility"],
  });
  const byMeeting = new Map(
    rows.map(([id, syncKey, ownerId, visibility]) => [id, [link(syncKey, ownerId, visibility)]]),
  );
  if (!rows.length) return byMeeting;
  const others = rowsOf<[meetingId: string, syncKey: string, userId: string, visibility: string]>(
    s,
    `SELECT meeting_id, sync_key, user_id, visibility FROM meeting_links
       WHERE meeting_id IN (${placeholders(rows.length)}) AND removed_revision IS NULL
       ORDER BY meeting_id, created_at, sync_key`,
    ...rows.map(([id]) => id),
  );
  for (const [meetingId, syncKey, userId, visibility] of others) {
    byMeeting.get(meetingId)?.push(link(syncKey, userId, visibility));
  }
  return byMeeting;
}

/** The link a search row is shown through: the viewer's own, else the first they may see (the primary otherwise). */
function throughLink(links: PageLink[], viewer: Viewer | undefined): PageLink {
  return (links.find((l) => l.userId === viewer?.id) ??
    links.find((l) => linkVisibleTo(viewer, l)) ??
    links[0]) as PageLink;
}

/**
 * How many documents of each meeting the viewer may see: those of the link the row is shown through and of every
 * link, active or removed, the viewer may see (as visibleLinkKeys in meetingRecord.ts). The visible links are worked
 * out only for meetings that have documents.
 */
function documentCountsOf(
  s: SqlBase,
  ids: string[],
  links: Map<string, PageLink[]>,
  through: Map<string, PageLink>,
  viewer: Viewer | undefined,
): Map<string, number> {
  const counts = new Map<string, number>();
  if (!ids.length) return counts;
  const docs = s
    .prepared(`SELECT meeting_id, link_key FROM documents WHERE meeting_id IN (${placeholders(ids.length)})`)
    .all(...ids) as { meeting_id: string; link_key: string }[];
  const visibleKeys = new Map<string, Set<string>>();
  for (const d of docs) {
    let keys = visibleKeys.get(d.meeting_id);
    if (!keys) {
      const all = [...(links.get(d.meeting_id) as PageLink[]), ...tombstoneVisibility(s, d.meeting_id).values()];
      keys = new Set([
        (through.get(d.meeting_id) as PageLink).syncKey,
        ...all.filter((l) => linkVisibleTo(viewer, l)).map((l) => l.syncKey),
      ]);
      visibleKeys.set(d.meeting_id, keys);
    }
    if (keys.has(d.link_key)) counts.set(d.meeting_id, (counts.get(d.meeting_id) ?? 0) + 1);
  }
  return counts;
}
