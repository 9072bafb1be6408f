// The client search: a company's meetings that the asking user may see (everyone, their own, their groups'), how
// many colleagues meet with the company, and the page's meetings (what each shows: searchPage.ts).
import { ApiError } from "./apiError";
import { viewerOf } from "./meetingWrites";
import { PAGE_COLUMNS, pageItems, rowsOf, type PageRow } from "./searchPage";
import { iso, type S, type SqlBase } from "./sqlBase";

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
  const wholeHistory = !q.from && !q.to;
  const total = countVisible(s, args, user !== undefined, q.includeCancelled === true, wholeHistory);
  const colleagueCount = countColleagues(s, args, filters("cc"), wholeHistory);
  // The page's meetings in the order of the search table's primary key, which the range scan reads in order: the
  // LIMIT stops it after the page, however many meetings the company has.
  const rows = rowsOf<PageRow>(
    s,
    `SELECT ${PAGE_COLUMNS} FROM (SELECT i.meeting_id, i.start_at FROM meeting_companies i WHERE ${whereSql}
       ORDER BY i.start_at, i.meeting_id LIMIT @limit OFFSET @skip) p
     JOIN meetings m ON m.id = p.meeting_id ORDER BY p.start_at, p.meeting_id`,
    args,
  );
  const viewer = user ? viewerOf(s, user) : undefined;
  return {
    company,
    skip: q.skip,
    limit: q.limit,
    total,
    colleagueCount,
    items: pageItems(s, rows, company.id, viewer),
  };
}

/** The range and visibility filter every count shares (alias a), as the page's filter says it, minus the kind test. */
const inRange = (a: string, includeCancelled: boolean) =>
  `${a}.company_id = @companyId AND ${a}.start_at >= @from AND ${a}.start_at < @to` +
  (includeCancelled ? "" : ` AND ${a}.cancelled = 0`);

/**
 * How many of the company's meetings in the range the user may see, counted by how they may see it rather than by
 * testing each meeting: those open to everyone (most of a busy company's meetings) are read from the company's
 * counts for its whole history (company_meeting_counts), else counted from an index alone over the range; the others
 * the user may see (their own, their groups', those a link lets them see through meeting_viewers) are found by index
 * seeks and listed once each (UNION), however many ways the user may see them.
 */
function countVisible(
  s: SqlBase,
  args: Record<string, unknown>,
  signedIn: boolean,
  includeCancelled: boolean,
  wholeHistory: boolean,
): number {
  const everyone = s
    .prepared(
      wholeHistory
        ? `SELECT COALESCE(SUM(meetings), 0) AS n FROM company_meeting_counts
             WHERE company_id = @companyId AND visibility_kind = 'everyone'${includeCancelled ? "" : " AND cancelled = 0"}`
        : `SELECT COUNT(*) AS n FROM meeting_companies e INDEXED BY meeting_companies_kind
             WHERE e.visibility_kind = 'everyone' AND ${inRange("e", includeCancelled)}`,
    )
    .get(args) as { n: number };
  if (!signedIn) return everyone.n;
  const others = s
    .prepared(
      `SELECT o.meeting_id FROM meeting_companies o INDEXED BY meeting_companies_owner
         WHERE o.owner_id = @userId AND o.visibility_kind != 'everyone' AND ${inRange("o", includeCancelled)}
       UNION
       SELECT g.meeting_id FROM group_members gm JOIN meeting_companies g INDEXED BY meeting_companies_group
           ON g.company_id = @companyId AND g.group_id = gm.group_id
         WHERE gm.user_id = @userId AND g.visibility_kind = 'group' AND ${inRange("g", includeCancelled)}
       UNION
       SELECT l.meeting_id FROM meeting_companies l JOIN meeting_viewers v ON v.meeting_id = l.meeting_id
         WHERE l.visibility_kind = 'links' AND ${inRange("l", includeCancelled)}
           AND (v.viewer = 'u:' || @userId
             OR v.viewer IN (SELECT 'g:' || group_id FROM group_members WHERE user_id = @userId))`,
    )
    .all(args);
  return everyone.n + others.length;
}

/** A colleague probe costs about as much as reading this many colleague rows of a date range (measured). */
const PROBE_COST_IN_ROWS = 4;

/**
 * How many distinct colleagues meet with the company in a meeting of the range that the user may see (`visible`:
 * the page's filter over company_colleagues, alias cc). Bounded by the company's colleagues or by the range's rows,
 * whichever is less, never by the firm's users or meetings:
 * - the whole history: a colleague with a meeting open to everyone (company_users keeps how many) counts without a
 *   probe; only the others are probed;
 * - a range with fewer colleague rows than the probes would cost (counted with a LIMIT, so never more than that):
 *   its rows are read in date order and their colleagues counted once;
 * - otherwise each of the company's colleagues is probed once (one index seek) for a visible meeting in the range.
 */
function countColleagues(s: SqlBase, args: Record<string, unknown>, visible: string, wholeHistory: boolean): number {
  const probe = `EXISTS (SELECT 1 FROM company_colleagues cc WHERE cc.user_id = cu.user_id AND ${visible})`;
  const one = (sql: string, extra: Record<string, unknown> = {}) =>
    (s.prepared(sql).get({ ...args, ...extra }) as { n: number }).n;
  if (wholeHistory) {
    return one(
      `SELECT COUNT(*) AS n FROM company_users cu WHERE cu.company_id = @companyId
         AND (cu.open_to_everyone > 0 OR ${probe})`,
    );
  }
  const colleagues = one("SELECT COUNT(*) AS n FROM company_users WHERE company_id = @companyId");
  const cap = colleagues * PROBE_COST_IN_ROWS;
  // Whether the range holds at least `cap` colleague rows: the cap-th row, if there is one (never reads more).
  const capReached = s
    .prepared(
      `SELECT 1 FROM company_colleagues INDEXED BY company_colleagues_start
         WHERE company_id = @companyId AND start_at >= @from AND start_at < @to LIMIT 1 OFFSET @skipToCap`,
    )
    .get({ ...args, skipToCap: cap - 1 });
  if (!capReached) {
    // Grouped rather than COUNT(DISTINCT): the same count, and about a third cheaper over the busiest company's
    // ~2,700 rows of a 30-day range (a sorter instead of one ephemeral-index insert per row).
    return one(
      `SELECT COUNT(*) AS n FROM (SELECT cc.user_id FROM company_colleagues cc INDEXED BY company_colleagues_start
         WHERE ${visible} GROUP BY cc.user_id) colleague`,
    );
  }
  return one(`SELECT COUNT(*) AS n FROM company_users cu WHERE cu.company_id = @companyId AND ${probe}`);
}
