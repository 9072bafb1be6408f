// The sandbox's "InterAction Web Client": a small server-rendered page that shows what the add-in put into
// InterAction (meetings and activities, attendees, linked companies, status, documents). Every value is escaped.
import type { MeetingRecord, Store } from "./store";
import { companies as listCompanies, meetingForWeb, ownerOf, recentMeetings, type Viewer } from "./webReads";

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const when = (isoValue: string) => escapeHtml(isoValue.replace("T", " ").replace(/:\d\d\.\d{3}Z$/, " UTC"));

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function meetingRow(store: Store, m: MeetingRecord): string {
  const owner = ownerOf(store, m);
  const badge = m.frozen ? "frozen" : m.status === "cancelled" ? "cancelled" : m.kind;
  const people = [
    ...m.colleagues.map((c) => `<li>${escapeHtml(c.name)} &lt;${escapeHtml(c.email)}&gt; <em>colleague</em></li>`),
    ...m.contacts.map((c) => `<li>${escapeHtml(c.name)} &lt;${escapeHtml(c.email)}&gt; <em>contact</em></li>`),
    ...m.unresolvedAttendees.map(
      (a) => `<li>${escapeHtml(a.name || a.email)} &lt;${escapeHtml(a.email)}&gt; <em>not in InterAction</em></li>`,
    ),
  ].join("");
  const docs = m.documents
    .map(
      (d) =>
        `<li><a href="/web/documents/${encodeURIComponent(d.id)}">${escapeHtml(d.name)}</a> ` +
        `(${escapeHtml(formatSize(d.size))}, <code title="sha256">${escapeHtml(d.sha256.slice(0, 12))}</code>)</li>`,
    )
    .join("");
  return `<tr>
  <td><span class="badge ${escapeHtml(badge)}">${escapeHtml(badge)}</span></td>
  <td><strong>${escapeHtml(m.subject || "(no subject)")}</strong><br><small>${escapeHtml(m.location)}</small></td>
  <td>${when(m.start)}<br><small>to ${when(m.end)}</small><br><small>syncs until ${when(m.syncUntil)}</small></td>
  <td><ul>${people}</ul></td>
  <td>${m.companies.map((c) => `<a href="/?company=${encodeURIComponent(c.id)}">${escapeHtml(c.name)}</a>`).join("<br>")}</td>
  <td>${docs ? `<ul>${docs}</ul>` : "—"}</td>
  <td><small>added by ${escapeHtml(owner?.name ?? "?")} (${escapeHtml(m.addedBy)})<br>revision ${escapeHtml(m.revision)}</small></td>
</tr>`;
}

/** The page; `viewer` (signed in) sees only what is visible to them, no viewer (dev, with controls) everything. */
export function renderWebView(store: Store, options: { companyId?: string; viewer?: Viewer }): string {
  const { viewer } = options;
  const companies = listCompanies(store);
  let heading = "Meetings and activities";
  let summary = "";
  let meetings: MeetingRecord[];
  if (options.companyId) {
    try {
      const page = store.companyMeetings(viewer, {
        companyId: options.companyId,
        includeCancelled: true,
        skip: 0,
        limit: 200,
      });
      heading = `Meetings with ${page.company.name}`;
      summary = `<p>${escapeHtml(page.total)} meeting(s); ${escapeHtml(page.colleagueCount)} colleague(s) meeting with ${escapeHtml(page.company.name)}.</p>`;
      meetings = page.items.map((i) => meetingForWeb(store, i.syncKey, viewer)).filter((m): m is MeetingRecord => !!m);
    } catch {
      heading = "Unknown company";
      meetings = [];
    }
  } else {
    meetings = recentMeetings(store, 200, viewer);
  }
  const nav = companies
    .map(
      (c) =>
        `<a href="/?company=${encodeURIComponent(c.id)}"${c.id === options.companyId ? ' aria-current="page"' : ""}>${escapeHtml(c.name)}</a>`,
    )
    .join(" · ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>InterAction Web Client (sandbox)</title>
<style>
  body { font-family: "Segoe UI", system-ui, sans-serif; margin: 1.5rem; color: #201f1e; }
  header { border-bottom: 3px solid #0f6cbd; margin-bottom: 1rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border-bottom: 1px solid #e1dfdd; padding: .5rem; vertical-align: top; text-align: left; }
  ul { margin: 0; padding-left: 1rem; }
  .badge { padding: .1rem .45rem; border-radius: .6rem; font-size: .8rem; background: #e1dfdd; }
  .appointment { background: #cfe4fa; } .activity { background: #d1f0d7; }
  .frozen { background: #c8c6c4; } .cancelled { background: #fde7e9; }
  nav a { margin-right: .25rem; }
</style>
</head>
<body>
<header><h1>InterAction Web Client <small>(sandbox)</small></h1>
<nav><a href="/">All meetings</a> · Companies: ${nav}</nav></header>
<main>
<h2>${escapeHtml(heading)}</h2>
${summary}
${
  meetings.length
    ? `<table><thead><tr><th>Status</th><th>Meeting</th><th>When</th><th>Attendees</th><th>Companies</th><th>Documents</th><th>Sync</th></tr></thead>
<tbody>${meetings.map((m) => meetingRow(store, m)).join("\n")}</tbody></table>`
    : "<p>No meetings yet. Add one from Outlook.</p>"
}
</main>
</body>
</html>`;
}
