// Two writers, one truth (issue 15): the add-in writes the meeting with If-Match (the record's ETag it planned
// against). When the firm's sync service wrote since, InterAction answers 412 (or, for a write without a known ETag,
// a revision the service already took, not applied); the add-in reads the record as it is now and plans again from
// the item: the same content costs no further write, other content one write above InterAction's revision. A stale
// queued write is dropped, never sent again as it is. Outside the send event the add-in reads the record before it
// writes (the service may have delivered a change its state does not know), so that 412 is not spent; a send reads
// it ahead, while the settings load, and the 412 stays what settles a race.
import { describe, expect, test } from "@jest/globals";
import { payloadFingerprint } from "../../src/core/fingerprint";
import type { MeetingPayload } from "../../src/core/operations";
import { startDeadline } from "../../src/sync/deadline";
import { deliverPending } from "../../src/sync/deliverOutbox";
import { runSync } from "../../src/sync/runSync";
import { apiError, createHarness, type Harness } from "../support/fakes";
import { serviceWritesAfterReadAhead } from "../support/serviceRace";

const SENT_MEETING = { isNew: false, itemId: "item-1" };
const addedHarness = async (): Promise<Harness> => {
  const h = createHarness({ snapshot: SENT_MEETING, settings: { autoAddContactTypeIds: [] } });
  await runSync({ kind: "add" }, h.deps);
  return h;
};
const syncKeyOf = (h: Harness) => h.stateStore.state?.syncKey as string;

/** The sync service delivers a committed change itself (its own key, compare-and-set against the current ETag). */
const serviceWrites = async (h: Harness, change: Partial<MeetingPayload>) => {
  const key = syncKeyOf(h);
  const stored = h.api.stored(key) as MeetingPayload;
  const payload = { ...stored, ...change, revision: stored.revision + 1 };
  await h.api.upsertMeeting(key, payload, `${key}:svc:r${payload.revision}`, h.api.etag(key));
  return payload;
};
/** The item's state after the add-in settled on the service's write: revision 2 delivered, its content and ETag. */
const expectInStepWithService = (h: Harness, service: MeetingPayload) =>
  expect(h.stateStore.state).toMatchObject({
    revision: 2,
    deliveredRevision: 2,
    fingerprint: payloadFingerprint(service),
    etag: h.api.etag(syncKeyOf(h)),
  });
const addinWrites = (h: Harness) => h.api.callsOf("upsertMeeting").filter((c) => !String(c.args[2]).includes(":svc:"));

describe("the add-in writes with compare and set", () => {
  test("every meeting write carries If-Match with the ETag of the record the add-in last saw", async () => {
    const h = await addedHarness();
    const afterCreate = h.stateStore.state?.etag;
    expect(afterCreate).toBe(h.api.etag(syncKeyOf(h)));
    h.item.update({ location: "Room 9" });
    await runSync({ kind: "send" }, h.deps);
    const [create, update] = addinWrites(h);
    expect(create?.args).toHaveLength(3); // a create: nothing to compare with
    expect(update?.args[3]).toBe(afterCreate);
    expect(update?.outcome).toBe("ok");
    expect(h.stateStore.state?.etag).toBe(h.api.etag(syncKeyOf(h)));
  });

  test("412, the service already delivered the same change: re-planned from the item, nothing more is written", async () => {
    const h = await addedHarness();
    h.item.update({ location: "Room 9" });
    let service!: MeetingPayload;
    // The service's write races the send: it lands after the record the send read ahead.
    serviceWritesAfterReadAhead(h, async () => (service = await serviceWrites(h, { location: "Room 9" })));
    const outcome = await runSync({ kind: "send" }, h.deps);
    const writes = addinWrites(h);
    expect(writes.map((w) => w.outcome)).toEqual(["ok", "error"]); // the create, then the 412
    expect(h.api.appliedWrites).toBe(2); // the add-in's create and the service's change: one write per change
    expect(outcome.status).toBe("synced");
    expect(outcome.queued).toBe(0);
    expectInStepWithService(h, service);
    // Nothing is owed any more: the next open writes nothing.
    await runSync({ kind: "open" }, h.deps);
    expect(addinWrites(h)).toHaveLength(2);
  });

  test("412, the record holds other content: one write above InterAction's revision with its current ETag", async () => {
    const h = await addedHarness();
    h.item.update({ location: "Room 9" });
    let etagAfterService: string | undefined;
    serviceWritesAfterReadAhead(h, async () => {
      await serviceWrites(h, { location: "Room 7" });
      etagAfterService = h.api.etag(syncKeyOf(h));
    });
    const outcome = await runSync({ kind: "send" }, h.deps);
    const writes = addinWrites(h);
    expect(writes.map((w) => w.outcome)).toEqual(["ok", "error", "ok"]);
    expect(writes[2]?.args[3]).toBe(etagAfterService);
    expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 3, location: "Room 9" });
    expect(outcome.status).toBe("synced");
    expect(h.stateStore.state).toMatchObject({ revision: 3, deliveredRevision: 3 });
  });

  test("no ETag known: the record is read first, and a revision the service already took is not sent", async () => {
    const h = await addedHarness();
    // An item whose state knows no ETag (saved before compare and set, or a document changed the record since).
    h.stateStore.state = { ...h.stateStore.state!, etag: undefined };
    h.item.update({ location: "Room 9" });
    await serviceWrites(h, { location: "Room 7" });
    const etagAfterService = h.api.etag(syncKeyOf(h));
    const outcome = await runSync({ kind: "open" }, h.deps);
    const writes = addinWrites(h);
    expect(writes.map((w) => [w.outcome, (w.args[1] as MeetingPayload).revision, w.args[3]])).toEqual([
      ["ok", 1, undefined],
      ["ok", 3, etagAfterService],
    ]);
    expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 3, location: "Room 9" });
    expect(outcome.status).toBe("synced");
  });

  test("a revision the service already took, answered 200 but not applied, is not taken for confirmed", async () => {
    const h = await addedHarness();
    // A gateway in front of InterAction that drops If-Match: the add-in's revision 2 meets the service's revision 2.
    const api = h.api;
    h.deps.api = Object.assign(Object.create(api) as typeof api, {
      upsertMeeting: (key: string, payload: MeetingPayload, idempotencyKey: string) =>
        api.upsertMeeting(key, payload, idempotencyKey),
    });
    h.item.update({ location: "Room 9" });
    serviceWritesAfterReadAhead(h, () => serviceWrites(h, { location: "Room 7" }));
    const outcome = await runSync({ kind: "send" }, h.deps);
    const writes = addinWrites(h);
    expect(writes.map((w) => [w.outcome, (w.args[1] as MeetingPayload).revision])).toEqual([
      ["ok", 1],
      ["ok", 2], // answered with the service's revision 2: not applied, not confirmed
      ["ok", 3],
    ]);
    expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 3, location: "Room 9" });
    expect(outcome.status).toBe("synced");
    expect(h.stateStore.state).toMatchObject({ revision: 3, deliveredRevision: 3 });
  });

  test("a stale queued write of a meeting not open is dropped, never sent again as it is", async () => {
    const h = await addedHarness();
    h.item.update({ location: "Room 9" });
    h.api.fail("upsertMeeting", apiError("server"));
    await runSync({ kind: "send" }, h.deps); // queued: InterAction was down
    expect(await h.outbox.load()).toHaveLength(1);
    await serviceWrites(h, { location: "Room 12" }); // the service delivered a newer committed change meanwhile
    h.clock.advance(3_600_000);
    const report = await deliverPending(h.deps, startDeadline(10_000), {});
    expect(report.results.map((r) => r.outcome)).toEqual(["conflicted"]);
    expect(report.entries).toEqual([]);
    expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 2, location: "Room 12" });
    expect(addinWrites(h).filter((w) => w.outcome === "ok")).toHaveLength(1);
  });
});

/** The meeting reads and writes of the add-in since `from` (the service's own writes left out), in order. */
const meetingCallsSince = (h: Harness, from: number) =>
  h.api.calls
    .slice(from)
    .filter((c) => c.method === "getMeeting" || (c.method === "upsertMeeting" && !String(c.args[2]).includes(":svc:")))
    .map((c) => [c.method, c.outcome]);

describe("outside the send event the add-in reads the record before it writes", () => {
  test("opening an item whose state lags the record (the service delivered its change): one read, no write", async () => {
    const h = await addedHarness();
    h.item.update({ location: "Room 9" });
    const service = await serviceWrites(h, { location: "Room 9" });
    const from = h.api.calls.length;
    const outcome = await runSync({ kind: "open" }, h.deps);
    expect(meetingCallsSince(h, from)).toEqual([["getMeeting", "ok"]]);
    expect(h.api.appliedWrites).toBe(2); // the add-in's create and the service's change
    expect(outcome.status).toBe("synced");
    expectInStepWithService(h, service);
    // Nothing to write: no read either.
    await runSync({ kind: "open" }, h.deps);
    expect(meetingCallsSince(h, from)).toHaveLength(1);
  });

  test("opening, the record holds other content: one read, then one write above it with its ETag (no 412)", async () => {
    const h = await addedHarness();
    h.item.update({ location: "Room 9" });
    await serviceWrites(h, { location: "Room 7" });
    const etagAfterService = h.api.etag(syncKeyOf(h));
    const from = h.api.calls.length;
    const outcome = await runSync({ kind: "open" }, h.deps);
    expect(meetingCallsSince(h, from)).toEqual([
      ["getMeeting", "ok"],
      ["upsertMeeting", "ok"],
    ]);
    expect(addinWrites(h).at(-1)?.args[3]).toBe(etagAfterService);
    expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 3, location: "Room 9" });
    expect(outcome.status).toBe("synced");
    expect(h.stateStore.state).toMatchObject({ revision: 3, deliveredRevision: 3 });
  });

  // Changed on purpose (send read-ahead): a send used to write at once with the If-Match it knew and learn of the
  // service's write from the 412. It now reads the record while the settings load, and that read answers it.
  test("a send reads the record ahead: the service's write of the same change costs the send no write, no 412", async () => {
    const h = await addedHarness();
    h.item.update({ location: "Room 9" });
    await serviceWrites(h, { location: "Room 9" });
    const from = h.api.calls.length;
    const outcome = await runSync({ kind: "send" }, h.deps);
    expect(meetingCallsSince(h, from)).toEqual([["getMeeting", "ok"]]); // the record holds the change: settled
    expect(addinWrites(h)).toHaveLength(1); // the create only
    expect(outcome.status).toBe("synced");
  });

  test("a send reads the record ahead: other content is written once, with the ETag read, no 412", async () => {
    const h = await addedHarness();
    h.item.update({ location: "Room 9" });
    await serviceWrites(h, { location: "Room 7" });
    const etagAfterService = h.api.etag(syncKeyOf(h));
    const from = h.api.calls.length;
    await runSync({ kind: "send" }, h.deps);
    expect(meetingCallsSince(h, from)).toEqual([
      ["getMeeting", "ok"],
      ["upsertMeeting", "ok"],
    ]);
    expect(addinWrites(h).at(-1)?.args[3]).toBe(etagAfterService);
    expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 3, location: "Room 9" });
  });

  test("a read ahead that fails costs the send nothing: it writes with the If-Match it knows", async () => {
    const h = await addedHarness();
    const known = h.stateStore.state?.etag;
    h.item.update({ location: "Room 9" });
    h.api.fail("getMeeting", apiError("server"));
    const from = h.api.calls.length;
    const outcome = await runSync({ kind: "send" }, h.deps);
    expect(meetingCallsSince(h, from)).toEqual([
      ["getMeeting", "error"],
      ["upsertMeeting", "ok"],
    ]);
    expect(addinWrites(h).at(-1)?.args[3]).toBe(known);
    expect(outcome.status).toBe("synced");
  });

  test("the outbox delivering on its own reads first: a queued change the service delivered costs no write", async () => {
    const h = await addedHarness();
    h.item.update({ location: "Room 9" });
    h.api.fail("upsertMeeting", apiError("server"));
    await runSync({ kind: "send" }, h.deps); // queued: InterAction was down
    await serviceWrites(h, { location: "Room 9" }); // the service delivered the same committed change meanwhile
    h.clock.advance(3_600_000);
    const from = h.api.calls.length;
    const report = await deliverPending(h.deps, startDeadline(10_000), {});
    expect(meetingCallsSince(h, from)).toEqual([["getMeeting", "ok"]]);
    expect(report.results.map((r) => r.outcome)).toEqual(["delivered"]);
    expect(report.entries).toEqual([]);
  });
});
