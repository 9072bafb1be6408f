// Bundle sizes of the production build, gzip via zlib, in KiB (1,024 bytes): the commands bundle (one file, MSAL
// included) and three figures of the task pane, each the JS the pane loads before a status a user waits for: the
// provisional status (the item's own, from the "local" import), the status InterAction confirmed with dev sign-in
// ("runtime" too), and the same with nested app authentication ("msal" too). Which files each import loads comes from
// webpack's own stats of the build measured (bench/build.ts keeps them), shared split chunks included; the role of
// each named import is CHUNK_GROUP_ROLES below, and a chunk group it does not name stops the bench. When a target is
// missed (or with --attribute), a source-mapped production build in a temp dir attributes the minified bytes to
// packages, so the report says which module dominates.
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { eachMapping, TraceMap } from "@jridgewell/trace-mapping";
import { build, DIST, keptMap, MAPS, taskpaneChunks, type TaskpaneChunks } from "./build";
import { atMost, figure, type Figure, type Target } from "./figure";
import { round } from "./stats";

/** Sizes are in KiB of 1,024 bytes (gzip at zlib's default level 6; level 9 in details). */
const KB = 1024; // one KiB
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

/**
 * What each named import() of the task pane is for (webpackChunkName in src/taskpane): the chunks the pane awaits
 * before its provisional status (the item's own: Office adapter + core), those it also needs before the status
 * InterAction confirmed (configuration, dev sign-in, API client, use-cases), the one NAA sign-in adds (MSAL), and
 * those requested meanwhile that no status waits for (the sections below the status, the client search tab). The
 * files of each group come from webpack's stats of the build measured; a group the build has and this table does not
 * name (or an unnamed async chunk) stops the bench, so a new chunk cannot silently go uncounted.
 */
export const CHUNK_GROUP_ROLES: Record<string, "provisional" | "confirmed" | "naa" | "notAwaited"> = {
  local: "provisional",
  runtime: "confirmed",
  msal: "naa",
  details: "notAwaited",
  clients: "notAwaited",
};

export interface PaneScriptSets {
  /** taskpane.html's own scripts, then the local import's chunks. */
  provisional: string[];
  /** … plus the runtime import's chunks (dev sign-in never loads MSAL). */
  confirmedDev: string[];
  /** … plus the msal import's chunks (nested app authentication loads MSAL for the first token). */
  confirmedNaa: string[];
  notAwaited: { group: string; file: string }[];
}

/** The script sets each figure counts, from taskpane.html and webpack's chunk groups of the same build. */
export function paneScriptSets(htmlScripts: readonly string[], chunks: TaskpaneChunks): PaneScriptSets {
  const entry = chunks.entrypoints.taskpane ?? [];
  const missingFromHtml = entry.filter((f) => !htmlScripts.includes(f));
  if (missingFromHtml.length)
    throw new Error(`bench: webpack's taskpane entry loads ${missingFromHtml.join(", ")}, taskpane.html does not`);
  const unknown = Object.keys(chunks.groups).filter((g) => !(g in CHUNK_GROUP_ROLES));
  if (unknown.length)
    throw new Error(`bench: the task pane build has chunk groups no figure accounts for: ${unknown.join(", ")}`);
  if (chunks.unnamedAsync.length)
    throw new Error(`bench: async chunks without a webpackChunkName: ${chunks.unnamedAsync.join(", ")}`);
  const filesOf = (role: string) =>
    Object.entries(chunks.groups)
      .filter(([g]) => CHUNK_GROUP_ROLES[g] === role)
      .flatMap(([, files]) => files);
  for (const [group, role] of Object.entries(CHUNK_GROUP_ROLES))
    if (role !== "notAwaited" && !chunks.groups[group]?.length)
      throw new Error(`bench: the task pane build has no "${group}" chunk group (webpackChunkName)`);
  const union = (...lists: readonly string[][]) => [...new Set(lists.flat())];
  const provisional = union([...htmlScripts], filesOf("provisional"));
  const confirmedDev = union(provisional, filesOf("confirmed"));
  const confirmedNaa = union(confirmedDev, filesOf("naa"));
  const notAwaited = Object.entries(chunks.groups)
    .filter(([g]) => CHUNK_GROUP_ROLES[g] === "notAwaited")
    .flatMap(([group, files]) => files.filter((f) => !confirmedNaa.includes(f)).map((file) => ({ group, file })));
  return { provisional, confirmedDev, confirmedNaa, notAwaited };
}

export interface Attribution {
  file: string;
  /** Package (node_modules/<name>) or first-party folder, with its share of the file's minified and gzip bytes. */
  top: { owner: string; minifiedKiB: number; gzipKiBEstimate: number; share: number }[];
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
        minifiedKiB: round(p.minified / KB, 1),
        gzipKiBEstimate: round(((p.gzipAlone / gzipSum) * totalGzip) / KB, 1),
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
    await build(path.join(tmp, "out"), mapsDir, path.join(tmp, "taskpane-chunks.json"));
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

const kib = (bytes: number) => round(bytes / KB, 2);

function scriptsFigure(files: string[], target: Target | null, note: string, extra: Record<string, unknown> = {}) {
  const scripts = files.map((file) => ({ file, bytes: readFileSync(path.join(DIST, file)) }));
  const gzipBytes = scripts.reduce((a, f) => a + gz(f.bytes), 0);
  return figure([gzipBytes / KB], "KiB gzip", target, {
    details: {
      scripts: scripts.map((f) => ({ file: f.file, minifiedKiB: kib(f.bytes.length), gzipKiB: kib(gz(f.bytes)) })),
      gzipBytes,
      gzipLevel9KiB: kib(scripts.reduce((a, f) => a + gz(f.bytes, 9), 0)),
      ...extra,
    },
    note,
  });
}

export async function benchBundles(options: { attribute?: boolean } = {}): Promise<Record<string, Figure>> {
  const commands = readFileSync(path.join(DIST, "commands.js"));
  const html = readFileSync(path.join(DIST, "taskpane.html"), "utf8");
  const { local: htmlScripts, external } = initialScripts(html);
  const chunks = taskpaneChunks();
  if (!chunks) throw new Error("bench: no record of webpack's chunk groups for dist/taskpane.js (rebuild dist/)");
  const sets = paneScriptSets(htmlScripts, chunks);

  const commandsFigure = figure([gz(commands) / KB], "KiB gzip", atMost(100, "<= 100 KiB gzip"), {
    details: {
      file: "dist/commands.js",
      gzipBytes: gz(commands),
      minifiedKiB: kib(commands.length),
      gzipLevel9KiB: kib(gz(commands, 9)),
    },
    note: "deterministic for a given build: one measurement",
  });
  const common = "gzip level 6, KiB of 1,024 bytes; files from taskpane.html and webpack's chunk groups of this build";
  const provisional = scriptsFigure(
    sets.provisional,
    atMost(100, "<= 100 KiB gzip"),
    "taskpane.html's scripts plus the chunks of the \"local\" import (Office adapter + core: the item's own status, " +
      `shown as provisional); office.js comes from Microsoft's CDN and is not counted; ${common}`,
    { external, chunkGroups: chunks.groups },
  );
  const confirmedDev = scriptsFigure(
    sets.confirmedDev,
    atMost(120, "<= 120 KiB gzip"),
    '… plus the chunks of the "runtime" import (configuration, dev sign-in, InterAction client, use-cases): ' +
      `everything the pane loads before it can show the status InterAction confirmed; ${common}`,
    {
      requestedMeanwhileNotAwaited: sets.notAwaited.map((n) => ({
        ...n,
        gzipKiB: kib(gz(readFileSync(path.join(DIST, n.file)))),
      })),
    },
  );
  const confirmedNaa = scriptsFigure(
    sets.confirmedNaa,
    null,
    '… plus the chunks of the "msal" import, which nested app authentication (what firms\' users run) loads ' +
      `for its first token, before InterAction can be asked; reported, no target; ${common}`,
  );
  // Attribution: always when the bench kept maps of this build (free); with a rebuild in a temp dir only when a
  // target is missed or --attribute asks for it. Each file is attributed under the first figure that counts it.
  const missed = [commandsFigure, provisional, confirmedDev].some((f) => !f.met);
  const attribution = await attributeBundles(["commands.js", ...sets.confirmedNaa], {
    build: missed || Boolean(options.attribute),
  });
  for (const a of attribution) {
    const target =
      a.file === "commands.js"
        ? commandsFigure
        : sets.provisional.includes(a.file)
          ? provisional
          : sets.confirmedDev.includes(a.file)
            ? confirmedDev
            : confirmedNaa;
    target.details = { ...target.details, [`attribution ${a.file}`]: a.top };
  }
  return {
    "commands.js size (gzip, MSAL included)": commandsFigure,
    "task pane JS before the provisional status (gzip)": provisional,
    "task pane JS before the confirmed status, dev sign-in (gzip)": confirmedDev,
    "task pane JS before the confirmed status, NAA (gzip)": confirmedNaa,
  };
}
