// The second writer of a fault schedule: the REAL sync service use-case (src/service/followMeeting.ts: plan with the
// server trigger, read InterAction's record, write with If-Match, on 412 go back to Exchange and plan again) over the
// REAL typed client against the same sandbox, under the same faults. Its Graph side is a stand-in that reads the same
// simulated Exchange item the add-in writes: what Outlook committed (`ModelMeeting.committed`) and the add-in's state
// as Exchange keeps it (the item's stored custom properties; a compose form's unsaved ones are not on the server).
//
// The race is made deterministic with a gate: the service reads Exchange and InterAction's record, then the add-in's
// event runs to its end, then the service sends its write (planned against what it read) — the stale-ETag path.
import type { MeetingRecord } from "../../../src/core/record";
import type { CalendarSyncSettings } from "../../../src/core/settings";
import { decodeState, PROPERTY_NAME } from "../../../src/core/stateCodec";
import type { IndexEntry } from "../../../src/core/serviceIndex";
import type { MeetingPayload } from "../../../src/core/operations";
import { followMeeting } from "../../../src/service/followMeeting";
import { serviceInterAction, type ServiceInterAction } from "../../../src/service/interactionWriter";
import type { CalendarSource, ServerMeeting, ServiceStore, WriteInFlight } from "../../../src/service/ports";
import type { SyncMailboxDeps } from "../../../src/service/syncMailbox";
import type { InterActionClient } from "../../../src/interaction";
import { ALICE, clone, type ModelMeeting } from "./model";

/** The service's own store (its index and the write in flight), kept for the whole schedule like its database. */
export class MemoryServiceStore implements ServiceStore {
  readonly index = new Map<string, IndexEntry>();
  readonly inFlight = new Map<string, WriteInFlight>();
  async mailboxes() {
    return [{ mailbox: ALICE.email }];
  }
  async deltaLink() {
    return null;
  }
  async windowFixedAt() {
    return null;
  }
  async saveDeltaLink() {}
  async entry(mailbox: string, eventId: string) {
    return clone(this.index.get(`${mailbox}|${eventId}`) ?? null);
  }
  async entries(mailbox: string) {
    return [...this.index.values()].filter((e) => e.mailbox === mailbox).map(clone);
  }
  async entryBySyncKey(syncKey: string) {
    return clone([...this.index.values()].find((e) => e.syncKey === syncKey) ?? null);
  }
  async saveEntry(entry: IndexEntry) {
    this.index.set(`${entry.mailbox}|${entry.eventId}`, clone(entry));
  }
  async writeInFlight(mailbox: string, eventId: string) {
    return clone(this.inFlight.get(`${mailbox}|${eventId}`) ?? null);
  }
  async saveWriteInFlight(mailbox: string, eventId: string, write: WriteInFlight | null) {
    if (write) this.inFlight.set(`${mailbox}|${eventId}`, clone(write));
    else this.inFlight.delete(`${mailbox}|${eventId}`);
  }
}

/** What Graph would return for the meeting's event in alice's mailbox now, or null when Exchange has no such item. */
export function serverMeeting(m: ModelMeeting): ServerMeeting | null {
  const id = m.committed.itemId;
  if (!id || !m.sent || m.discarded) return null;
  const raw = m.outlook.stored[PROPERTY_NAME];
  return {
    eventId: id,
    iCalUId: `ical-${id}`,
    snapshot: { ...clone(m.committed), isNew: false },
    addinState: decodeState(typeof raw === "string" ? raw : null),
  };
}

export interface ServiceWriter {
  /**
   * One service job for the meeting ("the mailbox changed"): follows it from what Exchange holds now. With `between`,
   * the service's first write waits until `between` (the add-in's racing event) has finished. Resolves to the job's
   * outcome; a retryable failure is the job failing (the sweep runs it again later), never thrown.
   */
  follow(m: ModelMeeting, between?: () => Promise<void>): Promise<string>;
  readonly store: MemoryServiceStore;
}

export function createServiceWriter(options: {
  client: () => InterActionClient;
  clock: { now(): Date };
  newSyncKey: () => string;
  meetings: () => ModelMeeting[];
}): ServiceWriter {
  const store = new MemoryServiceStore();
  const byId = (eventId: string) => options.meetings().find((m) => m.committed.itemId === eventId);
  const calendar: CalendarSource = {
    delta: async () => ({ changes: [], deltaLink: "unused" }),
    meeting: async (_mailbox, eventId) => {
      const m = byId(eventId);
      return m ? serverMeeting(m) : null;
    },
    attachment: async (_mailbox, eventId, attachmentId) => {
      const bytes = byId(eventId)?.attachmentContent.get(attachmentId);
      if (!bytes) throw new Error(`no attachment ${attachmentId}`);
      return { base64: bytes.toString("base64"), contentType: "application/octet-stream" };
    },
  };
  const log = { info: () => undefined, warn: () => undefined };
  const deps: SyncMailboxDeps = {
    calendar,
    store,
    interactionFor: () => serviceInterAction(options.client()),
    clock: options.clock,
    log,
    newSyncKey: options.newSyncKey,
  };
  return {
    store,
    async follow(m, between) {
      const first = serverMeeting(m);
      if (!first) {
        await between?.(); // nothing on the server to read yet (a new draft): the add-in's event still runs
        return "no item";
      }
      const real = serviceInterAction(options.client());
      let gate: Promise<void> | undefined;
      const api: ServiceInterAction = {
        ...real,
        async upsert(
          syncKey: string,
          payload: MeetingPayload,
          key: string,
          ifMatch?: string,
          createOnly?: boolean,
        ): Promise<MeetingRecord> {
          if (between && !gate) gate = between();
          if (gate) await gate;
          return real.upsert(syncKey, payload, key, ifMatch, createOnly);
        },
      };
      try {
        const settings: CalendarSyncSettings = await real.getSettings();
        return await followMeeting(deps, api, settings, ALICE.email, first);
      } catch (e) {
        return `job failed: ${e instanceof Error ? e.message : String(e)}`;
      } finally {
        // The racing event runs even when the service had nothing to write.
        if (between && !gate) await between();
        else if (gate) await gate;
      }
    },
  };
}
