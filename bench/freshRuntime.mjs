// Entry of the worker thread that makes one send in a fresh runtime (bench/freshRuntimeSend.ts). A worker is its own
// V8 isolate (no compiled code shared with earlier sends) with its own fetch connection pool; tsx is registered here
// because a worker does not inherit the main thread's loader.
//
// Node loads its fetch (undici: Response, streams, the llhttp parser compiled from WebAssembly) lazily, in each isolate,
// on first use: measured at 40-50 ms of a fresh send on 2 cores. Outlook's runtimes have fetch built in (native in the
// browser engine and in classic Outlook's JavaScript-only runtime), so that cost is not the add-in's and no user waits
// for it on Send. The worker therefore makes one request to a throwaway server of its own before the clock starts:
// it loads fetch's code and opens no connection to the sandbox or the config host (a new origin gets a new
// connection), shares nothing with other sends, and its time is reported (runtimeFetchLoadMs) rather than hidden.
import http from "node:http";
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

const loading = performance.now();
const server = http.createServer((_req, res) => res.end("{}"));
await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
const answer = await fetch(`http://127.0.0.1:${port}/`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: "{}",
});
await answer.json();
server.closeAllConnections();
server.close();
globalThis.runtimeFetchLoadMs = performance.now() - loading;

register();
await import(workerData.module);
