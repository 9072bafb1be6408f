// The search bench's checks, apart from its timing: the SQL one company search runs, each statement's query plan
// (EXPLAIN QUERY PLAN through the sandbox's own Store code), and an independent count of what a user may see, made
// from the meetings and their attendees rather than the search tables. test/sandbox/scale.test.ts uses both too.
import type { Db } from "../dev/sandbox/db";
import { Store } from "../dev/sandbox/store";

interface Recorded {
  sql: string;
  args: unknown[];
}

/** A view of `db` that records every statement run through it, with its parameters. */
function recording(db: Db, recorded: Recorded[]): Db {
  return new Proxy(db, {
    get(target, key) {
      if (key === "prepare") {
        return (sql: string) => {
          const statement = target.prepare(sql);
          const recorder: typeof statement = new Proxy(statement, {
            get(s, m) {
              const v = (s as unknown as Record<PropertyKey, unknown>)[m];
              if (typeof v !== "function") return v;
              if (m === "get" || m === "all" || m === "iterate") {
                return (...args: unknown[]) => {
                  recorded.push({ sql, args });
                  return (v as (...a: unknown[]) => unknown).apply(s, args);
                };
              }
              // Modes (raw, pluck, expand) return the statement itself: keep recording what runs after them.
              if (m === "raw" || m === "pluck" || m === "expand") {
                return (...args: unknown[]) => {
                  (v as (...a: unknown[]) => unknown).apply(s, args);
                  return recorder;
                };
              }
              return (v as (...a: unknown[]) => unknown).bind(s);
            },
          });
          return recorder;
        };
      }
      const v = (target as unknown as Record<PropertyKey, unknown>)[key];
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

const aliases = (sql: string): Map<string, string> => {
  const map = new Map<string, string>();
  const re = /\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi;
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    const table = m[1] as string;
    const alias = m[2];
    map.set(table, table);
    if (alias && !/^(WHERE|ON|JOIN|LEFT|INNER|ORDER|GROUP|LIMIT|USING)$/i.test(alias)) map.set(alias, table);
  }
  return map;
};

export interface PlanReport {
  statements: { sql: string; plan: string[]; fullScans: string[] }[];
  fullScans: string[];
}

/** EXPLAIN QUERY PLAN for every statement of one company search, run through the sandbox's own Store. */
export function explainCompanySearch(
  db: Db,
  companyId: string,
  from: string,
  to: string,
  searcher: string,
): PlanReport {
  const recorded: Recorded[] = [];
  const store = new Store(recording(db, recorded), { now: () => new Date() });
  const user = store.userByEmail(searcher);
  if (!user) throw new Error(`bench: no firm user ${searcher}`);
  const tables = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name),
  );
  recorded.length = 0;
  store.companyMeetings(user, { companyId, from, to, skip: 0, limit: 200 });
  const seen = new Set<string>();
  const statements: PlanReport["statements"] = [];
  for (const { sql, args } of recorded) {
    if (seen.has(sql)) continue;
    seen.add(sql);
    const names = aliases(sql);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(args as [])) as { detail: string }[]).map(
      (r) => r.detail,
    );
    // Any table, however small it is today: a scan of users grows with the firm, one of a meeting table with history.
    const fullScans = plan.filter((detail) => {
      const m = /^SCAN (\w+)/.exec(detail);
      return m ? tables.has(names.get(m[1] as string) ?? (m[1] as string)) : false;
    });
    statements.push({ sql: sql.replace(/\s+/g, " ").trim(), plan, fullScans });
  }
  return { statements, fullScans: statements.flatMap((s) => s.fullScans.map((f) => `${f} in: ${s.sql.slice(0, 80)}`)) };
}

/**
 * How many meetings of `companyId` in [from, to) `userId` may see, counted from the meetings, their links and their
 * attendees (not the search tables the sandbox keeps for the search), to check the search's answer: a meeting is
 * visible when any of its links is (its owner's, open to everyone, or to a group of the user's).
 */
export function visibleCount(db: Db, companyId: string, userId: string, from: string, to: string): number {
  const groups = new Set(
    (db.prepare("SELECT group_id FROM group_members WHERE user_id = ?").all(userId) as { group_id: string }[]).map(
      (g) => g.group_id,
    ),
  );
  const links = db
    .prepare(
      `SELECT m.id, m.owner_id, m.visibility FROM meetings m
       WHERE m.cancelled = 0 AND m.start_at >= @from AND m.start_at < @to AND m.id IN (SELECT a.meeting_id
         FROM meeting_attendees a JOIN contacts c ON c.id = a.contact_id WHERE c.company_id = @companyId)
       UNION ALL
       SELECT l.meeting_id, l.user_id, l.visibility FROM meeting_links l JOIN meetings m ON m.id = l.meeting_id
       WHERE l.removed_revision IS NULL AND m.cancelled = 0 AND m.start_at >= @from AND m.start_at < @to
         AND m.id IN (SELECT a.meeting_id FROM meeting_attendees a JOIN contacts c ON c.id = a.contact_id
           WHERE c.company_id = @companyId)`,
    )
    .all({ companyId, from, to }) as { id: string; owner_id: string; visibility: string }[];
  const visible = new Set<string>();
  for (const l of links) {
    const v = JSON.parse(l.visibility) as string | { groupId: string };
    if (v === "everyone" || l.owner_id === userId || (typeof v === "object" && groups.has(v.groupId)))
      visible.add(l.id);
  }
  return visible.size;
}
