// Bodies as Exchange keeps them: HTML. Outlook clients and Office.js hand the add-in text; Exchange stores what the
// client wrote as an HTML document. Text is escaped and kept one <div> per line, so htmlToText(textToHtml(t)) === t
// for any text (the workbench shows it back; the sync service compares fingerprints across both readers).

const ENVELOPE_HEAD = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>';
const ENVELOPE_TAIL = "</body></html>";

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
const decodeEntities = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });

export function textToHtml(text: string): string {
  if (text === "") return `${ENVELOPE_HEAD}${ENVELOPE_TAIL}`;
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  return `${ENVELOPE_HEAD}${lines.map((l) => `<div>${l === "" ? "<br>" : escapeHtml(l)}</div>`).join("")}${ENVELOPE_TAIL}`;
}

/** Wraps an HTML fragment in Exchange's document envelope (a full document is kept as it is). */
export function normalizeHtml(html: string): string {
  return /<html[\s>]/i.test(html) ? html : `${ENVELOPE_HEAD}${html}${ENVELOPE_TAIL}`;
}

/** The text a client shows for the body (Office.js body.getAsync("text")). */
export function htmlToText(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const divs = /^(<div>(?:<br>|[^<]*)<\/div>)*$/.exec(body);
  if (divs) {
    // Our own (and Outlook's usual) one-div-per-line form: exact inverse of textToHtml.
    const lines = [...body.matchAll(/<div>(<br>|[^<]*)<\/div>/g)].map((m) => (m[1] === "<br>" ? "" : (m[1] ?? "")));
    return decodeEntities(lines.join("\n"));
  }
  return decodeEntities(
    body
      .replace(/<br\s*\/?>/gi, "\n")
      .replace(/<\/(p|div|li|tr|h[1-6])>/gi, "\n")
      .replace(/<[^>]+>/g, ""),
  ).replace(/\n+$/, "");
}
