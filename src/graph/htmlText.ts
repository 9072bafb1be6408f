// The text Office.js gives the add-in for a body Exchange keeps as HTML (body.getAsync("text")), computed from the HTML
// Microsoft Graph returns. Both readers must see the same notes or the fingerprint would differ and every read by the
// other side would cost a write. Rules, as a client renders text from HTML:
// - <head>, <style>, <script> and comments carry no text;
// - a block element (div, p, li, tr, h1..h6, table, blockquote, pre) starts and ends a line, and consecutive block
//   boundaries make one break (so <div>a</div><div>b</div> is "a\nb");
// - <br> ends the line it is on (so <div><br></div> is one empty line, as Outlook writes a blank line);
// - a cell (<td>, <th>) is followed by a tab; any other tag is dropped, keeping its text;
// - entities are decoded (&nbsp; stays a no-break space: core's normalizeNotes trims it at line ends);
// - a line break in the HTML source is formatting, not text: inside text it is a space, between tags nothing.
// Spaces are kept as they are (Exchange's own text-to-HTML keeps them, and the add-in sees them).

const BLOCKS = new Set([
  "address",
  "article",
  "blockquote",
  "dd",
  "div",
  "dl",
  "dt",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "tr",
  "ul",
]);

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  ndash: "\u2013",
  mdash: "\u2014",
  lsquo: "\u2018",
  rsquo: "\u2019",
  ldquo: "\u201c",
  rdquo: "\u201d",
  hellip: "\u2026",
  bull: "\u2022",
  middot: "\u00b7",
  copy: "\u00a9",
  reg: "\u00ae",
  trade: "\u2122",
  euro: "\u20ac",
  pound: "\u00a3",
  sect: "\u00a7",
};

export const decodeEntities = (text: string): string =>
  text.replace(/&(#[xX][0-9a-fA-F]+|#\d+|[a-zA-Z][a-zA-Z0-9]*);/g, (whole, name: string) => {
    if (name.startsWith("#")) {
      const code = /^#[xX]/.test(name) ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });

/** The text of an HTML body as Office.js gives it to the add-in (see the rules above). */
export function htmlToText(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body\s*>/i.exec(html)?.[1] ?? html;
  const cleaned = body
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(head|style|script|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, "");
  const lines: string[] = [];
  let line = "";
  let lineOpen = false; // something (text or a <br>) is on the current line
  const endLine = () => {
    lines.push(line);
    line = "";
    lineOpen = false;
  };
  const blockBoundary = () => {
    if (lineOpen || line !== "") endLine();
  };
  for (const token of cleaned.split(/(<[^>]*>)/)) {
    if (token === "") continue;
    if (token.startsWith("<")) {
      const name = /^<\/?\s*([a-zA-Z][a-zA-Z0-9]*)/.exec(token)?.[1]?.toLowerCase();
      if (!name) continue;
      if (name === "br") endLine();
      else if (BLOCKS.has(name)) blockBoundary();
      else if ((name === "td" || name === "th") && token.startsWith("</")) {
        line += "\t";
        lineOpen = true;
      }
      continue;
    }
    if (/^\s*$/.test(token) && /[\r\n]/.test(token)) continue; // source formatting between tags
    line += decodeEntities(token.replace(/\r\n|\r|\n/g, " "));
    lineOpen = true;
  }
  if (lineOpen || line !== "") endLine();
  return lines.join("\n").replace(/\n+$/, "");
}
