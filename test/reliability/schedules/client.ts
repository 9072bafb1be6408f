// The add-in's side of the wire in a fault schedule: the REAL InterActionApi, recorded (each write's operation kind
// for the coverage tally, each revision InterAction confirmed for the oracle), over a fetch that knows what is in
// flight so a step can end only once the client is quiet.
import type { InterActionApi } from "../../../src/sync/ports";
import type { MeetingRecord } from "../../../src/core/record";
import type { FixedClock } from "../../support/fakes";
import type { ReliabilitySandbox } from "../../support/reliabilitySandbox";
import type { OpKind } from "./faults";
import { ALICE } from "./model";

/** The client gives up on a held request after this: 80x the slowest injected answer, so a busy machine's pauses
 * never turn an ordinary answer into a timeout; each hold costs this much wall time (~6 s over 200 schedules). */
export const CLIENT_TIMEOUT_MS = 1_200;

/** Notes each write's operation kind (by what InterAction held when it was made) and each confirmed revision. */
export function recordingApi(
  api: InterActionApi,
  box: ReliabilitySandbox,
  clock: FixedClock,
  ops: Map<string, OpKind>,
  confirmed: Map<string, number[]>,
): InterActionApi {
  const note = (r: MeetingRecord) => confirmed.set(r.syncKey, [...(confirmed.get(r.syncKey) ?? []), r.revision]);
  return {
    ...api,
    getSettings: () => api.getSettings(),
    getActivityTypes: () => api.getActivityTypes(),
    lookupAttendees: (emails) => api.lookupAttendees(emails),
    getMeeting: (key) => api.getMeeting(key),
    uploadDocument: (key, doc, upload) => api.uploadDocument(key, doc, upload),
    async upsertMeeting(syncKey, payload, idempotencyKey, ifMatch) {
      if (!ops.has(idempotencyKey)) {
        const held = box.recordOf(ALICE.email, syncKey);
        const kind: OpKind = payload.cancelled
          ? "cancel"
          : !held
            ? "create"
            : Date.parse(payload.end) <= clock.now().getTime()
              ? "converted"
              : "update";
        ops.set(idempotencyKey, kind);
      }
      const record = await api.upsertMeeting(syncKey, payload, idempotencyKey, ifMatch);
      note(record);
      return record;
    },
  };
}

/** A fetch that knows what is in flight, so a step can wait until the client is quiet. It also keeps the body of
 * every meeting write by its Idempotency-Key, so the write budget can tell a change from a repeat (./budget.ts). */
export function trackedFetch(): {
  fetch: typeof fetch;
  quiet(): Promise<void>;
  bodies: Map<string, string>;
} {
  const inflight = new Set<Promise<unknown>>();
  const bodies = new Map<string, string>();
  const track = (p: Promise<unknown>) => {
    inflight.add(p);
    void p.then(
      () => inflight.delete(p),
      () => inflight.delete(p),
    );
  };
  return {
    bodies,
    fetch: (input, init) => {
      // A copy to read: a Request's body can be read once, and the real fetch reads the original.
      const request = input instanceof Request && !init ? input.clone() : new Request(input, init);
      const key = request.headers.get("idempotency-key");
      if (request.method === "PUT" && key && /\/api\/v1\/meetings\/[^/]+$/.test(new URL(request.url).pathname))
        track(request.text().then((body) => bodies.set(key, body)));
      const p = fetch(input, init);
      track(p);
      return p;
    },
    async quiet() {
      for (let i = 0; i < 100; i++) {
        if (inflight.size) await Promise.allSettled([...inflight]);
        await new Promise((r) => setImmediate(r));
        if (!inflight.size) return;
      }
    },
  };
}
