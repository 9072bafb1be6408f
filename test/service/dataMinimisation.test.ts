// Data minimisation, as a law firm's ethical walls require: after the service has delivered meetings (and a change
// of one), its whole database (pg-boss's queue, archive and schedule, and the service's own store) holds no meeting
// body, subject, location, attendee or Graph payload: every table of every schema is read and searched for them.
// And room and equipment mailboxes never count as colleagues in what the service writes, whether Outlook listed them
// as resources or someone typed the room into the To line.
import type { SyncMailboxReport } from "../../src/service/syncMailbox";
import { startSyncService, type RunningSyncService } from "../../src/service/syncService";
import { ADDIN_ID, startServiceWorld, type ServiceWorld } from "./serviceWorld";

jest.setTimeout(120_000);

const ALICE = "alice@firm.example";
let world: ServiceWorld;
let service: RunningSyncService;
const synced: SyncMailboxReport[] = [];

beforeAll(async () => {
  world = await startServiceWorld();
  service = await startSyncService(
    {
      graph: {
        baseUrl: world.graph.url,
        authority: world.graph.authority,
        clientId: world.graph.demoApp.clientId,
        clientSecret: world.graph.demoApp.clientSecret,
        caPem: world.graph.caPem,
      },
      addinId: ADDIN_ID,
      interactionUrl: world.box.url,
      port: 0,
      mailboxes: [ALICE, "bob@firm.example"],
      clientStateSecret: "minimisation-secret",
      horizonDays: 365,
      workers: 2,
      sweepCron: "*/5 * * * *",
    },
    {
      log: world.deps.log,
      interactionFor: world.deps.interactionFor,
      onSynced: (r) => synced.push(r),
      pollingIntervalSeconds: 0.5,
    },
  );
}, 240_000);
afterAll(async () => {
  await service?.close();
  await world?.close();
});

async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const until = Date.now() + 60_000;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`Still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const slot = (days: number) => {
  const start = new Date(Date.now() + days * 86_400_000);
  start.setUTCHours(10, 0, 0, 0);
  return { start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString() };
};

/** Every row of every table in the service's database, as JSON text, with the table it came from. */
async function everyRow(): Promise<{ table: string; json: string }[]> {
  const db = service.queue.db();
  const tables = (
    await db.executeSql(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
      [],
    )
  ).rows as { s: string; t: string }[];
  const rows: { table: string; json: string }[] = [];
  for (const { s, t } of tables) {
    const found = await db.executeSql(`SELECT row_to_json(x)::text AS j FROM "${s}"."${t}" x`, []);
    for (const r of found.rows) rows.push({ table: `${s}.${t}`, json: r.j as string });
  }
  return rows;
}

describe("what the service keeps", () => {
  it("holds no meeting body, subject, location, attendee or Graph payload in any table after deliveries", async () => {
    const secret = {
      subject: "Merger Zq9 privileged",
      body: "Privileged advice Xk7 about the Hollis acquisition",
      location: "Chambers Wq4",
    };
    const event = world.graph.exchange.create(
      ALICE,
      {
        ...secret,
        ...slot(20),
        attendees: [
          { email: "bob@firm.example", name: "Bob Baker", type: "required" },
          { email: "carol@acme.example", name: "Carol Chen", type: "required" },
        ],
      },
      true,
    );
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    const to = slot(21);
    world.graph.exchange.update(ALICE, event.id, { body: `${secret.body}, revised Yp3`, ...to }, true);
    await eventually("the service to deliver the change", () =>
      world.box.meetings([syncKey])[0]?.start_at === to.start ? true : undefined,
    );
    await eventually(
      "the service's index to hold the meeting",
      async () => (await service.store.entry(ALICE, event.id)) ?? undefined,
    );

    const rows = await everyRow();
    // The scan reads real tables: the queue's jobs and the service's index are among them.
    expect(rows.some((r) => r.table.endsWith(".meeting_index") && r.json.includes(event.id))).toBe(true);
    expect(rows.some((r) => /\.(job|archive)$/.test(r.table) && r.json.includes(ALICE))).toBe(true);
    const forbidden = [
      secret.subject,
      "Xk7",
      "Yp3",
      secret.location,
      "Carol Chen",
      "carol@acme.example",
      "Bob Baker",
      "@odata",
      "bodyPreview",
      "Hollis",
    ];
    const leaks = rows.flatMap((r) => forbidden.filter((f) => r.json.includes(f)).map((f) => `${r.table}: ${f}`));
    expect(leaks).toEqual([]);
  });

  it("never counts a room or equipment mailbox as a colleague in what it writes (listed as a resource or typed into To)", async () => {
    const event = world.graph.exchange.create(
      ALICE,
      {
        subject: "Board meeting",
        location: "Boardroom",
        ...slot(30),
        attendees: [
          { email: "bob@firm.example", name: "Bob Baker", type: "required" },
          { email: "carol@acme.example", name: "Carol Chen", type: "required" },
          { email: "boardroom@firm.example", name: "Boardroom", type: "required" },
          { email: "projector@firm.example", name: "Projector", type: "resource" },
        ],
      },
      true,
    );
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    const to = slot(31);
    world.graph.exchange.move(ALICE, event.id, to.start, to.end);
    await eventually("the service to deliver the move", () =>
      world.box.meetings([syncKey])[0]?.start_at === to.start ? true : undefined,
    );
    const row = world.box.meetings([syncKey])[0]!;
    expect(row.revision).toBeGreaterThan(1); // the service wrote it
    // A room listed as a resource is not an attendee at all (Office.js does not list it either); a room typed into
    // the To line is one as Outlook shows it, but never a colleague: neither is any firm user's link.
    const attendees = world.box.attendeesOf(row.id).map((a) => a.email.toLowerCase());
    expect(attendees).toEqual(expect.arrayContaining(["bob@firm.example", "carol@acme.example"]));
    expect(attendees).not.toContain("projector@firm.example");
    const record = await world.box.client(ALICE).getMeeting(syncKey);
    const colleagues = JSON.stringify((record!.record as { colleagues: unknown }).colleagues);
    expect(colleagues).toContain("bob@firm.example");
    expect(colleagues).not.toMatch(/boardroom|projector/i);
  });
});
