// The client search: a company's meetings that the asking user may see (everyone, their own, their groups'), how
// many colleagues meet with the company, and one query per kind of data for the whole page.
import { ApiError } from "./apiError";
import { linksOf, linkVisibleTo, type Link } from "./links";
import { visibleLinkKeys, type Viewer } from "./meetingRecord";
import type { MeetingRow } from "./meetingRows";
import { viewerOf } from "./meetingWrites";
import { kindOf } from "./rules";
import { iso, placeholders, type S, type SqlBase } from "./sqlBase";

export interface CompanyMeetingQuery {
  companyId: string;
  from?: string;
  to?: string;
  includeCancelled?: boolean;
  skip: number;
  limit: number;
}

/** `user` undefined: only meetings visible to everyone (the dev web view without sign-in). */
export function companyMeetings(
  s: SqlBase,
  user: { id: string } | undefined,
  q: CompanyMeetingQuery,
): S["CompanyMeetingPage"] {
  const company = s.prepared("SELECT id, name FROM contacts WHERE id = ? AND kind = 'company'").get(q.companyId) as
    { id: string; name: string } | undefined;
  if (!company) throw new ApiError(404, "notFound", "This company is not in InterAction.");
  // The same filters over the search table (alias i) and the colleague table (alias cc).
  const filters = (a: string) => {
    const where = [`${a}.company_id = @companyId`, `${a}.start_at >= @from`, `${a}.start_at < @to`];
    if (!q.includeCancelled) where.push(`${a}.cancelled = 0`);
    // A meeting several colleagues linked with different visibilities ('links') is visible to every link owner
    // and every group a link is visible to: one primary-key probe of meeting_viewers per row.
    where.push(
      user
        ? `(${a}.visibility_kind = 'everyone' OR ${a}.owner_id = @userId OR (${a}.visibility_kind = 'group' AND
             ${a}.group_id IN (SELECT group_id FROM group_members WHERE user_id = @userId)) OR
             (${a}.visibility_kind = 'links' AND EXISTS (SELECT 1 FROM meeting_viewers v
               WHERE v.meeting_id = ${a}.meeting_id AND (v.viewer = 'u:' || @userId OR
                 v.viewer IN (SELECT 'g:' || group_id FROM group_members WHERE user_id = @userId)))))`
        : `${a}.visibility_kind = 'everyone'`,
    );
    return where.join(" AND ");
  };
  const args = {
    companyId: company.id,
    from: q.from ? iso(q.from) : "0000",
    to: q.to ? iso(q.to) : "9999",
    userId: user?.id ?? "",
    limit: q.limit,
    skip: q.skip,
  };
  const whereSql = filters("i");
  const total = (
    s.prepared(`SELECT COUNT(*) AS n FROM meeting_companies i WHERE ${whereSql}`).get(args) as { n: number }
  ).n;
  // Colleagues who meet with the company, by a skip scan of the company's colleague index: the recursive part seeks
  // each next distinct colleague of this company (one index seek each), and each is checked once for a meeting this
  // user may see in the range. Bounded by the company's distinct colleagues, never by the firm's users or meetings.
  const colleagueCount = (
    s
      .prepared(
        `WITH RECURSIVE colleague(id) AS (
           SELECT (SELECT MIN(user_id) FROM company_colleagues WHERE company_id = @companyId)
           UNION ALL
           SELECT (SELECT MIN(user_id) FROM company_colleagues WHERE company_id = @companyId AND user_id > colleague.id)
           FROM colleague WHERE colleague.id IS NOT NULL)
         SELECT COUNT(*) AS n FROM colleague WHERE colleague.id IS NOT NULL AND EXISTS (
           SELECT 1 FROM company_colleagues cc WHERE cc.user_id = colleague.id AND ${filters("cc")})`,
      )
      .get(args) as { n: number }
  ).n;
  // One query per kind of data for the whole page (not per meeting).
  const rows = s
    .prepared(
      `SELECT m.* FROM (SELECT i.meeting_id, i.start_at FROM meeting_companies i WHERE ${whereSql}
         ORDER BY i.start_at, i.meeting_id LIMIT @limit OFFSET @skip) p
       JOIN meetings m ON m.id = p.meeting_id ORDER BY p.start_at, p.meeting_id`,
    )
    .all(args) as MeetingRow[];
  const ids = rows.map((m) => m.id);
  const byMeeting = <T>(list: (T & { meeting_id: string })[]) => {
    const map = new Map<string, T[]>();
    for (const { meeting_id, ...rest } of list) map.set(meeting_id, [...(map.get(meeting_id) ?? []), rest as T]);
    return map;
  };
  const inIds = placeholders(ids.length);
  const colleagues = ids.length
    ? byMeeting(
        s
          .prepared(
            `SELECT mc.meeting_id, u.id, u.email, u.name FROM meeting_colleagues mc JOIN users u ON u.id = mc.user_id
             WHERE mc.meeting_id IN (${inIds}) ORDER BY u.name, u.id`,
          )
          .all(...ids) as (S["Colleague"] & { meeting_id: string })[],
      )
    : new Map<string, S["Colleague"][]>();
  const contacts = ids.length
    ? byMeeting(
        s
          .prepared(
            `SELECT DISTINCT a.meeting_id, c.id, c.name, c.email, c.company_id AS companyId
             FROM meeting_attendees a JOIN contacts c ON c.id = a.contact_id
             WHERE a.meeting_id IN (${inIds}) AND c.company_id = ? ORDER BY c.name, c.id`,
          )
          .all(...ids, company.id) as (S["LinkedContact"] & { meeting_id: string })[],
      )
    : new Map<string, S["LinkedContact"][]>();
  // Each row through the user's own link, else a link they may see; documents only of links they may see.
  const viewer = user ? viewerOf(s, user) : undefined;
  const through = new Map(rows.map((m) => [m.id, throughLink(s, m, viewer)]));
  const visibleKeys = new Map(rows.map((m) => [m.id, visibleLinkKeys(s, m, through.get(m.id) as Link, viewer)]));
  const documentCounts = new Map<string, number>();
  if (ids.length) {
    const docs = s
      .prepared(`SELECT meeting_id, link_key FROM documents WHERE meeting_id IN (${inIds})`)
      .all(...ids) as { meeting_id: string; link_key: string }[];
    for (const d of docs) {
      if (!visibleKeys.get(d.meeting_id)?.has(d.link_key)) continue;
      documentCounts.set(d.meeting_id, (documentCounts.get(d.meeting_id) ?? 0) + 1);
    }
  }
  const now = s.now();
  const items = rows.map((m) => ({
    id: m.id,
    syncKey: (through.get(m.id) as Link).syncKey,
    subject: m.subject,
    start: m.start_at,
    end: m.end_at,
    location: m.location,
    kind: kindOf(m, now),
    status: m.cancelled ? ("cancelled" as const) : ("scheduled" as const),
    organizerEmail: m.organizer_email,
    colleagues: colleagues.get(m.id) ?? [],
    contacts: contacts.get(m.id) ?? [],
    documentCount: documentCounts.get(m.id) ?? 0,
  }));
  return { company, skip: q.skip, limit: q.limit, total, colleagueCount, items };
}

/** The link a search row is shown through: the viewer's own, else the first they may see (the primary otherwise). */
function throughLink(s: SqlBase, m: MeetingRow, viewer: Viewer | undefined): Link {
  const links = linksOf(s, m);
  return (links.find((l) => l.userId === viewer?.id) ??
    links.find((l) => linkVisibleTo(viewer, l)) ??
    links[0]) as Link;
}
