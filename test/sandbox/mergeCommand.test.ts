// The one-off duplicate merge as a sandbox command (issue 14): records made before identity existed that share an
// iCalUId (as an older gateway left them) fold into one, keeping every link and document; --dry-run changes nothing.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { openDatabase } from "../../dev/sandbox/db";
import { parseMergeArgs, runMergeCommand } from "../../dev/sandbox/mergeCommand";
import { seedDemo } from "../../dev/sandbox/seed";
import { Store, type UserRow } from "../../dev/sandbox/store";
import { invitation } from "./sharedMeetingSupport";

let dir: string;
let file: string;
const ids: Record<string, string> = {};
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "interaction-merge-"));
  file = path.join(dir, "sandbox.db");
  const db = openDatabase(file);
  seedDemo(db, new Date().toISOString());
  const store = new Store(db, { now: () => new Date() });
  const user = (email: string) => store.userByEmail(email) as UserRow;
  // Two records of one meeting that an older gateway stamped with the same iCalUId, and a third record without one.
  ids.alice = store.upsertMeeting(user("alice@firm.example"), "sk-dup-alice", invitation("alice")).record.id;
  ids.bob = store.upsertMeeting(user("bob@firm.example"), "sk-dup-bob", invitation("bob")).record.id;
  ids.other = store.upsertMeeting(
    user("bob@firm.example"),
    "sk-dup-bob-2",
    invitation("bob", { subject: "Other" }),
  ).record.id;
  db.prepare("UPDATE meetings SET ical_uid = 'uid-shared' WHERE id IN (?, ?)").run(ids.alice, ids.bob);
  store.putDocument(user("bob@firm.example"), "sk-dup-bob", "deck", {
    name: "deck.pdf",
    contentType: "application/pdf",
    bytes: Buffer.from("deck"),
  });
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const count = (sql: string): number => {
  const db = openDatabase(file);
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe("npm run sandbox -- merge-duplicates", () => {
  it("reports what it would fold with --dry-run and changes nothing", () => {
    const result = spawnSync(
      "npm",
      ["run", "sandbox", "--silent", "--", "merge-duplicates", "--db", file, "--dry-run"],
      {
        cwd: path.resolve(__dirname, "../.."),
        encoding: "utf8",
        env: { ...process.env, NODE_OPTIONS: "" },
        timeout: 60000,
      },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ dryRun: true, merged: [{ iCalUId: "uid-shared" }] });
    expect(count("SELECT COUNT(*) AS n FROM meetings WHERE ical_uid = 'uid-shared'")).toBe(2);
  }, 60000);

  it("folds records sharing an iCalUId into the older, keeping links and documents; identities link older ones", () => {
    const identities = path.join(dir, "identities.json");
    writeFileSync(identities, JSON.stringify([{ syncKey: "sk-dup-bob-2", iCalUId: "uid-other" }]));
    const report = runMergeCommand(["--db", file, "--identities", identities]);
    expect(report).toEqual({
      dryRun: false,
      merged: [{ iCalUId: "uid-shared", meetingId: ids.alice, foldedIds: [ids.bob], links: 2, documents: 1 }],
      conflicts: [],
      unknownSyncKeys: [],
    });
    expect(count("SELECT COUNT(*) AS n FROM meetings WHERE ical_uid = 'uid-shared'")).toBe(1);
    expect(count("SELECT COUNT(*) AS n FROM meetings WHERE ical_uid = 'uid-other'")).toBe(1);
    expect(count(`SELECT COUNT(*) AS n FROM documents WHERE meeting_id = '${ids.alice}'`)).toBe(1);
    // Run again: nothing left to fold.
    expect(runMergeCommand(["--db", file]).merged).toEqual([]);
  });

  it("refuses a missing database and unknown options with the usage", () => {
    expect(() => runMergeCommand(["--db", path.join(dir, "nope.db")])).toThrow(/no sandbox database at .*nope\.db/);
    expect(() => parseMergeArgs(["--force"])).toThrow(/Unknown option --force\. Usage: npm run sandbox -- merge/);
    expect(() => parseMergeArgs(["--db"])).toThrow(/--db needs a value/);
  });
});
