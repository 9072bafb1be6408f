// Randomized fault schedules: the promise that matters most to a firm — what is committed in Outlook reaches
// InterAction exactly once, and nothing else does — under hundreds of seeded schedules of faults (500, 502, 503, 429
// with Retry-After, requests held past the client's timeout and applied later, connection resets, malformed JSON,
// slow answers, and 5xx or resets after the write was applied) injected into the REAL sandbox, while the REAL
// use-cases (runSync, deliverOutbox, the send handler) drive the REAL typed client. Only Office is a stand-in, under
// the REAL Office adapters: the item's state in its custom properties (codec, 2,500 characters, per-device backup)
// persists as Outlook's does, a new draft's first save fails as in new Outlook (office-js#6624), state saved during
// edits the user discards is lost, cancellations carry Outlook's subject prefix, and sends get the real 3,000 ms
// budget. Organizer and attendee-role meetings (an outside organizer's, added by the attendee; InterAction's 403 to an
// attendee's write that arrives after the meeting became an activity) are both scheduled.
//
// Faults are aimed at creates, updates, post-conversion writes, document uploads and cancellations, and the run
// checks from the sandbox's request log that every (fault kind x operation) pair was hit at least 3 times, in every
// mode of the full run (any RELIABILITY_SCHEDULES, any RELIABILITY_BASE_SEED). That coverage is by design, not luck:
// the batch starts with one directed schedule per pair, which places that fault on that operation 3 times
// (./schedules/directed.ts); the drawn schedules add more. A schedule counts towards the total only if InterAction
// applied and answered at least one of its writes, so a seed that tested no delivery is run in addition, not
// instead; some steps make an older revision land after a newer one. Recovery clears the faults, lets the backoffs pass and opens every item once, as a
// user would; nobody presses Retry (every injected fault is one retrying cures, so no step may leave anything parked),
// and what a lost or refused outbox dropped must be re-planned by that one open. The steps, recovery and oracle are in
// ./schedules.
//
// Replay one failing schedule: RELIABILITY_SEED=<seed> npx jest --selectProjects unit -- test/reliability/faultSchedules
// (it runs the seed on every sandbox at once, as busy as the full run, and checks they agree); a directed one also
// with RELIABILITY_PAIR="<fault> x <operation>" (the failure report prints the whole command).
// Fresh seeds: RELIABILITY_BASE_SEED=<any integer> (CI uses the default, 20261125, so CI is deterministic).
// More schedules: RELIABILITY_SCHEDULES=1000 npx jest --selectProjects unit -- test/reliability/faultSchedules
import { startReliabilitySandbox, type ReliabilitySandbox } from "../support/reliabilitySandbox";
import { PAIRS, PLACEMENTS, pairNamed, type Pair } from "./schedules/directed";
import { coverageGaps, faultKindOf, tally, type Coverage } from "./schedules/faults";
import { overBudget } from "./schedules/budget";
import { failureReport, replayCommand } from "./schedules/report";
import { runSchedule, type Schedule, type ScheduleOptions } from "./schedules/run";

const SCHEDULES = Number(process.env.RELIABILITY_SCHEDULES ?? 200);
/** Seeds tried at most, so a broken client that never delivers fails instead of running forever. */
const MAX_SEEDS = SCHEDULES * 2;
/** Schedules in which the sync service races the add-in (issue 15), and fault-free ones that count writes. */
const RACE_SCHEDULES = Number(process.env.RELIABILITY_RACE_SCHEDULES ?? 30);
const BUDGET_SCHEDULES = Number(process.env.RELIABILITY_BUDGET_SCHEDULES ?? 30);
const REPLAY = process.env.RELIABILITY_SEED ? Number(process.env.RELIABILITY_SEED) : undefined;
/** A directed schedule's pair, e.g. RELIABILITY_PAIR="slow x update" (the failure report prints it). */
const REPLAY_PAIR = process.env.RELIABILITY_PAIR ? pairNamed(process.env.RELIABILITY_PAIR) : undefined;
if (process.env.RELIABILITY_PAIR && !REPLAY_PAIR)
  throw new Error(`RELIABILITY_PAIR="${process.env.RELIABILITY_PAIR}" names no (fault kind x operation) pair`);
const BASE_SEED = Number(process.env.RELIABILITY_BASE_SEED ?? 20261125);
/** Sandboxes reused (POST /__sandbox/reset) between schedules, one schedule each at a time. */
const SANDBOXES = 3;
/** Each (fault kind x operation kind) pair must be hit this often in a full run: the directed schedules place each
 * pair this often on purpose (./schedules/directed.ts), so it holds for any seeds, not by luck. */
const MIN_HITS = PLACEMENTS;

const crashed = (seed: number, e: unknown): Schedule => ({
  seed,
  log: [],
  problems: [`crashed: ${e instanceof Error ? e.stack : String(e)}`],
  trace: [],
  requests: [],
  ops: new Map(),
  deliveredWrites: 0,
  writes: [],
});

describe("randomized fault schedules against the sandbox", () => {
  const boxes: ReliabilitySandbox[] = [];
  /** The seed whose schedule saw the most kinds of faults: the determinism test runs it again. */
  let richest = { seed: BASE_SEED, kinds: 0 };

  beforeAll(async () => {
    for (let i = 0; i < SANDBOXES; i++) boxes.push(await startReliabilitySandbox());
  }, 60_000);

  afterAll(async () => {
    await Promise.all(boxes.map((b) => b.close()));
  }, 60_000);

  const run = (seed: number, box: ReliabilitySandbox, options?: ScheduleOptions & { directed?: Pair }) =>
    runSchedule(seed, box, options).catch((e: unknown) => crashed(seed, e));

  test(`after recovery InterAction holds exactly the committed Outlook meetings (${REPLAY === undefined ? SCHEDULES : 1} seeded schedules)`, async () => {
    if (REPLAY !== undefined) {
      // The same configuration as the full run: every sandbox busy, here all with the one seed.
      const results = await Promise.all(boxes.map((box) => run(REPLAY, box, { directed: REPLAY_PAIR })));
      const failed = results.filter((r) => r.problems.length);
      if (failed.length) throw new Error(failureReport(failed.slice(0, 1), 1));
      for (const r of results.slice(1)) expect(r.trace).toEqual(results[0]!.trace);
      return;
    }
    // One directed schedule per (fault kind x operation) pair, then drawn ones: fewer than the pairs is no full run.
    if (SCHEDULES < PAIRS.length)
      throw new Error(
        `RELIABILITY_SCHEDULES=${SCHEDULES}: the full run needs at least ${PAIRS.length}; replay one with RELIABILITY_SEED`,
      );
    const failures: Schedule[] = [];
    const coverage: Coverage = new Map();
    let next = 0;
    let counted = 0;
    const idle: string[] = [];
    /** Directed schedules whose pair the sandbox's log shows hit fewer times than they placed it. */
    const misplaced: string[] = [];
    await Promise.all(
      boxes.map(async (box) => {
        while (counted < SCHEDULES && next < MAX_SEEDS) {
          // The directed schedules first (pair i with seed BASE_SEED + i), then the drawn ones from BASE_SEED on.
          const i = next++;
          const directed = PAIRS[i];
          const seed = BASE_SEED + (directed ? i : i - PAIRS.length);
          const result = await run(seed, box, { directed });
          if (result.problems.length) failures.push(result);
          // A schedule none of whose writes InterAction applied and answered tested no delivery: it does not count.
          if (result.deliveredWrites > 0 || result.problems.length) counted++;
          else idle.push(directed ? `${seed} (${result.directed})` : String(seed));
          tally(coverage, result.requests, (key) => result.ops.get(key));
          if (directed) {
            const own: Coverage = new Map();
            tally(own, result.requests, (key) => result.ops.get(key));
            const hits = own.get(result.directed!) ?? 0;
            if (hits < PLACEMENTS) misplaced.push(`${seed} (${result.directed}): ${hits} hits`);
          }
          const kinds = new Set(result.requests.map((e) => faultKindOf(e.fault)).filter(Boolean)).size;
          if (!directed && kinds > richest.kinds) richest = { seed, kinds };
        }
      }),
    );
    if (process.env.RELIABILITY_COVERAGE)
      console.log(
        [...coverage]
          .sort()
          .map(([k, n]) => `${k}: ${n}`)
          .join("\n"),
      );
    // Both verdicts are reported together: a coverage gap must not hide behind a failing seed, nor the other way.
    const verdicts: string[] = [];
    if (failures.length) verdicts.push(failureReport(failures, next));
    if (counted < SCHEDULES)
      verdicts.push(
        `Only ${counted} of ${next} schedules delivered a write (seeds ${idle.join(", ")}); ${SCHEDULES} must`,
      );
    if (misplaced.length)
      verdicts.push(`Directed schedules that did not hit their pair ${PLACEMENTS} times: ${misplaced.join(", ")}`);
    const gaps = coverageGaps(coverage, MIN_HITS);
    if (gaps.length)
      verdicts.push(
        `Faults missed operations (fewer than ${MIN_HITS} hits): ${gaps.map((g) => `${g} (${coverage.get(g) ?? 0})`).join(", ")}`,
      );
    if (verdicts.length) {
      console.error(verdicts.join("\n\n"));
      throw new Error(verdicts.join("\n\n"));
    }
  }, 600_000);

  test("a schedule's outcome depends only on its seed: run twice at once, the same requests and final state", async () => {
    const seed = REPLAY ?? richest.seed;
    const [a, b] = await Promise.all([run(seed, boxes[0]!), run(seed, boxes[1]!)]);
    expect(a.trace.length).toBeGreaterThan(0);
    expect(b.trace).toEqual(a.trace);
  }, 60_000);

  // Issue 15, "two writers, one truth": the sync service (src/service/followMeeting.ts, compare-and-set with If-Match,
  // 412 -> back to Exchange) races the add-in on the same meetings under the same faults; the oracle is the same
  // (0 lost, 0 duplicated, 0 rolled back). Runs in CI (the write budget below is still opt-in).
  test(`two writers: the add-in and the sync service race on the same meetings under the same faults (${RACE_SCHEDULES} schedules)`, async () => {
    const seeds = Array.from(
      { length: REPLAY === undefined ? RACE_SCHEDULES : 1 },
      (_, i) => (REPLAY ?? BASE_SEED) + i,
    );
    const failures: Schedule[] = [];
    let next = 0;
    await Promise.all(
      boxes.map(async (box) => {
        while (next < seeds.length) {
          const result = await run(seeds[next++]!, box, { service: true });
          if (result.problems.length) failures.push(result);
        }
      }),
    );
    if (failures.length) throw new Error(failureReport(failures, seeds.length, "two writers"));
  }, 600_000);

  /** Fault-free two-writer schedules, each write judged against the budget (./schedules/budget.ts). */
  const budgetRun = async () => {
    const seeds = Array.from({ length: BUDGET_SCHEDULES }, (_, i) => BASE_SEED + i);
    const results: Schedule[] = [];
    let next = 0;
    await Promise.all(
      boxes.map(async (box) => {
        while (next < seeds.length) results.push(await run(seeds[next++]!, box, { service: true, faults: false }));
      }),
    );
    return results.sort((a, b) => a.seed - b.seed);
  };

  // What compare and set guarantees already (issue 15), in CI: neither side sends a write InterAction answers with a
  // revision the other writer took ("unapplied") or that brings content InterAction already held ("repeat"). What the
  // strict budget below still counts is each race's losing 412.
  test(`two writers waste no write but a race's losing 412 (${BUDGET_SCHEDULES} schedules without faults)`, async () => {
    const results = await budgetRun();
    const over = results
      .map((r) => ({ seed: r.seed, waste: overBudget(r.writes.filter((w) => w.verdict !== "412")) }))
      .filter((r) => r.waste);
    if (over.length)
      throw new Error(`Writes that were no change:\n  ${over.map((r) => `${r.seed}: ${r.waste}`).join("\n  ")}`);
  }, 600_000);

  // A write is any mutating request to InterAction, accepted or not (a 412 counts): one meeting write per committed
  // change, whichever side sees it first; each write is judged by ./schedules/budget.ts and the failure names the
  // side and the kind of waste. Still red (issue 15, 2026-12-06): the add-in now writes with If-Match and plans again
  // on 412, so none of its writes is left unapplied; what is left is each race's losing 412 (the add-in's when the
  // service wrote a revision it had not seen, the service's when it writes after reading a stale ETag) and the
  // service's repeats of a change the add-in delivered while the add-in's state on the server lagged.
  // RELIABILITY_WRITE_BUDGET=1 runs it.
  (process.env.RELIABILITY_WRITE_BUDGET ? test : test.skip)(
    `two writers keep the write budget: one meeting write per committed change (${BUDGET_SCHEDULES} schedules without faults)`,
    async () => {
      const results = await budgetRun();
      const writes = results.flatMap((r) => r.writes);
      const over = results.filter((r) => overBudget(r.writes)).map((r) => `${r.seed}: ${overBudget(r.writes)}`);
      const applied = writes.filter((w) => w.verdict === "applied").length;
      if (over.length)
        throw new Error(`Write budget (${writes.length} writes for ${applied} changes):\n  ${over.join("\n  ")}`);
    },
    600_000,
  );

  test("a failing schedule is printed with its seed and the command that replays it", () => {
    const planted: Schedule = {
      ...crashed(4242, "planted"),
      problems: ["m0: lost — not in InterAction"],
      log: ["m0 send x1"],
    };
    const text = failureReport([crashed(4300, "other"), planted], 200);
    expect(text).toContain("2 of 200 schedules failed; seeds 4242, 4300");
    expect(text).toContain(`Replay: ${replayCommand(4242)}`);
    expect(replayCommand(4242)).toBe(
      "RELIABILITY_SEED=4242 npx jest --selectProjects unit -- test/reliability/faultSchedules",
    );
    expect(text).toContain("m0: lost — not in InterAction");
    expect(text).toContain("m0 send x1");
  });
});
