// A job that dies after InterAction applied its write but before the service's index recorded it (a worker killed
// mid-job) must not make the next job write the same content again: the next job sends the very same request
// (revision, Idempotency-Key, If-Match), which InterAction replays. Without the write-in-flight record the next job
// finds a revision it does not know, plans above it and writes the same meeting a second time.
import { syncMailbox } from "../../src/service/syncMailbox";
import { startServiceWorld, type ServiceWorld } from "./serviceWorld";

jest.setTimeout(60_000);

const ALICE = "alice@firm.example";
let world: ServiceWorld;
beforeAll(async () => {
  world = await startServiceWorld();
}, 120_000);
afterAll(async () => {
  await world?.close();
});

test("a write applied by a job that died before its index entry is not written again by the next job", async () => {
  const start = new Date(Date.now() + 12 * 86_400_000);
  start.setUTCHours(9, 0, 0, 0);
  const event = world.graph.exchange.create(
    ALICE,
    {
      subject: "Killed mid-job",
      start: start.toISOString(),
      end: new Date(start.getTime() + 3_600_000).toISOString(),
      attendees: [{ email: "carol@acme.example", name: "Carol Chen", type: "required" }],
    },
    true,
  );
  const syncKey = await world.addThroughAddin(ALICE, event.id);
  await syncMailbox(world.deps, ALICE); // the service reads it once (nothing to write)
  const to = new Date(start.getTime() + 86_400_000);
  world.graph.exchange.move(ALICE, event.id, to.toISOString(), new Date(to.getTime() + 3_600_000).toISOString());

  // The process "dies" right after InterAction answered: the index entry is never saved.
  const store = world.deps.store;
  let died = false;
  const dying = Object.create(store) as typeof store;
  dying.saveEntry = async (entry) => {
    if (entry.eventId === event.id && entry.deliveredAt && !died) {
      died = true;
      throw new Error("killed (SIGKILL) before the index was saved");
    }
    return store.saveEntry(entry);
  };
  await expect(syncMailbox({ ...world.deps, store: dying }, ALICE)).rejects.toThrow(/killed/);
  expect(died).toBe(true);
  const afterDeath = world.box.appliedRevisions(syncKey);

  await syncMailbox(world.deps, ALICE); // the next job, from the same delta token

  expect(world.box.meetings([syncKey])[0]?.start_at).toBe(to.toISOString());
  expect(world.box.appliedRevisions(syncKey)).toEqual(afterDeath);
  expect(await world.store.writeInFlight(ALICE, event.id)).toBeNull();
});
