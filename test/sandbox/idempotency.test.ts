// Idempotency-Key: a write and its key's record are one transaction. Two requests with one key, however they
// overlap, apply once: the second answers the first's answer again (Idempotent-Replayed). And a write whose key
// cannot be recorded is not applied either, so a retry with the key cannot apply it a second time.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { loadOrCreateKeys, signAccessToken } from "../../dev/sandbox/auth";
import { openDatabase, type Db } from "../../dev/sandbox/db";
import { meeting, startHarness, type Harness } from "./harness";

describe("a write and its Idempotency-Key record are one transaction", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 30_000); // starting a sandbox compiles the contract: seconds on a loaded 2-core machine
  afterAll(async () => {
    await h.close();
  });

  it("when the key's record cannot be written, the write is not applied; a retry applies it once", async () => {
    const token = await h.tokenFor("alice@firm.example");
    const body = JSON.stringify(meeting()); // one request, sent again: the same body
    const put = () =>
      h.fetch(`${h.sandbox.url}/api/v1/meetings/sk-idem-atomic`, {
        method: "PUT",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "idempotency-key": "sk-idem-atomic:r1",
        },
        body,
      });
    const stored = () =>
      h.sandbox.db.prepare("SELECT COUNT(*) AS n FROM meetings WHERE sync_key = 'sk-idem-atomic'").get() as {
        n: number;
      };
    // The disk refuses the key's record (a temporary trigger on the sandbox's own connection).
    h.sandbox.db.exec(
      "CREATE TEMP TRIGGER refuse_idempotency BEFORE INSERT ON idempotency BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    try {
      expect((await put()).status).toBe(500);
      expect(stored().n).toBe(0);
    } finally {
      h.sandbox.db.exec("DROP TRIGGER refuse_idempotency");
    }
    const first = await put();
    expect(first.status).toBe(201);
    const again = await put();
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(stored().n).toBe(1);
  });
});

/** `npm run sandbox` on `dbFile`; resolves once it prints its address. */
async function startCli(dbFile: string): Promise<{ url: string; child: ChildProcessWithoutNullStreams }> {
  const child = spawn("npm", ["run", "sandbox", "--silent", "--", "--port", "0", "--db", dbFile], {
    cwd: path.resolve(__dirname, "../.."),
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_OPTIONS: "" },
    detached: true, // its own process group, so one signal stops npm, tsx and the server
  }) as unknown as ChildProcessWithoutNullStreams;
  let stdout = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address line; stdout: ${stdout}`)), 60_000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}; stdout: ${stdout}`)));
  });
  return { url, child };
}

const stop = (child: ChildProcessWithoutNullStreams) => {
  try {
    process.kill(-(child.pid as number), "SIGKILL");
  } catch {
    // already gone
  }
};

describe("two requests with one Idempotency-Key at the same time", () => {
  it("apply once: the other answers the same answer again, even from another process on the same database", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "interaction-idem-"));
    const dbFile = path.join(dir, "sandbox.db");
    const started: ChildProcessWithoutNullStreams[] = [];
    let db: Db | undefined;
    try {
      // One after the other: the first seeds the new database.
      const one = await startCli(dbFile);
      started.push(one.child);
      const two = await startCli(dbFile);
      started.push(two.child);
      db = openDatabase(dbFile);
      const token = await signAccessToken(await loadOrCreateKeys(db), {
        sub: "u-alice",
        email: "alice@firm.example",
      });
      const headers = { authorization: `Bearer ${token}` };
      for (const url of [one.url, two.url]) expect((await fetch(`${url}/api/v1/me`, { headers })).status).toBe(200);

      // Both requests arrive while another writer holds the database, so both are inside the sandbox, past any
      // check of the key, waiting to write, when it lets go.
      db.exec("BEGIN IMMEDIATE");
      const body = JSON.stringify(meeting());
      const put = (url: string) =>
        fetch(`${url}/api/v1/meetings/sk-idem-race`, {
          method: "PUT",
          headers: { ...headers, "content-type": "application/json", "idempotency-key": "sk-idem-race:r1" },
          body,
        });
      const answers = Promise.all([put(one.url), put(two.url)]);
      await new Promise((r) => setTimeout(r, 1500));
      db.exec("COMMIT");
      const [a, b] = await answers;
      const replayed = [a, b].map((r) => r.headers.get("idempotent-replayed"));
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(replayed.sort()).toEqual(["true", null].sort());
      expect(await a.json()).toEqual(await b.json());
      const rows = db.prepare("SELECT revision, version FROM meetings WHERE sync_key = 'sk-idem-race'").all() as {
        revision: number;
        version: number;
      }[];
      expect(rows).toEqual([{ revision: 1, version: 1 }]);
    } finally {
      db?.close();
      for (const child of started) stop(child);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
