// Entry of the worker thread that makes one send in a fresh runtime (bench/freshRuntimeSend.ts). A worker is its own
// V8 isolate (no compiled code shared with earlier sends) with its own fetch connection pool; tsx is registered here
// because a worker does not inherit the main thread's loader.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.module);
