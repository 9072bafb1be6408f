// The InterAction sandbox the bench measures against: the real CLI (`tsx dev/sandbox/main.ts`, what `npm run
// sandbox` runs) in its own process on an ephemeral port with a throwaway SQLite file, so the add-in code being timed
// and the server do not share one event loop. The bench reads the same SQLite file (WAL) to check what landed.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getMeta, openDatabase, setMeta, type Db } from "../dev/sandbox/db";
import { seed as runSeed } from "../dev/sandbox/seed";
import { seedFirm, type FirmSeedResult, type FirmSize } from "./firmSeed";
import { ROOT } from "./build";

export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  status: number;
}

export interface BenchSandbox {
  url: string;
  /** The sandbox's database, opened by the bench (read what landed; EXPLAIN QUERY PLAN). */
  db: Db;
  /** The firm the search bench seeds (bench/firmSeed.ts), when asked for. */
  firm?: FirmSeedResult;
  requests(): Promise<LoggedRequest[]>;
  /** Logs a request no client makes (a unique path under /api/) and returns its path: a position in the log. */
  mark(): Promise<string>;
  /** The requests logged after `marker`; throws when the marker has left the log (more than 1,000 since). */
  requestsSince(marker: string): Promise<LoggedRequest[]>;
  token(email: string): Promise<string>;
  close(): Promise<void>;
}

const LISTENING = /InterAction sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/;

function spawnSandbox(dbFile: string): Promise<{ child: ChildProcess; url: string }> {
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  const child = spawn(
    tsx,
    [path.join(ROOT, "dev", "sandbox", "main.ts"), "--port", "0", "--db", dbFile, "--seed", "demo"],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => fail(new Error("the sandbox did not start within 60 s")), 60_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`${e.message}\n${err}`));
    };
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = LISTENING.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] as string });
      }
    });
    child.on("exit", (code) => fail(new Error(`the sandbox exited with ${code}`)));
  });
}

/**
 * Starts a sandbox with the demo seed; `firm` adds a firm of that size through the store's own write path
 * (bench/firmSeed.ts) to the database before the server opens it.
 */
export async function benchSandbox(firm?: FirmSize): Promise<BenchSandbox> {
  const dir = mkdtempSync(path.join(tmpdir(), "ia-bench-"));
  const dbFile = path.join(dir, "sandbox.db");
  const db = openDatabase(dbFile);
  let firmResult: FirmSeedResult | undefined;
  try {
    if (!getMeta(db, "seeded")) {
      runSeed(db, "demo", new Date().toISOString());
      setMeta(db, "seeded", "demo");
    }
    if (firm) firmResult = seedFirm(db, firm);
  } catch (e) {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  let started: { child: ChildProcess; url: string };
  try {
    started = await spawnSandbox(dbFile);
  } catch (e) {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const { child, url } = started;
  const tokens = new Map<string, string>();
  let marks = 0;
  const requests = async () => {
    const res = await fetch(`${url}/__sandbox/requests`);
    return ((await res.json()) as { items: LoggedRequest[] }).items;
  };
  return {
    url,
    db,
    ...(firmResult ? { firm: firmResult } : {}),
    requests,
    mark: async () => {
      const marker = `/api/v1/__bench-marker/${process.pid}-${++marks}`;
      await (await fetch(`${url}${marker}`)).arrayBuffer(); // a 401/404 answer, logged like any API request
      return marker;
    },
    requestsSince: async (marker) => {
      const log = await requests();
      const at = log.findIndex((r) => r.path === marker);
      if (at < 0) throw new Error(`bench: marker ${marker} is no longer in the sandbox's request log`);
      return log.slice(at + 1);
    },
    token: async (email) => {
      const cached = tokens.get(email);
      if (cached) return cached;
      const res = await fetch(`${url}/dev/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email }),
      });
      if (!res.ok) throw new Error(`dev token for ${email}: ${res.status}`);
      const token = ((await res.json()) as { access_token: string }).access_token;
      tokens.set(email, token);
      return token;
    },
    close: async () => {
      child.removeAllListeners("exit");
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      });
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Requests that change what InterAction stores (the sandbox's API only; /dev/token and reads excluded). */
export const isWrite = (r: LoggedRequest) => r.method !== "GET" && r.method !== "HEAD" && r.path.startsWith("/api/");
export const isMeetingWrite = (r: LoggedRequest) => r.method === "PUT" && /^\/api\/v1\/meetings\/[^/]+$/.test(r.path);
export const isDocumentWrite = (r: LoggedRequest) =>
  r.method === "PUT" && /^\/api\/v1\/meetings\/[^/]+\/documents\//.test(r.path);
