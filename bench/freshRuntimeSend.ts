// One send in a runtime of its own, in a worker thread (bench/freshRuntime.mjs starts it): nothing is shared with
// any other send: a new V8 isolate compiles and runs commands.js (no code cache), fetch opens its own connections,
// OfficeRuntime.storage starts empty (no cached configuration, token or firm settings), so the add-in fetches
// addin-config.json, signs in and reads the settings as on a device's first send. The time counted is what the user
// waits for from the runtime loading commands.js to event.completed; the handler's part is reported too.
import { parentPort, workerData } from "node:worker_threads";
import { loadCommandsRuntime } from "./commandsRuntime";
import { newMeeting, timedSend } from "./sendMeeting";

export interface FreshSendResult {
  /** commands.js compiled and evaluated in the new isolate → event.completed. */
  ms: number;
  /** Compiling and evaluating commands.js. */
  loadMs: number;
  /** Node loading its own fetch before the clock started (bench/freshRuntime.mjs says why it is not counted). */
  runtimeFetchLoadMs: number;
  /** onAppointmentSend → event.completed. */
  handlerMs: number;
  breakdown: import("./sendMeeting").Breakdown;
  /** Each request of the send, from the handler's call (what runs one after another shows here). */
  timeline: import("./sendMeeting").RequestSpan[];
  requests: string[];
}

const input = workerData as { source: string; sandboxUrl: string; label: string; no: number };

async function main(): Promise<FreshSendResult> {
  const outlook = newMeeting(input.label, input.no);
  const started = performance.now();
  const runtime = loadCommandsRuntime(input.source, { sandboxUrl: input.sandboxUrl, storage: new Map(), outlook });
  const loadMs = performance.now() - started;
  const { ms: handlerMs, breakdown, timeline } = await timedSend(runtime);
  const runtimeFetchLoadMs = (globalThis as { runtimeFetchLoadMs?: number }).runtimeFetchLoadMs;
  if (typeof runtimeFetchLoadMs !== "number") throw new Error("bench/freshRuntime.mjs did not load fetch first");
  return {
    ms: loadMs + handlerMs,
    loadMs,
    runtimeFetchLoadMs,
    handlerMs,
    breakdown,
    timeline,
    requests: runtime.fetches,
  };
}

main().then(
  (result) => parentPort?.postMessage({ ok: true, result }),
  (e: unknown) => parentPort?.postMessage({ ok: false, error: (e as Error)?.stack ?? String(e) }),
);
