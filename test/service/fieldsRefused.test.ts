// The sync service's write answered with its fields refused (contract MeetingRecord.fieldsRefused: InterAction kept
// the link and its revision but not the write's shared fields, e.g. an attendee's write that landed once the meeting
// was an activity). Like the add-in (test/sync/refusedFieldsAnswer.test.ts), the service must not record content it
// did not deliver: its index keeps the link's revision but claims no fingerprint, so no later round takes InterAction
// to hold this copy's content.
import { syncMailbox, type SyncMailboxDeps } from "../../src/service/syncMailbox";
import { serviceWorldForFile } from "./serviceWorld";

jest.setTimeout(60_000);

const worldOf = serviceWorldForFile();

const ALICE = "alice@firm.example";

it("a write whose fields InterAction refused is recorded as the link's revision, without its fingerprint", async () => {
  const world = worldOf();
  const start = new Date(Date.now() + 150 * 24 * 3600_000);
  start.setUTCHours(9, 0, 0, 0);
  const [alice] = world.graph.exchange.outsideInvite(
    { email: "carol@acme.example", name: "Carol Chen" },
    {
      subject: "Acme pricing",
      location: "Acme HQ",
      attendees: [{ email: ALICE }],
      start: start.toISOString(),
      end: new Date(start.getTime() + 3600_000).toISOString(),
    },
  );
  world.graph.exchange.respond(ALICE, alice!.id, "accept");
  // Added without the iCalUId, so the service's round writes once (it brings the iCalUId from Graph).
  const syncKey = await world.addThroughAddin(ALICE, alice!.id, {}, { withoutIdentity: true });
  const writes = await world.meetingWrites();
  const deps: SyncMailboxDeps = {
    ...world.deps,
    interactionFor: (mailbox) => {
      const real = world.deps.interactionFor(mailbox);
      return {
        ...real,
        // As InterAction answers a write it kept only as a link: no fingerprint, and why.
        upsert: async (...args) => {
          const { fingerprint: _notHeld, ...record } = await real.upsert(...args);
          return { ...record, fieldsRefused: "organizerOnly" };
        },
      };
    },
  };

  await syncMailbox(deps, ALICE);

  expect(await world.meetingWrites()).toBe(writes + 1);
  const entry = await world.store.entry(ALICE, alice!.id);
  expect(entry).toMatchObject({ syncKey, revision: 2 });
  expect(entry?.fingerprint).toBeUndefined();
});
