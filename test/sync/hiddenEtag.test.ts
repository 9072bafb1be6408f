// A gateway in front of InterAction that does not pass the ETag header on to the add-in (CORS
// Access-Control-Expose-Headers without ETag): compare and set cannot work. Neither a blind write (it could roll the
// sync service back) nor a write with an old If-Match (412 on every run, forever): the write waits in the outbox, says
// why, and costs one read per retry and no write, until the gateway is fixed; then it goes with the ETag.
import { describe, expect, test } from "@jest/globals";
import { messages } from "../../src/core/messages";
import type { MeetingPayload } from "../../src/core/operations";
import type { MeetingRecord } from "../../src/core/record";
import { runSync } from "../../src/sync/runSync";
import { createHarness, type Harness } from "../support/fakes";

const syncKeyOf = (h: Harness) => h.stateStore.state?.syncKey as string;
const addinWrites = (h: Harness) => h.api.callsOf("upsertMeeting").filter((c) => !String(c.args[2]).includes(":svc:"));
const stripEtag = ({ etag: _etag, ...record }: MeetingRecord): MeetingRecord => record;

/** The add-in talks through the gateway; `hides` says which answers lose their ETag header. */
const throughGateway = (h: Harness, hides: { get: boolean; put: boolean }) => {
  const api = h.api;
  const gateway = { on: true };
  h.deps.api = Object.assign(Object.create(api) as typeof api, {
    getMeeting: async (key: string) => {
      const found = await api.getMeeting(key);
      return found && gateway.on && hides.get ? stripEtag(found) : found;
    },
    upsertMeeting: async (key: string, payload: MeetingPayload, idempotencyKey: string, ifMatch?: string) => {
      const record = await api.upsertMeeting(key, payload, idempotencyKey, ifMatch);
      return gateway.on && hides.put ? stripEtag(record) : record;
    },
  });
  return gateway;
};

/** The sync service delivers a committed change itself (straight to InterAction, its own key). */
const serviceWrites = async (h: Harness, change: Partial<MeetingPayload>) => {
  const key = syncKeyOf(h);
  const stored = h.api.stored(key) as MeetingPayload;
  const payload = { ...stored, ...change, revision: stored.revision + 1 };
  await h.api.upsertMeeting(key, payload, `${key}:svc:r${payload.revision}`, h.api.etag(key));
};

describe("a gateway that hides the ETag from the add-in", () => {
  for (const hides of [
    { get: true, put: true },
    { get: true, put: false },
  ]) {
    const which = hides.put ? "every answer" : "the read (the write's answer still has it)";
    test(`${which}: the write waits and says why, never sent blind, no 412; fixed, it goes once`, async () => {
      const h = createHarness({
        snapshot: { isNew: false, itemId: "item-1" },
        settings: { autoAddContactTypeIds: [] },
      });
      const gateway = throughGateway(h, hides);
      await runSync({ kind: "add" }, h.deps); // a create: nothing to compare with
      h.item.update({ location: "Room 9" });
      await serviceWrites(h, { location: "Room 7" });

      const outcome = await runSync({ kind: "open" }, h.deps);
      expect(addinWrites(h).map((w) => w.outcome)).toEqual(["ok"]); // only the create: nothing sent blind, no 412
      expect(h.api.stored(syncKeyOf(h))).toMatchObject({ location: "Room 7" });
      expect(outcome.status).toBe("pending");
      expect(outcome.queued).toBe(1);
      expect(outcome.error?.message).toBe(messages.interaction.etagHidden);

      // Bounded: runs before the outbox's backoff is over read nothing and write nothing.
      const calls = h.api.calls.length;
      await runSync({ kind: "open" }, h.deps);
      expect(h.api.calls.slice(calls).filter((c) => c.method !== "getSettings")).toEqual([]);
      // A retry after the backoff: one read, still no write.
      h.clock.advance(3_600_000);
      await runSync({ kind: "open" }, h.deps);
      const meetingCalls = h.api.calls.slice(calls).filter((c) => c.method !== "getSettings");
      expect(meetingCalls.map((c) => [c.method, c.outcome])).toEqual([["getMeeting", "ok"]]);

      // The gateway passes ETag on now: the change goes once, above the service's revision, with its ETag.
      gateway.on = false;
      h.clock.advance(3_600_000);
      const etag = h.api.etag(syncKeyOf(h));
      const fixed = await runSync({ kind: "retry" }, h.deps);
      expect(addinWrites(h).map((w) => [w.outcome, w.args[3]])).toEqual([
        ["ok", undefined],
        ["ok", etag],
      ]);
      expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 3, location: "Room 9" });
      expect(fixed.status).toBe("synced");
    });
  }
});
