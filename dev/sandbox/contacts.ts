// Contacts and companies: the search, one contact, and adding a person (who then links every meeting that still
// follows Outlook and listed the address as unresolved).
import { ApiError } from "./apiError";
import { insertCompanyLink, meetingRowById } from "./meetingRows";
import { domainOf, isFrozen, lower } from "./rules";
import { newId, placeholders, type S, type SqlBase } from "./sqlBase";

export type Contact = S["Contact"];

interface ContactRow {
  id: string;
  kind: "person" | "company";
  name: string;
  email: string | null;
  job_title: string | null;
  domain: string | null;
  company_id: string | null;
  company_name: string | null;
}

const CONTACT_COLUMNS = `SELECT c.id, c.kind, c.name, c.email, c.job_title, c.domain, c.company_id, co.name AS company_name
         FROM contacts c LEFT JOIN contacts co ON co.id = c.company_id`;

function typeIdsOf(s: SqlBase, ids: string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  if (!ids.length) return map;
  const rows = s
    .prepared(
      `SELECT contact_id, type_id FROM contact_contact_types WHERE contact_id IN (${placeholders(ids.length)})
         ORDER BY type_id`,
    )
    .all(...ids) as { contact_id: string; type_id: string }[];
  for (const r of rows) map.set(r.contact_id, [...(map.get(r.contact_id) ?? []), r.type_id]);
  return map;
}

function toContacts(s: SqlBase, rows: ContactRow[]): Contact[] {
  const types = typeIdsOf(s, [...new Set(rows.flatMap((r) => (r.company_id ? [r.id, r.company_id] : [r.id])))]);
  return rows.map((r) => {
    const c: Contact = { id: r.id, kind: r.kind, name: r.name, contactTypeIds: types.get(r.id) ?? [] };
    if (r.email) c.email = r.email;
    if (r.job_title) c.jobTitle = r.job_title;
    if (r.domain) c.domain = r.domain;
    if (r.company_id && r.company_name !== null) {
      c.company = { id: r.company_id, name: r.company_name, contactTypeIds: types.get(r.company_id) ?? [] };
    }
    return c;
  });
}

export interface ContactQuery {
  q?: string;
  email?: string[];
  kind?: "person" | "company";
  skip: number;
  limit: number;
}

export function searchContacts(
  s: SqlBase,
  query: ContactQuery,
): { skip: number; limit: number; total: number; items: Contact[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  if (query.kind) {
    where.push("c.kind = ?");
    args.push(query.kind);
  }
  if (query.email && query.email.length) {
    where.push(`c.email IN (${placeholders(query.email.length)})`);
    args.push(...query.email.map(lower));
  }
  const q = query.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push("(c.name LIKE ? ESCAPE '\\' OR c.domain LIKE ? ESCAPE '\\' OR c.email LIKE ? ESCAPE '\\')");
    args.push(like, like, like);
  }
  const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const total = (s.prepared(`SELECT COUNT(*) AS n FROM contacts c ${whereSql}`).get(...args) as { n: number }).n;
  const rows = s
    .prepared(`${CONTACT_COLUMNS} ${whereSql} ORDER BY c.name COLLATE NOCASE, c.id LIMIT ? OFFSET ?`)
    .all(...args, query.limit, query.skip) as ContactRow[];
  return { skip: query.skip, limit: query.limit, total, items: toContacts(s, rows) };
}

export function contactById(s: SqlBase, id: string): Contact | undefined {
  const rows = s.prepared(`${CONTACT_COLUMNS} WHERE c.id = ?`).all(id) as ContactRow[];
  return toContacts(s, rows)[0];
}

export function addContact(s: SqlBase, input: S["NewContact"]): Contact {
  const email = lower(input.email);
  return s.db.transaction(() => {
    const details: { field: string; message: string }[] = [];
    if (s.prepared("SELECT * FROM users WHERE email = ?").get(email)) {
      details.push({ field: "body.email", message: "belongs to a firm user, not a contact" });
    }
    let companyId = input.companyId;
    if (companyId) {
      const company = s.prepared("SELECT kind FROM contacts WHERE id = ?").get(companyId) as
        { kind: string } | undefined;
      if (!company || company.kind !== "company")
        details.push({ field: "body.companyId", message: "is not a company" });
    } else {
      const byDomain = s
        .prepared("SELECT id FROM contacts WHERE kind = 'company' AND domain = ? ORDER BY id LIMIT 1")
        .get(domainOf(email)) as { id: string } | undefined;
      companyId = byDomain?.id;
    }
    (input.contactTypeIds ?? []).forEach((id, i) => {
      if (!s.prepared("SELECT 1 FROM contact_types WHERE id = ?").get(id)) {
        details.push({ field: `body.contactTypeIds.${i}`, message: "is not a contact type" });
      }
    });
    if (details.length) throw new ApiError(400, "invalid", "The contact is not valid.", details);
    if (s.prepared("SELECT 1 FROM contacts WHERE email = ?").get(email)) {
      throw new ApiError(409, "duplicate", `${email} is already a contact in InterAction.`);
    }
    const id = newId("p");
    s.prepared(
      `INSERT INTO contacts (id, kind, name, email, job_title, company_id, created_at)
         VALUES (?, 'person', ?, ?, ?, ?, ?)`,
    ).run(id, input.name.trim(), email, input.jobTitle ?? null, companyId ?? null, s.now().toISOString());
    for (const typeId of new Set(input.contactTypeIds ?? [])) {
      s.prepared("INSERT INTO contact_contact_types (contact_id, type_id) VALUES (?, ?)").run(id, typeId);
    }
    linkNewContact(s, id, email, companyId);
    return contactById(s, id) as Contact;
  })();
}

/** Meetings that listed the address as unresolved (and still follow Outlook) now link the new contact. */
function linkNewContact(s: SqlBase, contactId: string, email: string, companyId: string | undefined): void {
  const rows = s
    .prepared(
      `SELECT meeting_id, position FROM meeting_attendees WHERE email = ? AND contact_id IS NULL AND user_id IS NULL`,
    )
    .all(email) as { meeting_id: string; position: number }[];
  for (const r of rows) {
    const m = meetingRowById(s, r.meeting_id);
    if (!m || isFrozen(m, s.ruleTime())) continue;
    s.prepared("UPDATE meeting_attendees SET contact_id = ? WHERE meeting_id = ? AND position = ?").run(
      contactId,
      r.meeting_id,
      r.position,
    );
    if (companyId) insertCompanyLink(s, m, companyId);
    s.prepared("UPDATE meetings SET version = version + 1, updated_at = ? WHERE id = ?").run(
      s.now().toISOString(),
      m.id,
    );
  }
}
