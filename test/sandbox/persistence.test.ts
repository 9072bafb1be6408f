// Contract tests: the sandbox is a real server — data, keys and the clock survive a restart, the schema is versioned,
// and the command line prints exactly one line when ready and listens on 127.0.0.1 only.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { migrations, openDatabase } from "../../dev/sandbox/db";
import { seedDemo } from "../../dev/sandbox/seed";
import { Store } from "../../dev/sandbox/store";
import { createInterActionClient } from "../../src/interaction";
import { meeting, newSyncKey, startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe("persistence", () => {
  it("keeps meetings, documents, contacts, settings, signing keys and the clock across a restart", async () => {
    const alice = h.clientFor("alice@firm.example");
    const token = await h.tokenFor("alice@firm.example");
    const key = newSyncKey();
    const { record } = await alice.upsertMeeting(key, meeting());
    const doc = await alice.uploadDocument(key, "att", {
      name: "a.txt",
      contentType: "text/plain",
      bytes: new TextEncoder().encode("kept"),
    });
    await alice.addContact({ name: "Kept Contact", email: "kept@globex.example" });
    const settings = await alice.getSettings();
    await alice.putSettings({ ...settings, postMeetingSyncDays: 21 });
    await h.setClock("2034-06-01T12:00:00Z");

    await h.restart();
    // The token issued before the restart is still valid: the keys live in the database.
    const again = createInterActionClient({
      baseUrl: h.sandbox.url,
      fetch: h.fetch,
      getToken: () => Promise.resolve(token),
    });
    const stored = await again.getMeeting(key);
    expect(stored?.record).toMatchObject({ id: record.id, revision: 1, documents: [doc.document] });
    expect((await again.getSettings()).postMeetingSyncDays).toBe(21);
    expect((await again.searchContacts({ email: ["kept@globex.example"] })).total).toBe(1);
    const clock = (await h.raw.GET("/__sandbox/clock")).data;
    expect(clock?.now.startsWith("2034-06-01")).toBe(true);
    expect(new TextDecoder().decode((await again.documentContent(doc.document.id)).bytes)).toBe("kept");
    await again.putSettings(settings);
    await h.setClock(null);
  });

  it("records the schema version in the database (user_version) and does not re-seed an existing one", async () => {
    const db = new Database(h.dbFile, { readonly: true });
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(migrations.length);
      const users = db.prepare("SELECT COUNT(*) AS n FROM users").get() as { n: number };
      expect(users.n).toBe(3);
    } finally {
      db.close();
    }
  });
});

describe("schema migrations", () => {
  it("upgrades a version-1 database in place, keeping its meetings searchable with their colleagues", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "interaction-migrate-"));
    const file = path.join(dir, "v1.db");
    try {
      // A database written by the first sandbox release: schema 1 only, with one meeting in it.
      const v1 = new Database(file);
      v1.exec(migrations[0] as string);
      v1.pragma("user_version = 1");
      seedDemo(v1, "2030-01-01T00:00:00.000Z");
      v1.exec(`
        INSERT INTO meetings VALUES ('m-old', 'sk-old', 'u-bob', 'bob@firm.example', 'organizer', NULL, 'Old one', '',
          '2030-02-01T10:00:00.000Z', '2030-02-01T11:00:00.000Z', '', '"everyone"', 'at-meeting', 0, 0, 'normal', 1, 1,
          '2030-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z');
        INSERT INTO meeting_attendees VALUES ('m-old', 0, 'carol@acme.example', 'Carol', 'required', 'accepted', 'p-carol', NULL);
        INSERT INTO meeting_colleagues VALUES ('m-old', 'u-bob');
        INSERT INTO meeting_companies VALUES ('c-acme', '2030-02-01T10:00:00.000Z', 'm-old', 1, 0, 'everyone', NULL, 'u-bob');
      `);
      v1.close();

      const db = openDatabase(file);
      try {
        expect(db.pragma("user_version", { simple: true })).toBe(migrations.length);
        const store = new Store(db, { now: () => new Date("2030-01-15T00:00:00Z") });
        const page = store.companyMeetings(store.userByEmail("alice@firm.example"), {
          companyId: "c-acme",
          skip: 0,
          limit: 10,
        });
        expect(page).toMatchObject({ total: 1, colleagueCount: 1, items: [{ syncKey: "sk-old" }] });
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Whether a TCP connection to host:port is accepted (within 2 s). */
const connects = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });

/** This machine's addresses other than loopback (where a server bound to every interface would also answer). */
const ownAddresses = (): string[] =>
  Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && a.family === "IPv4")
    .map((a) => (a as { address: string }).address);

describe("npm run sandbox", () => {
  it("prints exactly one line with its address when ready, listens on 127.0.0.1 only, serves, and stops cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "interaction-cli-"));
    // The command as documented (README, dev/sandbox/README.md); --silent keeps npm's own banner off stdout.
    const command = ["run", "sandbox", "--silent", "--", "--port", "0", "--db", path.join(dir, "cli.db")];
    const child = spawn("npm", command, {
      cwd: path.resolve(__dirname, "../.."),
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NODE_OPTIONS: "" },
      // Its own process group, so SIGTERM reaches npx, tsx and the server alike (as Ctrl-C does in a terminal).
      detached: true,
    });
    const pgid = child.pid as number;
    const groupAlive = () => {
      try {
        process.kill(-pgid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      let stdout = "";
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line; stdout: ${stdout}`)), 30000);
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString("utf8");
          if (stdout.includes("\n")) {
            clearTimeout(timer);
            resolve(stdout);
          }
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}; stdout: ${stdout}`)));
      });
      expect(line).toMatch(/^InterAction sandbox listening on http:\/\/127\.0\.0\.1:\d+\n$/);
      const url = line.trim().split(" ").pop() as string;
      const port = Number(new URL(url).port);
      expect(port).toBeGreaterThan(0); // --port 0 picked a free port and the line names it
      // Bound to 127.0.0.1 itself, not every interface: other loopback addresses, IPv6 and the machine's own
      // addresses are refused.
      expect(await connects("127.0.0.1", port)).toBe(true);
      for (const host of ["127.0.0.2", "::1", ...ownAddresses()])
        expect([host, await connects(host, port)]).toEqual([host, false]);
      const response = await fetch(`${url}/dev/token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: "dana@firm.example" }),
      });
      expect(response.status).toBe(200);
      const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
      process.kill(-pgid, "SIGTERM");
      await exited;
      for (let i = 0; i < 50 && groupAlive(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(groupAlive()).toBe(false);
      await expect(fetch(`${url}/api/v1/me`)).rejects.toThrow();
      expect(stdout).toBe(line);
    } finally {
      if (groupAlive()) process.kill(-pgid, "SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});
