// The production build the bench measures: dist/ is rebuilt (webpack, production mode) only when it is missing or
// older than any source it is made from. When the bench builds, webpack also makes hidden source maps, which are
// kept out of dist/ (bench/.cache/maps, with the hash of the file they describe): the shipped files are the same,
// and a bundle-size report can attribute every minified byte to the package it came from. It also keeps webpack's own
// account of the task pane's chunk groups (bench/.cache/taskpane-chunks.json: which files each entry and each named
// import() loads, shared split chunks included), so the size figures count what the build says the pane loads.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import webpack from "webpack";

export const ROOT = path.resolve(__dirname, "..");
export const DIST = path.join(ROOT, "dist");
export const CACHE = path.join(__dirname, ".cache");
export const MAPS = path.join(CACHE, "maps");
export const CHUNKS = path.join(CACHE, "taskpane-chunks.json");

/** Webpack's chunk groups of one task pane build, for the exact taskpane.js it describes. */
export interface TaskpaneChunks {
  /** sha256 of the taskpane.js these groups belong to (a build by anything else has no record). */
  taskpaneJs: string;
  /** Entry name → the JS files its HTML loads. */
  entrypoints: Record<string, string[]>;
  /** webpackChunkName of each import() → every JS file that import loads (shared split chunks included). */
  groups: Record<string, string[]>;
  /** Async chunks (not loaded by an entry) that belong to no named group: an import() without a name. */
  unnamedAsync: string[];
}

const SOURCES = [
  "src",
  "config",
  "assets",
  "manifest.xml",
  "webpack.config.js",
  "scripts/deployment.js",
  "package.json",
];
const OUTPUTS = ["commands.js", "commands.html", "taskpane.html", "taskpane.js"];

function newest(full: string): number {
  if (!existsSync(full)) return 0;
  const s = statSync(full);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const entry of readdirSync(full)) max = Math.max(max, newest(path.join(full, entry)));
  return max;
}

export function buildState(): { fresh: boolean; reason: string } {
  const missing = OUTPUTS.filter((o) => !existsSync(path.join(DIST, o)));
  if (missing.length) return { fresh: false, reason: `dist/ lacks ${missing.join(", ")}` };
  if (!taskpaneChunks())
    return { fresh: false, reason: "no record of webpack's chunk groups for this dist/ (built by something else)" };
  const oldestOutput = Math.min(...OUTPUTS.map((o) => statSync(path.join(DIST, o)).mtimeMs));
  const newestSource = Math.max(...SOURCES.map((s) => newest(path.join(ROOT, s))));
  return newestSource > oldestOutput
    ? { fresh: false, reason: "sources changed after the last build" }
    : { fresh: true, reason: "dist/ is up to date" };
}

export const sha256 = (data: Buffer | string): string => createHash("sha256").update(data).digest("hex");

/** Moves the .map assets out of the compilation into `dir` (named after the hash of the file they map). */
class MapsAside {
  constructor(private readonly dir: string) {}
  apply(compiler: webpack.Compiler) {
    compiler.hooks.thisCompilation.tap("bench-maps-aside", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "bench-maps-aside", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT },
        (assets) => {
          for (const name of Object.keys(assets)) {
            if (!name.endsWith(".map")) continue;
            const js = assets[name.slice(0, -".map".length)];
            const map = assets[name];
            if (js && map) {
              mkdirSync(this.dir, { recursive: true });
              writeFileSync(path.join(this.dir, `${sha256(js.source() as Buffer | string)}.map`), map.source());
            }
            compilation.deleteAsset(name);
          }
        },
      );
    });
  }
}

/** Writes webpack's account of the task pane's chunk groups (see TaskpaneChunks) next to the maps. */
class ChunkGroupsRecord {
  constructor(private readonly file: string) {}
  apply(compiler: webpack.Compiler) {
    compiler.hooks.done.tap("bench-chunk-groups", (stats) => {
      const j = stats.toJson({ all: false, entrypoints: true, chunkGroups: true, chunks: true, ids: true });
      const js = (assets: { name: string }[] | undefined) =>
        (assets ?? []).map((a) => a.name).filter((n) => /\.m?js$/.test(n));
      const entrypoints = Object.fromEntries(Object.entries(j.entrypoints ?? {}).map(([k, v]) => [k, js(v.assets)]));
      const groups = Object.fromEntries(
        Object.entries(j.namedChunkGroups ?? {})
          .filter(([k]) => !(k in entrypoints))
          .map(([k, v]) => [k, js(v.assets)]),
      );
      const grouped = new Set(Object.values(j.namedChunkGroups ?? {}).flatMap((g) => g.chunks ?? []));
      const unnamedAsync = (j.chunks ?? [])
        .filter((c) => !c.initial && !grouped.has(c.id as string | number))
        .flatMap((c) => [...(c.files ?? [])]);
      const main = path.join(stats.compilation.outputOptions.path as string, "taskpane.js");
      const record: TaskpaneChunks = { taskpaneJs: sha256(readFileSync(main)), entrypoints, groups, unnamedAsync };
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(this.file, `${JSON.stringify(record, null, 2)}\n`);
    });
  }
}

/** The chunk groups webpack reported for the taskpane.js in `dir`, if the bench built exactly that file. */
export function taskpaneChunks(dir = DIST, file = CHUNKS): TaskpaneChunks | undefined {
  const main = path.join(dir, "taskpane.js");
  if (!existsSync(file) || !existsSync(main)) return undefined;
  const record = JSON.parse(readFileSync(file, "utf8")) as TaskpaneChunks;
  return record.taskpaneJs === sha256(readFileSync(main)) ? record : undefined;
}

/** The source map of a built file, if the bench kept one for exactly these bytes. */
export function keptMap(file: Buffer | string, dir = MAPS): string | undefined {
  const p = path.join(dir, `${sha256(file)}.map`);
  return existsSync(p) ? readFileSync(p, "utf8") : undefined;
}

/** Runs the production webpack build (both compilations) into `outputDir`; source maps go to `mapsDir`. */
export async function build(outputDir = DIST, mapsDir = MAPS, chunksFile = CHUNKS): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory = require(path.join(ROOT, "webpack.config.js")) as (
    env: unknown,
    argv: { mode: string },
  ) => webpack.Configuration[];
  const configs = factory({}, { mode: "production" }).map((c) => ({
    ...c,
    context: ROOT,
    // "hidden": no sourceMappingURL comment, so the shipped files are what a plain production build gives.
    devtool: "hidden-source-map" as const,
    output: { ...c.output, path: outputDir },
    plugins: [
      ...(c.plugins ?? []),
      new MapsAside(mapsDir),
      ...(c.name === "taskpane" ? [new ChunkGroupsRecord(chunksFile)] : []),
    ],
  }));
  if (mapsDir === MAPS) rmSync(MAPS, { recursive: true, force: true });
  await new Promise<void>((resolve, reject) => {
    webpack(configs, (err, s) => {
      if (err) return reject(err);
      if (s?.hasErrors()) return reject(new Error(s.toString({ all: false, errors: true })));
      resolve();
    });
  });
}

/** Builds dist/ when it is missing or stale; says what it did. */
export async function ensureBuild(
  log: (line: string) => void,
): Promise<{ built: boolean; ms: number; reason: string }> {
  const state = buildState();
  if (state.fresh) return { built: false, ms: 0, reason: state.reason };
  log(`Building (production): ${state.reason} ...`);
  const started = performance.now();
  await build();
  return { built: true, ms: performance.now() - started, reason: state.reason };
}
