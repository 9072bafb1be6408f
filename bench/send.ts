// Send handler latency: OnAppointmentSend in the built commands bundle (DOM-less node:vm runtime, fake Outlook item)
// against the sandbox in its own process, until event.completed. Each send is a new meeting with a Top Client
// attendee, so every send resolves contacts and creates the meeting in InterAction (the longest send path). Three
// cases: a runtime Outlook keeps alive between sends; a fresh runtime per send that shares nothing with the others
// (its own worker thread: own V8 isolate so no compiled code, own connections, empty storage so no cached config,
// token or settings; timed from loading commands.js); and InterAction 40 ms away (every API request delayed).
import path from "node:path";
import { Worker } from "node:worker_threads";
import { loadCommandsRuntime, type CommandsRuntime } from "./commandsRuntime";
import { atMost, figure, type Figure } from "./figure";
import type { FreshSendResult } from "./freshRuntimeSend";
import type { BenchSandbox, LoggedRequest } from "./sandbox";
import { newMeeting, timedSend, type Breakdown } from "./sendMeeting";
import { median, percentile, round } from "./stats";

async function faults(box: BenchSandbox, rules: Record<string, unknown>[]): Promise<void> {
  const res = await fetch(`${box.url}/__sandbox/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ rules }),
  });
  if (!res.ok) throw new Error(`sandbox faults: ${res.status} ${await res.text()}`);
}

let meetingNo = 0;
let lastBreakdown: Breakdown | undefined;

async function send(runtime: CommandsRuntime): Promise<number> {
  const { ms, breakdown } = await timedSend(runtime);
  lastBreakdown = breakdown;
  return ms;
}

/** One send in a worker thread of its own (bench/freshRuntimeSend.ts); the worker is ended once it has answered. */
function freshSend(source: string, box: BenchSandbox, label: string, no: number): Promise<FreshSendResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, "freshRuntime.mjs"), {
      workerData: { module: path.join(__dirname, "freshRuntimeSend.ts"), source, sandboxUrl: box.url, label, no },
    });
    let answered = false;
    worker.once("message", (m: { ok: boolean; result?: FreshSendResult; error?: string }) => {
      answered = true;
      void worker.terminate();
      if (m.ok && m.result) resolve(m.result);
      else reject(new Error(`fresh-runtime send: ${m.error}`));
    });
    worker.once("error", (e) => {
      if (!answered) reject(e);
    });
    worker.once("exit", (code) => {
      if (!answered) reject(new Error(`the fresh-runtime worker exited with ${code} before it answered`));
    });
  });
}

const medianBreakdown = (list: Breakdown[]): Record<keyof Breakdown, number> => ({
  beforeFirstRequest: round(median(list.map((b) => b.beforeFirstRequest))),
  waitingForRequests: round(median(list.map((b) => b.waitingForRequests))),
  otherWork: round(median(list.map((b) => b.otherWork))),
});

const created = (box: BenchSandbox, label: string): number =>
  (
    box.db.prepare("SELECT COUNT(*) AS n FROM meetings WHERE subject LIKE ?").get(`Bench send ${label} %`) as {
      n: number;
    }
  ).n;

export async function benchSend(
  source: string,
  box: BenchSandbox,
  options: { runs?: number; sends?: number; coldSends?: number; wanDelayMs?: number } = {},
): Promise<Record<string, Figure>> {
  const runs = options.runs ?? 3;
  const sends = options.sends ?? 200;
  const coldSends = options.coldSends ?? 40;
  const warmP50: number[] = [];
  const warmP95: number[] = [];
  const warmMax: number[] = [];
  const firstSend: number[] = [];
  const coldP50: number[] = [];
  const coldP95: number[] = [];
  let requestsPerSend: Record<string, number> = {};
  let requestsPerColdSend: Record<string, number> = {};
  const warmBreakdowns: Breakdown[] = [];
  const coldBreakdowns: Breakdown[] = [];
  const coldLoad: number[] = [];
  const coldHandler: number[] = [];
  const coldFetchLoad: number[] = [];
  let coldFetches: string[] = [];
  let all: number[] = [];

  for (let run = 1; run <= runs; run++) {
    // Runtime reused between sends (Outlook keeps the event runtime alive between events): the first send of a runtime
    // loads addin-config.json; it is reported on its own.
    const label = `warm${run}`;
    const storage = new Map<string, string>();
    const runtime = loadCommandsRuntime(source, {
      sandboxUrl: box.url,
      storage,
      outlook: newMeeting(label, ++meetingNo),
    });
    firstSend.push(await send(runtime));
    const times: number[] = [];
    const logBefore = (await box.requests()).length;
    for (let i = 0; i < sends; i++) {
      runtime.use(newMeeting(label, ++meetingNo));
      times.push(await send(runtime));
      if (lastBreakdown) warmBreakdowns.push(lastBreakdown);
      if (run === 1 && i === 9) {
        // The request mix of ten steady-state sends (the log keeps the last 1,000 requests).
        const log = (await box.requests()).slice(logBefore);
        requestsPerSend = mix(log, 10);
      }
    }
    const landed = created(box, label);
    if (landed !== sends + 1) throw new Error(`${label}: ${sends + 1} sends created ${landed} meetings in InterAction`);
    warmP50.push(percentile(times, 50));
    warmP95.push(percentile(times, 95));
    warmMax.push(Math.max(...times));
    all = all.concat(times);

    // A fresh runtime per send (classic Outlook may start the JS runtime for the event), sharing nothing with the
    // sends before it (bench/freshRuntimeSend.ts says what that means).
    const coldLabel = `cold${run}`;
    const coldTimes: number[] = [];
    const coldLogBefore = (await box.requests()).length;
    for (let i = 0; i < coldSends; i++) {
      const r = await freshSend(source, box, coldLabel, ++meetingNo);
      coldTimes.push(r.ms);
      coldLoad.push(r.loadMs);
      coldHandler.push(r.handlerMs);
      coldFetchLoad.push(r.runtimeFetchLoadMs);
      coldBreakdowns.push(r.breakdown);
      if (run === 1 && i === 0) coldFetches = r.requests.map((u) => u.replace(/^https?:\/\/[^/]+/, ""));
    }
    if (run === 1) requestsPerColdSend = mix((await box.requests()).slice(coldLogBefore), coldSends);
    const coldLanded = created(box, coldLabel);
    if (coldLanded !== coldSends) throw new Error(`${coldLabel}: ${coldSends} sends created ${coldLanded} meetings`);
    coldP50.push(percentile(coldTimes, 50));
    coldP95.push(percentile(coldTimes, 95));
  }

  // Context: the same sends with every InterAction request delayed (a firm's InterAction across a WAN), which shows
  // how many sequential round trips a send makes.
  const wanDelayMs = options.wanDelayMs ?? 40;
  const wanP95: number[] = [];
  const wanP50: number[] = [];
  await faults(box, [{ path: "^/api/", delayMs: wanDelayMs }]);
  try {
    for (let run = 1; run <= runs; run++) {
      const label = `wan${run}`;
      const runtime = loadCommandsRuntime(source, {
        sandboxUrl: box.url,
        storage: new Map(),
        outlook: newMeeting(label, ++meetingNo),
      });
      await send(runtime);
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        runtime.use(newMeeting(label, ++meetingNo));
        times.push(await send(runtime));
      }
      const landed = created(box, label);
      if (landed !== 21) throw new Error(`${label}: 21 sends created ${landed} meetings in InterAction`);
      wanP95.push(percentile(times, 95));
      wanP50.push(percentile(times, 50));
    }
  } finally {
    await faults(box, []);
  }

  return {
    "send handler latency p95 (runtime reused)": figure(warmP95, "ms", atMost(100, "p95 <= 100 ms"), {
      details: {
        sendsPerRun: sends,
        p50PerRun: warmP50.map((v) => round(v)),
        maxPerRun: warmMax.map((v) => round(v)),
        pooled: { p50: round(percentile(all, 50)), p95: round(percentile(all, 95)), p99: round(percentile(all, 99)) },
        firstSendOfRuntimeMs: firstSend.map((v) => round(v)),
        requestsPerSend,
        medianBreakdownMs: medianBreakdown(warmBreakdowns),
      },
    }),
    "send handler latency p50 (runtime reused)": figure(warmP50, "ms", null),
    "send latency p95 (fresh runtime per send, nothing shared)": figure(coldP95, "ms", atMost(100, "p95 <= 100 ms"), {
      details: {
        sendsPerRun: coldSends,
        p50PerRun: coldP50.map((v) => round(v)),
        medianLoadCommandsJsMs: round(median(coldLoad)),
        medianHandlerMs: round(median(coldHandler)),
        medianRuntimeFetchLoadNotCountedMs: round(median(coldFetchLoad)),
        handlerP95Ms: round(percentile(coldHandler, 95)),
        requestsPerSend: requestsPerColdSend,
        requestsOfTheFirstSend: coldFetches,
        medianHandlerBreakdownMs: medianBreakdown(coldBreakdowns),
      },
      note:
        "each send in its own worker thread: a new V8 isolate compiles commands.js (no code cache), its own " +
        "connections, empty OfficeRuntime.storage (config, token and settings fetched); timed from loading " +
        "commands.js to event.completed (the handler alone in details); Node's own fetch is loaded in the worker " +
        "before the clock, through a throwaway server, as Outlook's runtimes have fetch built in (its time in details)",
    }),
    [`send handler latency p95 (InterAction ${wanDelayMs} ms away)`]: figure(
      wanP95,
      "ms",
      atMost(150, "p95 <= 150 ms"),
      {
        details: {
          sendsPerRun: 20,
          p50PerRun: wanP50.map((v) => round(v)),
          sequentialRoundTripsEstimate: round(median(wanP50) / wanDelayMs, 1),
        },
        note: `runtime reused (first send of each runtime not counted); every /api request delayed ${wanDelayMs} ms by the sandbox's fault rules`,
      },
    ),
  };
}

function mix(log: LoggedRequest[], sends: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of log) {
    const key = `${r.method} ${r.path.replace(/\/api\/v1\/meetings\/[^/]+/, "/api/v1/meetings/{syncKey}")}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  for (const k of Object.keys(counts)) counts[k] = round((counts[k] as number) / sends, 2);
  return counts;
}
