// The sync service's create racing the add-in's (issue 15). The service found no record and wrote revision 1 without
// If-Match; the add-in's own create of revision 1 landed in between. InterAction answers a revision already taken
// 2xx without applying it (an idempotent replay looks the same), so the answer, not its status, says whether the
// write landed: judged by the same rule as the add-in's (core/compareAndSet.ts answerConfirms). Lost, the service
// reads Outlook again and plans against the record the add-in made, so the phone's change is written, once.
import type { ServiceInterAction } from "../../src/service/interactionWriter";
import { syncMailbox, type SyncMailboxDeps } from "../../src/service/syncMailbox";
import { serviceWorldForFile } from "./serviceWorld";

jest.setTimeout(60_000);

const worldOf = serviceWorldForFile();

const ALICE = "alice@firm.example";

// An InterAction that ignores If-None-Match answers the service's create 200 unchanged: the answer still tells.
it.each([
  ["honours If-None-Match", true, [201, 412, 200]],
  ["ignores If-None-Match", false, [201, 200, 200]],
])(
  "the add-in's create landing between the service's read and its write (InterAction %s): the service's change is still written",
  async (_, honours, statuses) => {
    const world = worldOf();
    const start = new Date(Date.now() + 30 * 24 * 3600_000);
    start.setUTCHours(10, 0, 0, 0);
    const end = new Date(start.getTime() + 3600_000);
    const event = world.graph.exchange.create(
      ALICE,
      { subject: "Create race", location: "Room 1", start: start.toISOString(), end: end.toISOString() },
      true,
    );
    // Alice clicks Add (Room 1) and saves the form again before the write goes, so the add-in's create carries
    // revision 2; meanwhile her phone moves the meeting to Room 7, which only the service sees.
    const { syncKey, deliver } = await world.addInAddinPending(ALICE, event.id);
    world.graph.exchange.update(ALICE, event.id, { location: "Room 7" }, true);
    let raced = false;
    const deps: SyncMailboxDeps = {
      ...world.deps,
      interactionFor: (mailbox): ServiceInterAction => {
        const real = world.deps.interactionFor(mailbox);
        return {
          ...real,
          upsert: async (...args) => {
            if (!raced) {
              raced = true;
              await deliver(2); // after the service saw no record, before its write arrives
            }
            const [key, payload, idempotencyKey, ifMatch, createOnly] = args;
            return real.upsert(key, payload, idempotencyKey, ifMatch, honours && createOnly);
          },
        };
      },
    };

    await syncMailbox(deps, ALICE);
    await syncMailbox(deps, ALICE);

    expect(raced).toBe(true);
    // Not "answered 200, unchanged" and forgotten: the service learnt its create lost, read Outlook again and wrote
    // Room 7 above the add-in's revision.
    expect(world.box.meetings([syncKey])[0]).toMatchObject({ location: "Room 7" });
    expect(world.box.appliedRevisions(syncKey)).toEqual([2, 3]);
    expect(world.box.meetings([syncKey])).toHaveLength(1);
    const writes = (await world.box.requests()).filter((r) => r.method === "PUT" && r.path.endsWith(syncKey));
    expect(writes.map((w) => w.status)).toEqual(statuses);
  },
);
