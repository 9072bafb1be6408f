// `npm run bench`: measures what users feel and what it costs, prints a table and writes bench/results.json
// (figure → value, unit, target, met, median, spread, runs, details). It reports; it is not a test: it exits 0 when a
// target is missed (and says so), non-zero only when a measurement itself could not be made.
//   npm run bench -- [--only=writes,send,bundles,render,naa,search,service] [--attribute]
//   (service: SERVICE_BENCH_MAILBOXES, default 1000)
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild, DIST } from "./build";
import { benchBundles } from "./bundles";
import type { Figure } from "./figure";
import { round } from "./stats";
import { benchFirstRender } from "./firstRender";
import { benchNaaRender } from "./naaRender";
import { REALISTIC_FIRM, type FirmSize } from "./firmSeed";
import { benchSandbox, type BenchSandbox } from "./sandbox";
import { benchSearch, SEARCH_FIGURE } from "./search";
import { benchSend } from "./send";
import { benchService } from "./service";
import { benchWrites } from "./writes";

const RESULTS = path.join(__dirname, "results.json");
const SECTIONS = ["writes", "send", "bundles", "render", "naa", "search", "service"] as const;
type Section = (typeof SECTIONS)[number];

const args = process.argv.slice(2);
const onlyArg = args.find((a) => a.startsWith("--only="));
const only = new Set<Section>(onlyArg ? (onlyArg.slice("--only=".length).split(",") as Section[]) : [...SECTIONS]);
for (const s of only)
  if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section ${s} (${SECTIONS.join(", ")})`);
const log = (line: string) => process.stdout.write(`${line}\n`);

async function withSandbox<T>(firm: FirmSize | undefined, body: (b: BenchSandbox) => Promise<T>) {
  const box = await benchSandbox(firm);
  try {
    return await body(box);
  } finally {
    await box.close();
  }
}

function table(figures: Record<string, Figure>): string {
  const rows = Object.entries(figures).map(([name, f]) => [
    name,
    `${f.value} ${f.unit}`,
    f.target ? f.target.text : "(context)",
    f.met === null ? "-" : f.met ? "met" : "MISSED",
    `${f.spread.min} – ${f.spread.max}`,
    String(f.runs.length),
  ]);
  const head = ["figure", "value (median)", "target", "", "spread (min – max)", "runs"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

async function main(): Promise<number> {
  const started = performance.now();
  log(`InterAction Meeting Sync bench — ${os.cpus().length} cores, Node ${process.version}`);
  const build = await ensureBuild(log);
  log(
    build.built
      ? `Built dist/ in ${(build.ms / 1000).toFixed(1)} s (${build.reason}).`
      : `Using dist/: ${build.reason}.`,
  );
  const source = readFileSync(path.join(DIST, "commands.js"), "utf8");

  const figures: Record<string, Figure> = {};
  const failures: string[] = [];
  const busy: string[] = [];
  const section = async (name: Section, title: string, body: () => Promise<Record<string, Figure>>) => {
    if (!only.has(name)) return;
    const t = performance.now();
    log(`- ${title} ...`);
    const loadBefore = os.loadavg()[0] as number;
    try {
      const result = await body();
      const load = { before: round(loadBefore), after: round(os.loadavg()[0] as number), cores: os.cpus().length };
      // The machine's 1-minute load average around the measurement: above the core count, figures are inflated by
      // other work and their spread says how much.
      for (const f of Object.values(result)) f.details = { ...f.details, loadAverage1m: load };
      Object.assign(figures, result);
      if (Math.max(load.before, load.after) > load.cores) busy.push(title);
      log(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s (load average ${load.before} → ${load.after})`);
    } catch (e) {
      failures.push(`${title}: ${(e as Error).stack ?? String(e)}`);
      log(`  FAILED: ${(e as Error).message}`);
    }
  };

  await section("writes", "writes per committed change (commands bundle, scripted scenario × 3)", () =>
    withSandbox(undefined, (box) => benchWrites(source, box, 3)),
  );
  await section("send", "send handler latency (commands bundle, DOM-less, 3 × 200 sends + 3 × 40 cold)", () =>
    withSandbox(undefined, (box) => benchSend(source, box, { runs: 3, sends: 200, coldSends: 40 })),
  );
  await section("bundles", "bundle sizes (gzip)", () => benchBundles({ attribute: args.includes("--attribute") }));
  await section("render", "task pane first render (headless Chromium, workbench, 10 runs)", () =>
    withSandbox(undefined, (box) => benchFirstRender(box, { runs: 10 })),
  );
  await section(
    "naa",
    "task pane confirmed status with NAA sign-in (headless Chromium, workbench auth naa, 5 runs)",
    () => benchNaaRender({ runs: 5 }),
  );
  await section("search", "client-meeting search (a firm of 2,000 users, 100,000 meetings, 10,000 contacts)", () =>
    withSandbox(REALISTIC_FIRM, (box) => benchSearch(box, { runs: 3, queriesPerRun: 200 })),
  );

  const serviceMailboxes = Number(process.env.SERVICE_BENCH_MAILBOXES ?? 1000);
  await section(
    "service",
    `sync service (${serviceMailboxes} mailboxes; embedded PGlite, then 2 worker processes on Postgres)`,
    () =>
      benchService({
        mailboxes: serviceMailboxes,
        // About 3.6 changes per mailbox and hour for 1,000 mailboxes: a busy firm's calendars.
        changesPerSecond: 1,
        seconds: 60,
        unchanged: 30,
        burst: Math.min(200, serviceMailboxes),
        log,
      }),
  );

  // Keep figures of sections not run this time (--only), so results.json stays one complete object.
  let previous: Record<string, Figure> = {};
  if (only.size < SECTIONS.length) {
    try {
      previous = JSON.parse(readFileSync(RESULTS, "utf8")) as Record<string, Figure>;
    } catch {
      previous = {};
    }
  }
  const all = { ...previous, ...figures };
  writeFileSync(RESULTS, `${JSON.stringify(all, null, 2)}\n`);

  log("");
  log(table(figures));
  log("");
  const missed = Object.entries(figures).filter(([, f]) => f.met === false);
  if (missed.length) {
    log(`TARGETS MISSED (${missed.length}):`);
    for (const [name, f] of missed) {
      const failed = Object.entries(f.checks ?? {}).filter(([, ok]) => !ok);
      const why = failed.length ? `; check failed: ${failed.map(([c]) => c).join(", ")}` : "";
      log(`  ✗ ${name}: ${f.value} ${f.unit}, target ${f.target?.text}${why}`);
    }
  } else if (Object.keys(figures).length) {
    log(`All ${Object.values(figures).filter((f) => f.target).length} targets met.`);
  }
  if (busy.length) {
    log("");
    log(
      `NOTE: the machine was busy (1-minute load average above ${os.cpus().length} cores) during: ${busy.join("; ")}. ` +
        "Timings there are inflated by other work; rerun on a quiet machine before acting on a timing miss.",
    );
  }
  const writes = figures["writes per committed meeting change"]?.details as
    { steps?: { step: string; expected: string; measured: string[]; ok: boolean }[] } | undefined;
  if (writes?.steps) {
    log("");
    log("Writes per step (meeting + document writes, per run):");
    for (const s of writes.steps)
      log(`  ${s.ok ? "✓" : "✗"} ${s.step}: expected ${s.expected}, measured ${s.measured.join(" / ")}`);
  }
  const searchFigure = figures[SEARCH_FIGURE];
  const search = searchFigure?.details as { fullScans?: string[] } | undefined;
  if (search) {
    log("");
    log(
      searchFigure?.checks?.indexesOnly
        ? "Search query plans (EXPLAIN QUERY PLAN): index searches only, no full scan of any table the search touches."
        : `Search query plans: FULL SCANS: ${search.fullScans?.join("; ")}`,
    );
  }
  for (const [name, f] of Object.entries(figures)) {
    for (const [key, value] of Object.entries(f.details ?? {})) {
      if (!key.startsWith("attribution ")) continue;
      const top = value as { owner: string; gzipKiBEstimate: number; share: number }[];
      const ours = top.filter((t) => t.owner.startsWith("src/")).reduce((a, t) => a + t.gzipKiBEstimate, 0);
      log("");
      log(`Where the bytes of ${key.slice("attribution ".length)} go (${name}; gzip KiB, estimated from source maps):`);
      for (const t of top.slice(0, 8)) {
        log(
          `  ${t.owner.padEnd(40)} ${String(t.gzipKiBEstimate).padStart(6)}  (${Math.round(t.share * 100)} % of minified)`,
        );
      }
      log(`  ${"our own code (all of src/*)".padEnd(40)} ${ours.toFixed(1).padStart(6)}`);
    }
  }
  log("");
  log(
    `Wrote ${path.relative(process.cwd(), RESULTS)} in ${((performance.now() - started) / 1000).toFixed(0)} s total.`,
  );
  if (failures.length) {
    log("");
    log("MEASUREMENTS THAT COULD NOT BE MADE:");
    for (const f of failures) log(f);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
