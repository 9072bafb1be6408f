// The production build the bench measures: dist/ is rebuilt (webpack, production mode) only when it is missing or
// older than any source it is made from. When the bench builds, webpack also makes hidden source maps, which are
// kept out of dist/ (bench/.cache/maps, with the hash of the file they describe): the shipped files are the same,
// and a bundle-size report can attribute every minified byte to the package it came from.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import webpack from "webpack";

export const ROOT = path.resolve(__dirname, "..");
export const DIST = path.join(ROOT, "dist");
export const CACHE = path.join(__dirname, ".cache");
export const MAPS = path.join(CACHE, "maps");

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

/** The source map of a built file, if the bench kept one for exactly these bytes. */
export function keptMap(file: Buffer | string, dir = MAPS): string | undefined {
  const p = path.join(dir, `${sha256(file)}.map`);
  return existsSync(p) ? readFileSync(p, "utf8") : undefined;
}

/** Runs the production webpack build (both compilations) into `outputDir`; source maps go to `mapsDir`. */
export async function build(outputDir = DIST, mapsDir = MAPS): Promise<void> {
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
    plugins: [...(c.plugins ?? []), new MapsAside(mapsDir)],
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
