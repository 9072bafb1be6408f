// Embedded Postgres (PGlite) on its own thread: its WebAssembly work (pg-boss's schema creation alone takes seconds)
// must not hold up the service's event loop, which answers Graph's notifications within 3 s. The main thread sends
// { id, text, values } and gets { id, rows } or { id, error }; database.ts is the other end. Plain JavaScript: a worker
// thread loads it with Node's own loader (no TypeScript step, and PGlite's dynamic imports work under any runner).
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

const pglite = workerData?.dataDir ? new PGlite(workerData.dataDir) : new PGlite();

parentPort.on("message", async (message) => {
  if (message.close) {
    await pglite.close().catch(() => undefined);
    parentPort.postMessage({ id: message.id, rows: [] });
    parentPort.close();
    return;
  }
  try {
    await pglite.waitReady;
    let rows;
    if (message.values && message.values.length > 0) rows = (await pglite.query(message.text, message.values)).rows;
    else rows = (await pglite.exec(message.text)).flatMap((r) => r.rows);
    parentPort.postMessage({ id: message.id, rows });
  } catch (e) {
    parentPort.postMessage({ id: message.id, error: { message: e?.message ?? String(e), code: e?.code } });
  }
});
