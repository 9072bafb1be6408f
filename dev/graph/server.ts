// The local Exchange with a Microsoft Graph v1.0 surface: Fastify over HTTPS on the loopback, SQLite store. Wires the
// seams: identity provider (idp.ts), Outlook protocol (exchangeRoutes.ts), Graph routes (graphRoutes.ts, delta.ts,
// subscriptions.ts), throttling, faults and the request log (guard.ts), and the dev controls (controls.ts).
import path from "node:path";
import { mkdirSync } from "node:fs";
import Fastify, { type FastifyInstance } from "fastify";
import { openDatabase, type Db } from "./db";
import { Store } from "./store";
import { Exchange } from "./exchange";
import { nameFor, seedMailboxes } from "./seed";
import { registerExchangeRoutes } from "./exchangeRoutes";
import { loadOrCreateTls } from "./tls";
import { realClock, sandboxClock, type DevClock } from "./clock";

export interface GraphOptions {
  /** 0 picks a free port. */
  port?: number;
  /** SQLite file; ":memory:" for a throwaway database. */
  dbFile: string;
  /** Where the CA and certificate are kept. Default: `graph-tls` beside the database (or .data/graph-tls). */
  tlsDir?: string;
  /** The sandbox's clock (`GET /__sandbox/clock`), for one dev clock; or a clock object (tests). Default real time. */
  clockUrl?: string;
  clock?: DevClock;
  /** Whether the dev-only /__graph routes exist. Default true. */
  controls?: boolean;
}

export interface RunningGraph {
  /** `https://localhost:<port>` */
  url: string;
  port: number;
  /** The CA certificate clients must trust, and its file (for NODE_EXTRA_CA_CERTS). */
  caPem: string;
  caFile: string;
  db: Db;
  store: Store;
  exchange: Exchange;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startGraph(options: GraphOptions): Promise<RunningGraph> {
  const tlsDir =
    options.tlsDir ??
    (options.dbFile === ":memory:"
      ? path.resolve(".data", "graph-tls")
      : path.join(path.dirname(path.resolve(options.dbFile)), "graph-tls"));
  mkdirSync(tlsDir, { recursive: true });
  const tls = await loadOrCreateTls(tlsDir);
  const clock = options.clock ?? (options.clockUrl ? sandboxClock(options.clockUrl) : realClock);
  const db = openDatabase(options.dbFile);
  const store = new Store(db, () => clock.now());
  seedMailboxes(store);
  const exchange = new Exchange(store, (email) => nameFor(store, email));

  const app = Fastify({
    logger: false,
    https: { cert: tls.cert, key: tls.key },
    bodyLimit: 40 * 1024 * 1024,
    forceCloseConnections: true,
  });
  // One dev clock: read the sandbox's offset before the request runs (cached briefly).
  app.addHook("onRequest", async () => clock.sync());
  registerExchangeRoutes(app, store, exchange);

  await app.listen({ port: options.port ?? 0, host: "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  return {
    url: `https://localhost:${port}`,
    port,
    caPem: tls.caPem,
    caFile: tls.caFile,
    db,
    store,
    exchange,
    app,
    close: async () => {
      await app.close();
      db.close();
    },
  };
}
