// The sync service past one machine, measured: N worker processes (src/service/main.ts, as `npm run service` runs it)
// on a throwaway Postgres cluster (test/service/postgresCluster.ts, as the multi-process test starts it), behind one
// notification URL (a small forwarding proxy stands in for the load balancer), against the bench world's Graph and
// InterAction. Answers the changed events per second of a burst (every meeting changed at once), or null where
// Postgres 15 is not installed.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { startPostgres } from "../test/service/postgresCluster";
import { burst, type ServiceBenchWorld } from "./serviceWorld";

const ROOT = path.resolve(__dirname, "..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** The load balancer: each request to a worker in turn (the next one when it is down). */
function startProxy(ports: number[]): Promise<{ server: http.Server; port: number }> {
  let turn = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      for (let i = 0; i < ports.length; i++) {
        const port = ports[(turn++ + i) % ports.length]!;
        try {
          const answer = await fetch(`http://127.0.0.1:${port}${req.url}`, {
            method: req.method,
            headers: { "content-type": req.headers["content-type"] ?? "application/json" },
            body: chunks.length ? Buffer.concat(chunks) : undefined,
          });
          res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" });
          res.end(Buffer.from(await answer.arrayBuffer()));
          return;
        } catch {
          // that worker is not up: the next
        }
      }
      res.writeHead(502).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as net.AddressInfo).port })),
  );
}

export async function benchServiceWorkers(
  world: ServiceBenchWorld,
  count: number,
  burstSize: number,
  log: (line: string) => void,
): Promise<{ perSecond: number; ms: number; firstRoundMs: number } | null> {
  const pg = await startPostgres();
  if (!pg) return null;
  const { graph } = world;
  // The embedded service's subscriptions end with it (Graph would keep posting to an endpoint that is gone).
  graph.db.prepare("DELETE FROM subscriptions").run();
  const ports = await Promise.all(Array.from({ length: count }, freePort));
  const proxy = await startProxy(ports);
  const caFile = path.join(mkdtempSync(path.join(tmpdir(), "bench-ca-")), "ca.pem");
  writeFileSync(caFile, graph.caPem);
  const env = {
    ...process.env,
    GRAPH_BASE_URL: graph.url,
    GRAPH_AUTHORITY: graph.authority,
    GRAPH_CLIENT_ID: graph.demoApp.clientId,
    GRAPH_CLIENT_SECRET: graph.demoApp.clientSecret,
    GRAPH_CA_FILE: caFile,
    INTERACTION_URL: world.box.url,
    CLIENT_STATE_SECRET: "bench-workers-secret",
    SYNC_MAILBOXES: world.meetings.map((m) => m.mailbox).join(","),
    SERVICE_PUBLIC_URL: `http://127.0.0.1:${proxy.port}`,
    DATABASE_URL: pg.url,
    SYNC_WORKERS: "2",
    SYNC_SWEEP_CRON: "0 0 1 1 *",
  };
  const children: ChildProcess[] = [];
  const output: string[] = [];
  try {
    const t0 = Date.now();
    for (const port of ports) {
      const child = spawn(process.execPath, ["--import", "tsx", "src/service/main.ts"], {
        cwd: ROOT,
        env: { ...env, SERVICE_PORT: String(port) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const keep = (b: Buffer) => output.push(b.toString()) > 200 && output.shift();
      child.stdout!.on("data", keep);
      child.stderr!.on("data", keep);
      children.push(child);
    }
    const subscribed = () =>
      Number((graph.db.prepare("SELECT count(DISTINCT mailbox_id) AS n FROM subscriptions").get() as { n: number }).n);
    while (subscribed() < world.meetings.length) {
      if (Date.now() - t0 > 600_000)
        throw new Error(`workers did not subscribe every mailbox:\n${output.join("").slice(-2000)}`);
      await sleep(500);
    }
    // The first sweep reads every mailbox once: wait until Graph hears nothing for 3 s.
    let seen = world.counts.graphRequests;
    let since = Date.now();
    while (Date.now() - since < 3000) {
      await sleep(250);
      if (world.counts.graphRequests !== seen) [seen, since] = [world.counts.graphRequests, Date.now()];
    }
    const firstRoundMs = Date.now() - t0;
    log(`  ${count} worker processes on Postgres up and caught up in ${(firstRoundMs / 1000).toFixed(1)} s`);
    const result = await burst(world, burstSize, 600_000);
    log(`  ${count} workers burst: ${burstSize} changes in ${(result.ms / 1000).toFixed(1)} s`);
    return { ...result, firstRoundMs };
  } finally {
    for (const c of children) c.kill("SIGTERM");
    await sleep(1000);
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    proxy.server.close();
    await pg.stop();
  }
}
