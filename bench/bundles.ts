// Bundle sizes of the production build, gzip via zlib: the commands bundle (one file, MSAL included) and the task
// pane JS loaded before the meeting's status is visible: the scripts taskpane.html references plus the lazy chunks the
// pane must fetch before it can show the status (src/taskpane/index.tsx imports the "local" chunk, the Office adapter
// and the core's status derivation, and shows the item's own status from it; webpack may split shared modules into
// chunks of their own, and those are counted too). The "runtime" chunk (configuration, sign-in, API client, sync
// use-cases) and the "details" chunk (sections below the status) are requested meanwhile but the status does not
// wait for them: they are listed in the figure's details, not counted. MSAL loads only on the first NAA token. When a
// target is missed (or with --attribute), a source-mapped production build in a temp dir attributes the minified
// bytes to packages, so the report says which module dominates.
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { eachMapping, TraceMap } from "@jridgewell/trace-mapping";
import { build, DIST, keptMap, MAPS } from "./build";
import { atMost, figure, type Figure } from "./figure";
import { round } from "./stats";

/** Sizes are in KB of 1,024 bytes (gzip at zlib's default level 6; level 9 in details). */
const KB = 1024;
const gz = (buf: Buffer | string, level = 6) => gzipSync(buf, { level }).length;

/** The first-party scripts taskpane.html loads itself (classic, defer or module), in document order. */
export function initialScripts(html: string): { local: string[]; external: string[] } {
  const local: string[] = [];
  const external: string[] = [];
  const tag = /<(script|link)\b([^>]*)>/gi;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    const attrs = m[2] as string;
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(attrs);
    const value = (name: string) => {
      const a = attr(name);
      return a ? (a[1] ?? a[2] ?? a[3]) : undefined;
    };
    let src: string | undefined;
    if ((m[1] as string).toLowerCase() === "script") src = value("src");
    else if (/^(modulepreload|preload)$/i.test(value("rel") ?? "") && /\.m?js(\?|$)/.test(value("href") ?? ""))
      src = value("href");
    if (!src) continue;
    if (/^(https?:)?\/\//i.test(src)) external.push(src);
    else if (!local.includes(src)) local.push(src.replace(/^\.?\//, "").split("?")[0] as string);
  }
  return { local, external };
}

/** The chunk whose import the pane awaits before the status can show (webpackChunkName in src/taskpane/index.tsx). */
export const STATUS_CHUNK = "local";
/** Chunks the pane requests while the status loads, without the status waiting for them (reported, not counted). */
export const LATER_CHUNKS = ["runtime", "details"] as const;

/**
 * The lazy chunk files the entry loads together with `chunkName`: webpack emits `Promise.all([t.e(2),t.e(121)])` for
 * an import whose modules span chunks, and a `t.u` map from chunk id to name and hash. Throws when the minified loader
 * cannot be read, so a changed build is noticed instead of silently counting less.
 */
export function lazyChunksOf(entry: string, chunkName: string, files: readonly string[]): string[] {
  const names = /\{([^{}]*)\}\[\w+\]\|\|\w+\)\+"\."\+\{/.exec(entry)?.[1] ?? "";
  const id = new RegExp(`(\\w+):"${chunkName}"`).exec(names)?.[1];
  if (!id) throw new Error(`bench: no chunk named "${chunkName}" in the task pane's chunk map`);
  const load = [...entry.matchAll(/Promise\.all\(\[((?:\w+\.e\(\w+\),?)+)\]\)|\w+\.e\((\w+)\)\.then/g)].find((m) =>
    new RegExp(`\\.e\\(${id}\\)`).test(m[0]),
  );
  if (!load) throw new Error(`bench: the task pane never loads chunk ${id} ("${chunkName}")`);
  const ids = [...load[0].matchAll(/\.e\((\w+)\)/g)].map((m) => m[1] as string);
  return ids.map((chunk) => {
    const label = new RegExp(`(?:^|[{,])${chunk}:"([^"]+)"`).exec(names)?.[1] ?? chunk;
    const file = files.find((f) => new RegExp(`^taskpane\\.${label}\\.[0-9a-f]+\\.js$`).test(f));
    if (!file) throw new Error(`bench: no file in dist/ for chunk ${chunk} ("${label}")`);
    return file;
  });
}

export interface Attribution {
  file: string;
  /** Package (node_modules/<name>) or first-party folder, with its share of the file's minified and gzip bytes. */
  top: { owner: string; minifiedKB: number; gzipKBEstimate: number; share: number }[];
}

const ownerOf = (source: string): string => {
  const s = source.replace(/^webpack:\/\/[^/]*\//, "").replace(/^\.\//, "");
  const nm = s.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = s.slice(nm + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] as string);
  }
  const parts = s.split("/");
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0] || "(unmapped: webpack runtime, helpers)";
};

/** Attributes each byte of a minified file to the source its mapping points at, grouped by package. */
function attribute(file: string, code: string, map: string): Attribution {
  const trace = new TraceMap(map);
  const lines = code.split("\n");
  const segments = new Map<string, string[]>();
  let last: { line: number; column: number; owner: string } | undefined;
  const take = (owner: string, text: string) => {
    const list = segments.get(owner) ?? [];
    list.push(text);
    segments.set(owner, list);
  };
  const flush = (upto: { line: number; column: number }) => {
    if (!last) return;
    if (last.line === upto.line) take(last.owner, (lines[last.line - 1] ?? "").slice(last.column, upto.column));
    else take(last.owner, (lines[last.line - 1] ?? "").slice(last.column));
  };
  eachMapping(trace, (m) => {
    const here = { line: m.generatedLine, column: m.generatedColumn };
    flush(here);
    last = { ...here, owner: m.source ? ownerOf(m.source) : "(unmapped: webpack runtime, helpers)" };
  });
  if (last) flush({ line: last.line + 1, column: 0 });
  const totalGzip = gz(code);
  const parts = [...segments.entries()].map(([owner, texts]) => {
    const text = texts.join("");
    return { owner, minified: Buffer.byteLength(text), gzipAlone: gz(text) };
  });
  const gzipSum = parts.reduce((a, p) => a + p.gzipAlone, 0) || 1;
  const minSum = parts.reduce((a, p) => a + p.minified, 0) || 1;
  return {
    file,
    // The twelve biggest owners, and every first-party folder (so "our own part" adds up).
    top: parts
      .sort((a, b) => b.minified - a.minified)
      .filter((p, i) => i < 12 || p.owner.startsWith("src/"))
      .map((p) => ({
        owner: p.owner,
        minifiedKB: round(p.minified / KB, 1),
        gzipKBEstimate: round(((p.gzipAlone / gzipSum) * totalGzip) / KB, 1),
        share: round(p.minified / minSum, 3),
      })),
  };
}

/**
 * Attributes dist files by package: from the maps the bench kept when it built dist/, else (when `build` is set)
 * from a production build with hidden source maps in a temp dir (dist/ untouched).
 */
export async function attributeBundles(files: string[], options: { build: boolean }): Promise<Attribution[]> {
  const current = files.map((f) => ({ file: f, code: readFileSync(path.join(DIST, f)) }));
  let mapsDir = MAPS;
  let tmp: string | undefined;
  if (current.some((c) => !keptMap(c.code)) && options.build) {
    tmp = mkdtempSync(path.join(tmpdir(), "ia-bench-attr-"));
    mapsDir = path.join(tmp, "maps");
    await build(path.join(tmp, "out"), mapsDir);
  }
  try {
    const result: Attribution[] = [];
    for (const c of current) {
      let code = c.code;
      let map = keptMap(code, mapsDir);
      if (!map && tmp) {
        // A rebuild of the same sources: attribute the rebuilt file (same modules, same minifier).
        const rebuilt = path.join(tmp, "out", c.file);
        if (existsSync(rebuilt)) {
          code = readFileSync(rebuilt);
          map = keptMap(code, mapsDir);
        }
      }
      if (map) result.push(attribute(c.file, code.toString("utf8"), map));
    }
    return result;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

export async function benchBundles(options: { attribute?: boolean } = {}): Promise<Record<string, Figure>> {
  const commands = readFileSync(path.join(DIST, "commands.js"));
  const html = readFileSync(path.join(DIST, "taskpane.html"), "utf8");
  const { local: referenced, external } = initialScripts(html);
  // Every entry script's status chunks: the status is not visible until they have loaded and run.
  const distFiles = readdirSync(DIST);
  const local = [...referenced];
  for (const f of referenced)
    if (f.startsWith("taskpane"))
      for (const chunk of lazyChunksOf(readFileSync(path.join(DIST, f), "utf8"), STATUS_CHUNK, distFiles))
        if (!local.includes(chunk)) local.push(chunk);
  const initial = local.map((f) => ({ file: f, bytes: readFileSync(path.join(DIST, f)) }));
  const later: { chunk: string; file: string; gzipKB: number }[] = [];
  for (const f of referenced)
    if (f.startsWith("taskpane"))
      for (const chunk of LATER_CHUNKS)
        for (const file of lazyChunksOf(readFileSync(path.join(DIST, f), "utf8"), chunk, distFiles))
          if (!local.includes(file) && !later.some((l) => l.file === file))
            later.push({ chunk, file, gzipKB: round(gz(readFileSync(path.join(DIST, file))) / KB, 2) });
  const initialGzip = initial.reduce((a, f) => a + gz(f.bytes), 0);

  const commandsFigure = figure([gz(commands) / KB], "KB gzip", atMost(100, "<= 100 KB gzip"), {
    details: {
      file: "dist/commands.js",
      gzipBytes: gz(commands),
      minifiedKB: round(commands.length / KB, 1),
      gzipLevel9KB: round(gz(commands, 9) / KB, 2),
    },
    note: "deterministic for a given build: one measurement",
  });
  const taskpaneFigure = figure([initialGzip / KB], "KB gzip", atMost(120, "<= 120 KB gzip"), {
    details: {
      scripts: initial.map((f) => ({
        file: f.file,
        minifiedKB: round(f.bytes.length / KB, 1),
        gzipKB: round(gz(f.bytes) / KB, 2),
      })),
      external,
      requestedMeanwhileNotAwaited: later,
      gzipBytes: initialGzip,
      gzipLevel9KB: round(initial.reduce((a, f) => a + gz(f.bytes, 9), 0) / KB, 2),
    },
    note:
      "every script loaded before the status is visible: taskpane.html's scripts plus the lazy chunks of the " +
      `"${STATUS_CHUNK}" import (Office adapter, core status: the item's own status); the runtime and details chunks ` +
      "load meanwhile and refine it (listed, not counted); MSAL only on the first NAA token; office.js comes from Microsoft's CDN",
  });
  // Attribution: always when the bench kept maps of this build (free); with a rebuild in a temp dir only when a
  // target is missed or --attribute asks for it.
  const missed = [commandsFigure, taskpaneFigure].some((f) => !f.met);
  const attribution = await attributeBundles(["commands.js", ...local], {
    build: missed || Boolean(options.attribute),
  });
  for (const a of attribution) {
    const target = a.file === "commands.js" ? commandsFigure : taskpaneFigure;
    target.details = { ...target.details, [`attribution ${a.file}`]: a.top };
  }
  return {
    "commands.js size (gzip, MSAL included)": commandsFigure,
    "task pane JS before the status is visible (gzip)": taskpaneFigure,
  };
}
