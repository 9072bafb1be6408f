// The world one fault schedule runs in: the sandbox reset to the demo seed, the seeded client clock and randomness,
// the runtime's storage and outbox, the REAL typed client (recorded: each write's operation kind, each confirmed
// revision), the meetings (./model.ts) with the REAL Office adapters over Outlook's stand-in, and what a user or
// Outlook does to them: events through the REAL use-cases and send handler, saves, discards, faults aimed at the next
// write. With the sync service on (./service.ts) each event may be raced by it. ./steps.ts and ./directed.ts drive it.
// An outside meeting sent to Bob too (./cast.ts, issue 14) runs on Bob's own device and InterAction client, and each
// add-in's one Graph read answers the meeting's iCalUId.
import { createCommandHandlers } from "../../../src/commands/handlers";
import { decodeState, PROPERTY_NAME } from "../../../src/core/stateCodec";
import type { SyncState } from "../../../src/core/syncState";
import { createOfficeMailboxItem } from "../../../src/office/mailboxItem";
import { BACKUP_PREFIX, createCustomPropertiesStateStore, furtherAlong } from "../../../src/office/syncStateStore";
import type { OutboxEntry } from "../../../src/core/outbox";
import type { SyncDeps } from "../../../src/sync/deps";
import { runSync, type SyncTrigger } from "../../../src/sync/runSync";
import { createStorageOutbox } from "../../../src/sync/storageOutbox";
import { FixedClock, MemoryStorage, SeededRandom } from "../../support/fakes";
import { ReliabilityRng, type ReliabilitySandbox } from "../../support/reliabilitySandbox";
import type { FaultRule } from "../../../dev/sandbox/server";
import { aimedRule, OP_KINDS, type OpKind } from "./faults";
import { castMeetings, type Cast } from "./cast";
import { createServiceWriter } from "./service";
import { ALICE, BOB, T0, clone, organizerUpdate, toTwin, type ModelMeeting } from "./model";
import type { Schedule } from "./run";

export type { Cast };
import { CLIENT_TIMEOUT_MS, recordingApi, trackedFetch } from "./client";

export interface ScheduleOptions {
  /** The sync service races the add-in on the same meetings (./service.ts). */
  service?: boolean;
  /** Without faults (to count writes against the write budget). */
  faults?: boolean;
}

export async function createWorld(
  seed: number,
  box: ReliabilitySandbox,
  options: ScheduleOptions,
  schedule: Schedule,
  cast: Cast = "drawn",
) {
  const rng = new ReliabilityRng(seed);
  // The service's draws come from their own stream: with the service on, the user's steps stay those of the seed.
  const serviceRng = new ReliabilityRng(seed + 0x5eed);
  const setFaults = (rules: FaultRule[]) => (options.faults === false ? Promise.resolve() : box.setFaults(rules));
  const log = (line: string) => schedule.log.push(line);
  await box.reset();
  const clock = new FixedClock(new Date(T0).toISOString());
  await box.setClock(clock.now());
  const storage = new MemoryStorage();
  const outbox = createStorageOutbox(storage);
  const random = new SeededRandom(seed);
  const mint = random.newSyncKey.bind(random);
  random.newSyncKey = () => {
    const key = mint();
    log(`  (new sync key ${key})`);
    return key;
  };
  const confirmed = new Map<string, number[]>();
  const net = trackedFetch();
  const api = recordingApi(
    box.api(ALICE.email, { timeoutMs: CLIENT_TIMEOUT_MS, fetch: net.fetch }),
    box,
    clock,
    schedule.ops,
    confirmed,
  );

  // Bob's device and InterAction client: he adds, from his own mailbox, an outside meeting Alice attends too.
  const bobStorage = new MemoryStorage();
  const bobDevice = {
    storage: bobStorage,
    outbox: createStorageOutbox(bobStorage),
    api: recordingApi(
      box.api(BOB.email, { timeoutMs: CLIENT_TIMEOUT_MS, fetch: net.fetch }),
      box,
      clock,
      schedule.ops,
      confirmed,
    ),
  };
  const deviceOf = (m: ModelMeeting) => (m.user?.email === BOB.email ? bobDevice : { storage, outbox, api });
  const meetings = castMeetings({ seed, rng, cast, options, log });
  /** Fresh Office adapters for each event, over the item as Outlook holds it now. */
  const depsOf = (m: ModelMeeting): SyncDeps => {
    const mailbox = m.outlook.mailbox();
    const device = deviceOf(m);
    const iCalUId = m.iCalUId;
    return {
      item: createOfficeMailboxItem(mailbox),
      stateStore: createCustomPropertiesStateStore(mailbox, { backup: device.storage }),
      outbox: device.outbox,
      api: device.api,
      clock,
      notifier: m.notifier,
      random,
      storage: device.storage,
      // The Add's one Graph read of the iCalUId (core/identity.ts): Graph answers; InterAction's faults are the test.
      ...(iCalUId ? { identity: { iCalUIdOf: async () => iCalUId } } : {}),
    };
  };
  /** The state the next event on the item would load: the item's own copy (the open form's), or this device's backup. */
  const stateOf = (m: ModelMeeting): SyncState | null => {
    const own = decodeState(m.outlook.current()[PROPERTY_NAME]);
    const id = m.form.itemId;
    const backup = deviceOf(m).storage.data.get(BACKUP_PREFIX + id);
    return furtherAlong(own, id ? decodeState(backup ?? null) : null);
  };
  const service = options.service
    ? createServiceWriter({
        client: () => box.client(ALICE.email, { timeoutMs: CLIENT_TIMEOUT_MS, fetch: net.fetch }),
        clock,
        newSyncKey: () => random.newSyncKey(),
        meetings: () => meetings,
      })
    : undefined;
  /**
   * An add-in event, raced by the service when it is on: sometimes the service reads Exchange and InterAction's record
   * first and writes only after the event has run (its ETag then stale), sometimes it hears of the change afterwards.
   */
  const raced = async (m: ModelMeeting, event: () => Promise<void>) => {
    if (!service) return event();
    if (serviceRng.chance(0.35)) {
      log(`  service reads m${m.label}, the add-in's event runs, the service writes`);
      const outcome = await service.follow(m, event);
      log(`  service: ${outcome}`);
    } else await event();
    if (serviceRng.chance(0.5)) {
      await net.quiet();
      log(`  service follows m${m.label}: ${await service.follow(m)}`);
    }
  };
  const handlersOf = (m: ModelMeeting) => createCommandHandlers({ deps: async () => depsOf(m), runSync });
  /** Outlook's send event: the REAL handler decides send or cancellation from the form (its subject prefix). */
  // Two send events of one item never overlap, so a repeated one (x2) runs after the first completed. Outlook holds
  // the item from Send until the add-in's handler calls event.completed: the send goes on (or not) only then, in
  // Outlook on the web and new Outlook the user must stay on the item until the add-in completes it, and a long run
  // offers only Send Anyway or Don't Send, never a second send event ("Handle OnMessageSend and OnAppointmentSend
  // events in your Outlook add-in with Smart Alerts", learn.microsoft.com/office/dev/add-ins/outlook/
  // onmessagesend-onappointmentsend-events: Long-running add-in operations, User navigates away from current message).
  // Modelled at once, two events each found a new meeting without a sync key and each made one: two records of one
  // meeting Outlook cannot produce (fresh seed 838044995). Events of different kinds may still overlap (fire).
  const sendEvent = async (m: ModelMeeting, times: 1 | 2) => {
    const once = () => handlersOf(m).onAppointmentSend({ completed: () => undefined });
    await raced(m, async () => {
      for (let i = 0; i < times; i++) await once();
    });
  };
  const moveClocks = async (ms: number) => {
    clock.advance(ms);
    await box.setClock(clock.now());
  };
  /** An attendee's add-in reads the meeting: what it may still deliver (see ModelMeeting.seen). */
  const observe = (m: ModelMeeting, trigger: SyncTrigger) => {
    if (m.role !== "attendee" || !m.addClicked) return;
    // Ahead, or not yet in InterAction: then a write is still the Add's creation (src/core/lifecycle.ts). Whether it
    // is there is InterAction's to say, not the item's: a create applied whose answer was lost leaves the item
    // unconfirmed until its next run reads the record, and that run then (rightly) writes nothing more once the
    // meeting is an activity (seed 989462158).
    const ahead = Date.parse(m.committed.end) > clock.now().getTime();
    const syncKey = stateOf(m)?.syncKey;
    const unconfirmed = !stateOf(m)?.deliveredRevision && !(syncKey && box.linkOf(syncKey));
    if (ahead || unconfirmed || (trigger.kind === "add" && m.seen.length === 0)) m.seen.push(clone(m.committed));
  };
  const fire = async (m: ModelMeeting, trigger: SyncTrigger, times: 1 | 2 = 1, concurrent = false) => {
    observe(m, trigger);
    const once = () => runSync(trigger, depsOf(m)).then(() => undefined);
    await raced(m, async () => {
      if (times === 1) await once();
      else if (concurrent) await Promise.all([once(), once()]);
      else {
        await once();
        await once();
      }
    });
  };
  /** What Outlook keeps from now on: the form's values (and, with the item, its custom properties). */
  const commit = (m: ModelMeeting) => {
    m.committed = clone(m.form);
  };
  /** The user's save: the form and what the add-in saved in it are kept; the form closes. */
  const save = (m: ModelMeeting) => {
    commit(m);
    m.outlook.commit();
  };
  /** The send event runs on the form; then Outlook keeps what was sent (custom properties included) and the item
   * has an id from then on (it is no longer a new meeting). */
  const send = async (m: ModelMeeting, dup: 1 | 2 = 1) => {
    commit(m);
    m.sent = true;
    if (!m.form.isCancelled) m.sendEvents++;
    await sendEvent(m, dup);
    m.outlook.commit();
    m.form.itemId ??= `AAMkAG-reliability-${m.label}`;
    m.form.isNew = false;
    m.committed = clone(m.form);
  };
  /** The form closes without saving: the edits and what the add-in saved during them are gone. */
  const closeUnsaved = (m: ModelMeeting) => {
    m.outlook.discard();
    m.item.snapshot = clone(m.committed);
    m.form = m.item.snapshot;
  };
  // One round of fault kinds per operation the aimed write is expected to be (create, update, converted, upload,
  // cancel), starting where the seed says: from one seed to the next each operation's first aimed fault goes round
  // the kinds, so any run of consecutive seeds (fresh ones too) meets every kind with every operation about equally
  // often, by construction rather than by luck. The guard still counts only what the sandbox's log shows was hit.
  const turns = new Map<OpKind, number>();
  const expectedOp = (m: ModelMeeting, documents: boolean, intent: string): OpKind => {
    if (documents) return "upload";
    if (intent === "cancel") return "cancel";
    const user = m.user?.email ?? ALICE.email;
    if (!stateOf(m)?.deliveredRevision && !box.recordOf(user, stateOf(m)?.syncKey ?? "")) return "create";
    return Date.parse(m.form.end) <= clock.now().getTime() ? "converted" : "update";
  };
  /** Mostly, aims a fault at the write the next step makes (the meeting's fields or its documents). */
  const aim = async (m: ModelMeeting, intent: string, target?: "meeting" | "documents") => {
    if (!target && !rng.chance(0.8)) return;
    const documents = target ? target === "documents" : m.form.attachments.length > 0 && rng.chance(0.4);
    const op = expectedOp(m, documents, intent);
    const turn = turns.get(op) ?? seed + OP_KINDS.indexOf(op) * 3;
    turns.set(op, turn + 1);
    const rule = aimedRule(rng, turn, stateOf(m)?.syncKey, documents ? "documents" : "meeting");
    log(`  aim ${JSON.stringify(rule)}`);
    await setFaults([rule]);
  };
  /** A meeting InterAction holds and the organizer may still change. */
  const added = (m: ModelMeeting) => Boolean(stateOf(m)?.syncKey) && m.sent && !m.cancelled;
  /** The outside organizer changes an attendee's meeting while it is still ahead (InterAction's activity then takes
   * only the organizer's own writes, so later changes are not the attendee's to sync). */
  const organizerChanges = (m: ModelMeeting) => {
    if (Date.parse(m.form.end) <= clock.now().getTime()) return false;
    const before = clone(m.form.attendees);
    log(`m${m.label} the organizer changes the ${organizerUpdate(rng, m)}`);
    toTwin(m, before);
    commit(m);
    return true;
  };

  const parked = new Set<string>();
  const refusedAttendeeWrite = (e: OutboxEntry): boolean =>
    e.parked &&
    e.lastError?.status === 403 &&
    meetings.some((m) => m.role === "attendee" && stateOf(m)?.syncKey === e.op.syncKey);

  /** After each step: the client is quiet, and nothing waits for a Retry the user would have to press. The one
   * exception is InterAction's 403 to an attendee's write that arrives after the meeting became an activity (only its
   * organizer's changes count then): no retry cures it, and the oracle checks what it left. */
  /** Both devices' outboxes (Bob's is empty unless a meeting is shared). */
  const outboxes = {
    load: async () => [...(await outbox.load()), ...(await bobDevice.outbox.load())],
    save: () => Promise.reject(new Error("the schedule reads both outboxes, it never writes them")),
  };
  const settle = async () => {
    await net.quiet();
    for (const e of await outboxes.load())
      if (e.parked && !refusedAttendeeWrite(e))
        parked.add(`${e.op.idempotencyKey} parked (${e.lastError?.message ?? "no reason"})`);
  };
  return {
    seed,
    box,
    rng,
    log,
    setFaults,
    clock,
    storage,
    /** Both devices' outboxes, for the oracle. */
    outbox: outboxes,
    random,
    confirmed,
    net,
    meetings,
    depsOf,
    stateOf,
    service,
    fire,
    send,
    save,
    commit,
    closeUnsaved,
    moveClocks,
    aim,
    added,
    organizerChanges,
    parked,
    refusedAttendeeWrite,
    settle,
  };
}

export type World = Awaited<ReturnType<typeof createWorld>>;
