// After a meeting write lost its compare-and-set (issue 15, "two writers, one truth"), the dropped write is never
// sent again as it is. Where the run cannot plan again at once (the outbox delivering on its own, the item unreadable,
// an item that is not open), nothing may be lost: the item says pending (not in step) until its content is written,
// and the next run that reads the item (an open) plans against the record and writes it. The colleague's write that
// moved a shared record's ETag (one record, one ETag, a fingerprint per link) is the same story.
import { describe, expect, test } from "@jest/globals";
import type { MeetingPayload } from "../../src/core/operations";
import { deriveStatus, pendingKind } from "../../src/core/status";
import type { SyncState } from "../../src/core/syncState";
import { startDeadline } from "../../src/sync/deadline";
import { deliverOutbox, deliverPending } from "../../src/sync/deliverOutbox";
import { runSync } from "../../src/sync/runSync";
import { apiError, createHarness, type Harness } from "../support/fakes";
import { serviceWritesAfterReadAhead } from "../support/serviceRace";

const addedHarness = async (): Promise<Harness> => {
  const h = createHarness({ snapshot: { isNew: false, itemId: "item-1" }, settings: { autoAddContactTypeIds: [] } });
  await runSync({ kind: "add" }, h.deps);
  return h;
};
const syncKeyOf = (h: Harness) => h.stateStore.state?.syncKey as string;
const addinWrites = (h: Harness) => h.api.callsOf("upsertMeeting").filter((c) => !String(c.args[2]).includes(":svc:"));

/** The sync service delivers what Exchange held when it read it (its own key, against the current ETag). */
const serviceWrites = async (h: Harness, change: Partial<MeetingPayload>) => {
  const key = syncKeyOf(h);
  const stored = h.api.stored(key) as MeetingPayload;
  const payload = { ...stored, ...change, revision: stored.revision + 1 };
  await h.api.upsertMeeting(key, payload, `${key}:svc:r${payload.revision}`, h.api.etag(key));
};
/** A colleague wrote their own link of the shared meeting: the record's ETag moved, this link's content did not. */
const colleagueWrites = (h: Harness) => {
  const stored = h.api.meetings.get(syncKeyOf(h));
  if (stored) stored.version = (stored.version ?? 0) + 1;
};

/** The user's last change (Room 9) is sent while InterAction is down for this device: queued with the ETag it saw. */
const sendWhileDown = async (h: Harness) => {
  h.item.update({ location: "Room 9" });
  h.api.fail("upsertMeeting", apiError("server"));
  await runSync({ kind: "send" }, h.deps);
  expect(await h.outbox.load()).toHaveLength(1);
  h.clock.advance(3_600_000);
};

const statusOf = async (h: Harness, state: SyncState | null = h.stateStore.state) =>
  deriveStatus({
    snapshot: h.item.snapshot,
    state,
    eligibility: { eligible: true },
    outbox: await h.outbox.load(),
    now: h.clock.now(),
  });

/** The next open writes the item's content once, above InterAction's revision, with the record's current ETag. */
const openWritesTheItem = async (h: Harness) => {
  const before = addinWrites(h).length;
  const etag = h.api.etag(syncKeyOf(h));
  const outcome = await runSync({ kind: "open" }, h.deps);
  const writes = addinWrites(h).slice(before);
  expect(writes.map((w) => [w.outcome, w.args[3]])).toEqual([["ok", etag]]);
  expect(h.api.stored(syncKeyOf(h))).toMatchObject({ location: "Room 9" });
  expect(outcome.status).toBe("synced");
  expect(h.stateStore.state?.needsReconcile).toBeFalsy();
  // In step now: a further open writes nothing.
  await runSync({ kind: "open" }, h.deps);
  expect(addinWrites(h)).toHaveLength(before + 1);
};

describe("a lost write that cannot be planned again at once leaves the item's change owed", () => {
  test("the outbox delivering on its own, the service wrote an older Outlook version: pending, then written on open", async () => {
    const h = await addedHarness();
    // The service read Exchange before the user's last change and delivers that older version (revision 2).
    await sendWhileDown(h);
    await serviceWrites(h, { location: "Room 12" });
    const report = await deliverOutbox(h.deps);
    expect(report).toEqual({ delivered: 0, remaining: 0 });
    expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 2, location: "Room 12" });
    // The item planned against the record (its revision, ETag, fingerprint), and still owes Room 9.
    expect(h.stateStore.state).toMatchObject({ revision: 2, etag: h.api.etag(syncKeyOf(h)), needsReconcile: true });
    expect(await statusOf(h)).toBe("pending");
    expect(pendingKind(h.stateStore.state!, [])).toBe("undelivered");
    await openWritesTheItem(h);
    expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 3 });
  });

  test("the item cannot be read again after the lost write: the run says pending, the next open writes it", async () => {
    const h = await addedHarness();
    h.item.update({ location: "Room 9" });
    serviceWritesAfterReadAhead(h, () => serviceWrites(h, { location: "Room 12" }));
    const read = h.item.read.bind(h.item);
    let reads = 0;
    h.item.read = async () => {
      if (++reads === 2) throw new Error("Outlook could not read the item.");
      return read();
    };
    // The service's write lands after the record the send read ahead: 412, and the item cannot be read to plan again.
    const outcome = await runSync({ kind: "send" }, h.deps);
    expect(addinWrites(h).map((w) => w.outcome)).toEqual(["ok", "error"]);
    expect(outcome.status).toBe("pending");
    expect(h.stateStore.state?.needsReconcile).toBe(true);
    await openWritesTheItem(h);
  });
});

describe("a colleague's write to the shared record makes a queued write lose: delivered later, never lost", () => {
  test("the open item, delivered by the outbox on its own: pending, then written on open", async () => {
    const h = await addedHarness();
    await sendWhileDown(h);
    colleagueWrites(h);
    await deliverOutbox(h.deps);
    expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 1 });
    expect(await statusOf(h)).toBe("pending");
    await openWritesTheItem(h);
    expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 3 });
  });

  test("an item not open: its write is dropped, the item still says pending, and its next open writes it", async () => {
    const h = await addedHarness();
    await sendWhileDown(h);
    colleagueWrites(h);
    // Another item is open on this device: this meeting's results are not this item's to save.
    const report = await deliverPending(h.deps, startDeadline(10_000), {});
    expect(report.results.map((r) => r.outcome)).toEqual(["conflicted"]);
    expect(report.entries).toEqual([]);
    expect(await statusOf(h)).toBe("pending");
    await openWritesTheItem(h);
  });
});

describe("no ETag known: a device whose revisions ran ahead offline never rolls back the service's newer write", () => {
  /** Three edits on this device, each sent while InterAction is unreachable from it (Exchange has each of them). */
  const threeEditsQueued = async (h: Harness) => {
    h.api.fail("upsertMeeting", apiError("network"), 100);
    h.api.fail("getMeeting", apiError("network"), 100);
    for (const location of ["Room A", "Room B", "Room C"]) {
      h.item.update({ location });
      await runSync({ kind: "send" }, h.deps);
      h.clock.advance(60_000);
    }
    const queued = await h.outbox.load();
    expect(queued.map((e) => e.op.kind === "upsertMeeting" && [e.op.revision, e.op.ifMatch])).toEqual([[4, undefined]]);
    h.api.clearFaults();
    h.clock.advance(3_600_000);
  };

  /** InterAction says who wrote its current revision (MeetingRecord.deliveries), as the sandbox does; the fake
   * does not, which is the other case: nobody says, and the record's content decides alone. */
  const sayWhoWrote = (h: Harness) => {
    const api = h.api;
    const by = (key: string, revision: number) =>
      api
        .callsOf("upsertMeeting")
        .some(
          (c) =>
            c.outcome === "ok" &&
            c.args[0] === key &&
            (c.args[1] as MeetingPayload).revision === revision &&
            String(c.args[2]).includes(":svc:"),
        )
        ? ("syncService" as const)
        : ("addin" as const);
    h.deps.api = Object.assign(Object.create(api) as typeof api, {
      getMeeting: async (key: string) => {
        const found = await api.getMeeting(key);
        const at = h.clock.now().toISOString();
        return found && { ...found, deliveries: [{ at, revision: found.revision, by: by(key, found.revision) }] };
      },
    });
  };

  for (const says of [true, false]) {
    const who = says ? "InterAction says the service wrote it" : "nobody says who wrote it";
    test(`${who}; B between the edits, then a phone's later D: InterAction ends with D, never C`, async () => {
      const h = await addedHarness();
      if (says) sayWhoWrote(h);
      // An item whose state knows no ETag (saved before compare and set, or a document moved the record since).
      h.stateStore.state = { ...h.stateStore.state!, etag: undefined };
      await threeEditsQueued(h);
      // The service read Exchange between the edits (B), then a phone's edit after C (D): both above InterAction's
      // revision as the service knows it (this device's state had not reached Exchange), below this device's 4.
      await serviceWrites(h, { location: "Room B" });
      h.item.update({ location: "Room D" });
      await serviceWrites(h, { location: "Room D" });
      const before = addinWrites(h).length;

      await deliverOutbox(h.deps); // the outbox on its own: C (revision 4) is older than what InterAction has
      expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 3, location: "Room D" });
      expect(await h.outbox.load()).toEqual([]);
      expect(addinWrites(h)).toHaveLength(before); // C was never sent
      expect(await statusOf(h)).toBe("pending");
      const outcome = await runSync({ kind: "open" }, h.deps);
      // The open writes what Outlook shows (D) above the revision this device ran ahead to, with the record's ETag:
      // InterAction's revision catches up with the item's; its content is never rolled back to C.
      expect(
        addinWrites(h)
          .slice(before)
          .map((w) => (w.args[1] as MeetingPayload).location),
      ).toEqual(["Room D"]);
      expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 5, location: "Room D" });
      expect(outcome.status).toBe("synced");
      expect(h.stateStore.state).toMatchObject({ revision: 5, deliveredRevision: 5 });
      expect(h.stateStore.state?.needsReconcile).toBeFalsy();
      await runSync({ kind: "open" }, h.deps);
      expect(addinWrites(h)).toHaveLength(before + 1);
    });

    test(`${who}; B between the edits, C is Outlook's latest: C is written once, above it, with its ETag`, async () => {
      const h = await addedHarness();
      if (says) sayWhoWrote(h);
      h.stateStore.state = { ...h.stateStore.state!, etag: undefined };
      await threeEditsQueued(h);
      await serviceWrites(h, { location: "Room B" });
      const etag = h.api.etag(syncKeyOf(h));
      const before = addinWrites(h).length;

      const outcome = await runSync({ kind: "open" }, h.deps);
      expect(
        addinWrites(h)
          .slice(before)
          .map((w) => [w.outcome, (w.args[1] as MeetingPayload).revision, w.args[3]]),
      ).toEqual([["ok", 5, etag]]);
      expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 5, location: "Room C" });
      expect(outcome.status).toBe("synced");
      await runSync({ kind: "open" }, h.deps);
      expect(addinWrites(h)).toHaveLength(before + 1);
    });
  }

  test("the add-in wrote the record's revision (its own, before a document upload moved the ETag): sent at once", async () => {
    const h = await addedHarness();
    sayWhoWrote(h);
    h.stateStore.state = { ...h.stateStore.state!, etag: undefined };
    h.item.update({ location: "Room 9" });
    const from = h.api.calls.length;
    const read = h.api.etag(syncKeyOf(h));
    const outcome = await runSync({ kind: "open" }, h.deps);
    expect(h.api.calls.slice(from).map((c) => [c.method, c.outcome])).toEqual([
      ["getMeeting", "ok"],
      ["upsertMeeting", "ok"],
    ]);
    expect(addinWrites(h).at(-1)?.args[3]).toBe(read); // the ETag just read
    expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 2, location: "Room 9" });
    expect(outcome.status).toBe("synced");
  });
});
