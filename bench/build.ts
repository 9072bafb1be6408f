// The production build the bench measures: dist/ is rebuilt (webpack, production mode) only when it is missing or
// older than any source it is made from. When the bench builds, it keeps webpack's module statistics in
// bench/.cache/webpack-stats.json so a missed bundle target can be traced to the modules that dominate it.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync, readFileSync } from "node:fs";
import path from "node:path";
import webpack from "webpack";

export const ROOT = path.resolve(__dirname, "..");
export const DIST = path.join(ROOT, "dist");
export const CACHE = path.join(__dirname, ".cache");
export const STATS_FILE = path.join(CACHE, "webpack-stats.json");

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

/** Per-compilation module sizes (webpack's pre-minification sizes), grouped by chunk. */
export interface BuildStats {
  builtAt: string;
  compilations: {
    name: string;
    chunks: {
      id: string | number;
      names: string[];
      initial: boolean;
      files: string[];
      modules: { name: string; size: number }[];
    }[];
  }[];
}

type Compilation = webpack.Compilation;
type Module = webpack.Module & { modules?: Iterable<webpack.Module> };

/** Records, after webpack seals each compilation, which modules (inside concatenated ones too) each chunk holds. */
class ModuleSizes {
  readonly compilations: BuildStats["compilations"] = [];
  apply(compiler: webpack.Compiler) {
    compiler.hooks.thisCompilation.tap("bench-module-sizes", (compilation: Compilation) => {
      compilation.hooks.afterSeal.tap("bench-module-sizes", () => {
        const shorten = (m: webpack.Module) => {
          const resource = m.nameForCondition();
          return resource
            ? path.relative(ROOT, resource).split(path.sep).join("/")
            : m.readableIdentifier(compilation.requestShortener);
        };
        const leaves = (m: Module, out: { name: string; size: number }[]) => {
          if (m.modules) for (const inner of m.modules) leaves(inner as Module, out);
          else out.push({ name: shorten(m), size: m.size() });
          return out;
        };
        this.compilations.push({
          name: compiler.options.name ?? "?",
          chunks: [...compilation.chunks].map((chunk) => ({
            id: chunk.id ?? "?",
            names: chunk.name ? [chunk.name] : [],
            initial: chunk.canBeInitial(),
            files: [...chunk.files],
            modules: compilation.chunkGraph
              .getChunkModules(chunk)
              .flatMap((m) => leaves(m as Module, []))
              .sort((a, b) => b.size - a.size),
          })),
        });
      });
    });
  }
}

/** Runs the production webpack build (both compilations) into `outputDir` and returns its module statistics. */
export async function build(outputDir = DIST): Promise<BuildStats> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory = require(path.join(ROOT, "webpack.config.js")) as (
    env: unknown,
    argv: { mode: string },
  ) => webpack.Configuration[];
  const sizes = new ModuleSizes();
  const configs = factory({}, { mode: "production" }).map((c) => ({
    ...c,
    context: ROOT,
    output: { ...c.output, path: outputDir },
    plugins: [...(c.plugins ?? []), sizes],
  }));
  await new Promise<void>((resolve, reject) => {
    webpack(configs, (err, s) => {
      if (err) return reject(err);
      if (!s) return reject(new Error("webpack gave no statistics"));
      if (s.hasErrors()) return reject(new Error(s.toString({ all: false, errors: true })));
      resolve();
    });
  });
  const result: BuildStats = { builtAt: new Date().toISOString(), compilations: sizes.compilations };
  if (outputDir === DIST) {
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(STATS_FILE, JSON.stringify(result));
  }
  return result;
}

export function cachedStats(): BuildStats | undefined {
  if (!existsSync(STATS_FILE)) return undefined;
  const stats = JSON.parse(readFileSync(STATS_FILE, "utf8")) as BuildStats;
  // Only statistics of the build now in dist/ describe it.
  const distAt = statSync(path.join(DIST, "commands.js")).mtimeMs;
  return Date.parse(stats.builtAt) >= distAt - 120_000 ? stats : undefined;
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
