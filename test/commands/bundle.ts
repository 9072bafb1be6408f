// The built commands bundle for tests: dist/commands.js from `npx webpack --mode production --config-name commands`,
// rebuilt here when it is missing or older than any source it is made from.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import path from "node:path";
import webpack from "webpack";

export const ROOT = path.resolve(__dirname, "..", "..");
export const BUNDLE = path.join(ROOT, "dist", "commands.js");
const SOURCES = ["src", "config", "webpack.config.js", "scripts/deployment.js", "package.json"];
const LOCK = path.join(ROOT, "dist", ".commands-build.lock");

const newest = (p: string): number => {
  const full = path.join(ROOT, p);
  if (!existsSync(full)) return 0;
  const s = statSync(full);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const entry of readdirSync(full)) {
    if (p === "src" && entry === "taskpane") continue; // the task pane is another compilation
    max = Math.max(max, newest(path.join(p, entry)));
  }
  return max;
};

const isFresh = () => existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= Math.max(...SOURCES.map(newest));

async function build(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const configs = require(path.join(ROOT, "webpack.config.js"))({}, { mode: "production" }) as webpack.Configuration[];
  const config = configs.find((c) => c.name === "commands");
  if (!config) throw new Error('webpack.config.js has no "commands" configuration');
  await new Promise<void>((resolve, reject) => {
    webpack({ ...config, context: ROOT }, (err, stats) => {
      if (err) return reject(err);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
}

/** The bundle's source, building it first if needed (one build at a time across jest workers). */
export async function commandsBundle(): Promise<string> {
  if (!isFresh()) {
    mkdirSync(path.dirname(LOCK), { recursive: true });
    for (;;) {
      try {
        mkdirSync(LOCK);
        break;
      } catch {
        // Another worker is building; wait for it, but never forever (a stale lock older than 5 minutes is broken).
        if (Date.now() - statSync(LOCK).mtimeMs > 300_000) rmSync(LOCK, { recursive: true, force: true });
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    try {
      if (!isFresh()) {
        await build();
        // webpack leaves an unchanged output file alone; mark it as built from the current sources.
        const now = new Date();
        utimesSync(BUNDLE, now, now);
      }
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
  return readFileSync(BUNDLE, "utf8");
}
