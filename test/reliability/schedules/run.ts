// One seeded fault schedule against one sandbox: steps of user actions, events and faults, then recovery, then the
// oracle. Its outcome depends only on the seed: the client's clock and randomness are seeded, "slow" stays far below
// the client's timeout, a timeout is an explicit hold that lands at a step the schedule chooses, and every step ends
// only once no request of the client is in flight (so a background delivery never lands in a later step).
// Outlook's side runs the REAL Office adapters (item reading with Outlook's cancellation prefix, the custom-property
// state store with its codec, 2,500-character budget and per-device backup) over a stand-in with Outlook's persistence,
// and sends go through the REAL send handler with the real send budget.
import { createCommandHandlers } from "../../../src/commands/handlers";
import { decodeState, PROPERTY_NAME } from "../../../src/core/stateCodec";
import type { SyncState } from "../../../src/core/syncState";
import { createOfficeMailboxItem } from "../../../src/office/mailboxItem";
import { BACKUP_PREFIX, createCustomPropertiesStateStore, furtherAlong } from "../../../src/office/syncStateStore";
import type { OutboxEntry } from "../../../src/core/outbox";
import type { InterActionApi } from "../../../src/sync/ports";
import type { MeetingRecord } from "../../../src/core/record";
import { deliverOutbox } from "../../../src/sync/deliverOutbox";
import type { SyncDeps } from "../../../src/sync/deps";
import { runSync, type SyncTrigger } from "../../../src/sync/runSync";
import { createStorageOutbox, OUTBOX_KEY } from "../../../src/sync/storageOutbox";
import { FakeMailboxItem, FixedClock, MemoryStorage, SeededRandom } from "../../support/fakes";
import { OutlookItemStandIn } from "../../support/reliabilityOffice";
import { ReliabilityRng, type ReliabilitySandbox, type RequestLogEntry } from "../../support/reliabilitySandbox";
import type { FaultRule } from "../../../dev/sandbox/server";
import { aimedRule, looseRules, OP_KINDS, type OpKind } from "./faults";
import { createServiceWriter } from "./service";
import {
  ALICE,
  CANCEL_PREFIXES,
  HOUR,
  MIN,
  RecordingNotifier,
  T0,
  attendeeMeeting,
  clone,
  edit,
  newMeeting,
  organizerUpdate,
  type Edit,
  type ModelMeeting,
} from "./model";
import { judge } from "./oracle";

/** The client gives up on a held request after this: 80x the slowest injected answer, so a busy machine's pauses
 * never turn an ordinary answer into a timeout; each hold costs this much wall time (~6 s over 200 schedules). */
export const CLIENT_TIMEOUT_MS = 400;
/** Each trigger runs with the budget its shell gives it (src/sync/budgets.ts): a send, through the real send
 * handler, has 3,000 ms for configuration, token and runSync together; the others runSync's own defaults. */

export interface Schedule {
  seed: number;
  log: string[];
  problems: string[];
  /** What the sandbox received (method, path, status, fault) and holds at the end: equal for equal seeds. */
  trace: string[];
  requests: RequestLogEntry[];
  /** Operation kind of each meeting write, by idempotency key (for the coverage tally). */
  ops: Map<string, OpKind>;
  /** Writes InterAction applied and answered (2xx, no fault): a schedule without one tested no delivery. */
  deliveredWrites: number;
  /** Meeting writes sent (any PUT of a meeting, accepted or not: a 412 counts) and meeting changes applied. */
  meetingWrites?: { sent: number; applied: number };
}

/** Notes each write's operation kind (by what InterAction held when it was made) and each confirmed revision. */
function recordingApi(
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
    async upsertMeeting(syncKey, payload, idempotencyKey) {
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
      const record = await api.upsertMeeting(syncKey, payload, idempotencyKey);
      note(record);
      return record;
    },
  };
}

/** A fetch that knows what is in flight, so a step can wait until the client is quiet. */
function trackedFetch(): { fetch: typeof fetch; quiet(): Promise<void> } {
  const inflight = new Set<Promise<unknown>>();
  return {
    fetch: (input, init) => {
      const p = fetch(input, init);
      inflight.add(p);
      void p.then(
        () => inflight.delete(p),
        () => inflight.delete(p),
      );
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

export interface ScheduleOptions {
  /** The sync service races the add-in on the same meetings (./service.ts). */
  service?: boolean;
  /** Without faults (to count writes against the write budget). */
  faults?: boolean;
}

export async function runSchedule(
  seed: number,
  box: ReliabilitySandbox,
  options: ScheduleOptions = {},
): Promise<Schedule> {
  const rng = new ReliabilityRng(seed);
  // The service's draws come from their own stream: with the service on, the user's steps stay those of the seed.
  const serviceRng = new ReliabilityRng(seed + 0x5eed);
  const setFaults = (rules: FaultRule[]) => (options.faults === false ? Promise.resolve() : box.setFaults(rules));
  const schedule: Schedule = {
    seed,
    log: [],
    problems: [],
    trace: [],
    requests: [],
    ops: new Map(),
    deliveredWrites: 0,
  };
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

  const meetings: ModelMeeting[] = [];
  const count = rng.int(1, 3);
  for (let i = 0; i < count; i++) {
    const attendee = rng.chance(0.25);
    const isNew = !attendee && rng.chance(0.5);
    const auto = !attendee && rng.chance(0.3);
    const snapshot = attendee ? attendeeMeeting(rng, i) : newMeeting(rng, i, isNew, auto);
    const item = new FakeMailboxItem(snapshot);
    const outlook = new OutlookItemStandIn(() => ({ snapshot: item.snapshot, content: item.content }), ALICE);
    // office-js#6624: new Outlook fails the first custom-property save on a new draft.
    outlook.firstSaveFails = isNew && rng.chance(0.5);
    meetings.push({
      label: String(i),
      item,
      outlook,
      role: attendee ? "attendee" : "organizer",
      seen: [],
      notifier: new RecordingNotifier(),
      committed: clone(snapshot),
      form: item.snapshot,
      sent: !isNew,
      sendEvents: 0,
      addClicked: false,
      auto,
      cancelled: false,
      addedWhenCancelled: false,
      discarded: false,
      attachmentContent: new Map(),
      nextAttachment: 0,
    });
  }
  /** Fresh Office adapters for each event, over the item as Outlook holds it now. */
  const depsOf = (m: ModelMeeting): SyncDeps => {
    const mailbox = m.outlook.mailbox();
    return {
      item: createOfficeMailboxItem(mailbox),
      stateStore: createCustomPropertiesStateStore(mailbox, { backup: storage }),
      outbox,
      api,
      clock,
      notifier: m.notifier,
      random,
      storage,
    };
  };
  /** The state the next event on the item would load: the item's own copy (the open form's), or this device's backup. */
  const stateOf = (m: ModelMeeting): SyncState | null => {
    const own = decodeState(m.outlook.current()[PROPERTY_NAME]);
    const id = m.form.itemId;
    return furtherAlong(own, id ? decodeState(storage.data.get(BACKUP_PREFIX + id) ?? null) : null);
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
  const sendEvent = async (m: ModelMeeting, times: 1 | 2, concurrent: boolean) => {
    const once = () => handlersOf(m).onAppointmentSend({ completed: () => undefined });
    await raced(m, async () => {
      if (times === 1) await once();
      else if (concurrent) await Promise.all([once(), once()]);
      else {
        await once();
        await once();
      }
    });
  };
  const moveClocks = async (ms: number) => {
    clock.advance(ms);
    await box.setClock(clock.now());
  };
  /** An attendee's add-in reads the meeting: what it may still deliver (see ModelMeeting.seen). */
  const observe = (m: ModelMeeting, trigger: SyncTrigger) => {
    if (m.role !== "attendee" || !m.addClicked) return;
    // Ahead, or not yet confirmed by InterAction: then a write is still the Add's creation (src/core/lifecycle.ts).
    const ahead = Date.parse(m.committed.end) > clock.now().getTime();
    const unconfirmed = !stateOf(m)?.deliveredRevision;
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
  const send = async (m: ModelMeeting, dup: 1 | 2 = 1, concurrent = false) => {
    commit(m);
    m.sent = true;
    if (!m.form.isCancelled) m.sendEvents++;
    await sendEvent(m, dup, concurrent);
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
    if (!stateOf(m)?.deliveredRevision && !box.recordOf(ALICE.email, stateOf(m)?.syncKey ?? "")) return "create";
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
    log(`m${m.label} the organizer changes the ${organizerUpdate(rng, m)}`);
    commit(m);
    return true;
  };

  const parked = new Set<string>();
  const refusedAttendeeWrite = (e: OutboxEntry): boolean =>
    e.parked &&
    e.lastError?.status === 403 &&
    meetings.some((m) => m.role === "attendee" && stateOf(m)?.syncKey === e.op.syncKey);
  const steps = rng.int(8, 22);
  for (let s = 0; s < steps; s++) {
    const live = meetings.filter((m) => !m.discarded);
    if (live.length === 0) break;
    const m = rng.pick(live);
    // Aimed writes (16-18), cancellations and Add clicks come more often: they are what the faults must meet.
    const drawn = rng.int(0, 27);
    const action = drawn > 21 ? [16, 16, 17, 9, 9, 4][drawn - 22]! : drawn;
    const dup: 1 | 2 = rng.chance(0.2) ? 2 : 1;
    const concurrent = dup === 2 && rng.chance(0.5);
    switch (action) {
      case 0:
      case 1: {
        const rules = looseRules(rng);
        log(`faults ${JSON.stringify(rules)}`);
        await setFaults(rules); // held requests land now
        break;
      }
      case 2:
      case 3: {
        if (m.cancelled) break;
        if (m.role === "attendee") {
          // No event fires in the attendee's Outlook; the task pane, opened now and then, reconciles.
          if (organizerChanges(m) && rng.chance(0.5)) {
            log(`m${m.label} task pane opened x${dup}`);
            await fire(m, { kind: "refresh" }, dup, concurrent);
          }
          break;
        }
        const kind = rng.pick<Edit>(["subject", "time", "attendees", "notes", "location", "attachment"]);
        const trigger = edit(rng, m, kind);
        log(`m${m.label} edit ${kind}${trigger ? ` -> change x${dup}` : ""}`);
        if (trigger) await fire(m, trigger, dup, concurrent);
        break;
      }
      case 4: {
        if (m.cancelled) break;
        m.addClicked = true;
        await aim(m, "add");
        log(`m${m.label} click Add x${dup}${concurrent ? " (concurrent)" : ""}`);
        await fire(m, { kind: "add" }, dup, concurrent);
        break;
      }
      case 5:
      case 6: {
        if (m.cancelled || m.role === "attendee") break;
        if (rng.chance(0.5)) edit(rng, m, rng.pick<Edit>(["subject", "time", "attachment"]));
        await aim(m, "send");
        log(`m${m.label} send x${dup}${concurrent ? " (concurrent)" : ""}`);
        await send(m, dup, concurrent);
        break;
      }
      case 7: {
        if (!m.sent || m.cancelled || m.role === "attendee") break;
        // Saved without sending (no event fires), closed, opened again later: the open reconciles.
        edit(rng, m, rng.pick<Edit>(["subject", "notes", "time", "attachment"]));
        save(m);
        await aim(m, "save");
        log(`m${m.label} edit, save, close, open x${dup}`);
        await fire(m, { kind: "open" }, dup, concurrent);
        break;
      }
      case 8: {
        if (!m.sent) {
          if (rng.chance(0.3)) {
            // An unsent new meeting thrown away: nothing of it may ever reach InterAction.
            m.discarded = true;
            m.outlook.discard();
            log(`m${m.label} discard the unsent draft`);
          }
          break;
        }
        if (m.role === "attendee") break;
        closeUnsaved(m);
        log(`m${m.label} discard unsent edits, open`);
        await fire(m, { kind: "open" });
        break;
      }
      case 9: {
        if (!m.sent || m.cancelled || m.role === "attendee") break;
        // "Send Cancellation" in classic Outlook: a send event whose subject carries Outlook's prefix. The real
        // handler recognises it; nothing tells it otherwise.
        const prefix = rng.pick(CANCEL_PREFIXES);
        m.form.subject = `${prefix}${m.form.subject}`;
        m.form.isCancelled = true; // what the model expects the adapter to read from the prefix
        m.cancelled = true;
        m.addedWhenCancelled = (stateOf(m)?.revision ?? 0) > 0; // planned: in InterAction or on its way
        await aim(m, "cancel");
        log(`m${m.label} send cancellation "${prefix.trim()}" x${dup}${concurrent ? " (concurrent)" : ""}`);
        await send(m, dup, concurrent);
        break;
      }
      case 10: {
        const trigger = rng.pick<SyncTrigger>([{ kind: "refresh" }, { kind: "retry" }]);
        log(`m${m.label} task pane ${trigger.kind} x${dup}`);
        await fire(m, trigger, dup, concurrent);
        break;
      }
      case 11: {
        log(`m${m.label} deliver outbox x${dup}`);
        const once = () => deliverOutbox(depsOf(m));
        if (dup === 2 && concurrent) await Promise.all([once(), once()]);
        else for (let i = 0; i < dup; i++) await once();
        break;
      }
      case 12: {
        const ms = rng.int(1, 40) * 1000;
        log(`time passes ${ms} ms`);
        clock.advance(ms);
        break;
      }
      case 13: {
        if (rng.chance(0.5)) {
          // The runtime's storage is lost (cleared, or the next event runs on another device): only the items know.
          log("the outbox is lost");
          storage.data.delete(OUTBOX_KEY);
        } else {
          const n = rng.int(1, 3);
          log(`the runtime storage refuses the next ${n} writes`);
          storage.failWrites = n;
        }
        break;
      }
      case 14: {
        // An older revision arrives after a newer one: its write is held past the client's timeout, the user
        // changes and sends again (delivered once the backoff has passed), then the held write lands.
        const key = stateOf(m)?.syncKey;
        if (!key || !m.sent || m.cancelled || m.role === "attendee") break;
        log(`m${m.label} late older revision: hold, edit+send, edit+send, deliver, release`);
        await setFaults([{ method: "PUT", path: `^/api/v1/meetings/${key}$`, hold: true, times: 1 }]);
        edit(rng, m, rng.pick<Edit>(["subject", "notes", "location", "time"]));
        await send(m);
        await net.quiet();
        edit(rng, m, rng.pick<Edit>(["subject", "notes", "location", "time"]));
        await send(m);
        await moveClocks(10 * MIN);
        await deliverOutbox(depsOf(m));
        await net.quiet();
        await setFaults([]); // the held (older) write lands now
        break;
      }
      case 15: {
        log("late answers land (held requests run; faults cleared)");
        await setFaults([]);
        break;
      }
      case 16:
      case 17: {
        // A fault aimed at an update of the meeting, or at the upload of a document added with it.
        if (!added(m)) {
          if (m.cancelled) break;
          // Not in InterAction yet: the user adds it, and a new meeting is sent (a fault aimed at the create). An
          // attendee adds the outside organizer's meeting the same way (read mode: saved on the item at once).
          m.addClicked = true;
          await aim(m, "create", "meeting");
          log(`m${m.label} click Add${m.sent ? "" : ", send"} (aimed)`);
          await fire(m, { kind: "add" });
          if (!m.sent) await send(m);
          break;
        }
        if (m.role === "attendee") {
          // The organizer's change reaches InterAction through the attendee's task pane (a fault aimed at it).
          clock.advance(HOUR);
          if (!organizerChanges(m)) break;
          await aim(m, "update", "meeting");
          log(`m${m.label} aimed attendee write: task pane opened x${dup}`);
          await fire(m, { kind: "refresh" }, dup, concurrent);
          break;
        }
        const target = action === 16 ? "meeting" : "documents";
        // Earlier backoffs have passed (the client's clock only), so this write is the one sent now.
        clock.advance(HOUR);
        edit(rng, m, target === "meeting" ? rng.pick<Edit>(["subject", "notes", "location"]) : "attachment");
        await aim(m, target, target);
        log(`m${m.label} aimed ${target} write, send x${dup}${concurrent ? " (concurrent)" : ""}`);
        await send(m, dup, concurrent);
        break;
      }
      case 18: {
        // The meeting has ended (InterAction made it an activity); the organizer still changes it.
        if (!added(m) || !m.addClicked) break;
        const target = Date.parse(m.form.end) + rng.int(1, 48) * HOUR;
        if (target > clock.now().getTime()) await moveClocks(target - clock.now().getTime());
        if (m.role === "attendee") {
          // An activity now: InterAction takes only its organizer's writes (403 for the attendee's).
          await aim(m, "converted", "meeting");
          log(`m${m.label} ended; attendee's task pane opened (aimed)`);
          await fire(m, { kind: "refresh" });
          break;
        }
        edit(rng, m, rng.pick<Edit>(["subject", "notes", "location", "attachment"]));
        await aim(m, "converted", "meeting");
        log(`m${m.label} ended; aimed post-conversion write, send`);
        await send(m);
        break;
      }
      default: {
        // The meeting ends: InterAction turns it into an activity (organizer's changes still count).
        const ends = meetings.map((x) => Date.parse(x.form.end));
        const target = Math.min(...ends) + rng.int(1, 36) * HOUR;
        if (target > clock.now().getTime()) {
          log(`clock moves to ${new Date(target).toISOString()} (conversion)`);
          await moveClocks(target - clock.now().getTime());
        }
      }
    }
    await net.quiet();
    // Every injected fault is one retrying cures: nothing may wait for a Retry the user would have to press.
    // The one exception is InterAction's 403 to an attendee's write that arrives after the meeting became an activity
    // (only its organizer's changes count then): no retry cures it, and the oracle checks what it left.
    for (const e of await outbox.load())
      if (e.parked && !refusedAttendeeWrite(e))
        parked.add(`${e.op.idempotencyKey} parked (${e.lastError?.message ?? "no reason"})`);
  }
  schedule.problems.push(...parked);

  // ---- recovery: faults cleared (held requests land), backoffs elapsed, every meeting opened once, as a user would.
  // Nobody presses Retry: the schedules inject only faults that retrying cures (5xx, 429, resets, timeouts, unreadable
  // answers), so nothing may end parked, and what a lost or refused outbox dropped the item's own state re-plans on
  // that one open. ----
  log("recovery");
  storage.failWrites = 0;
  // A new meeting never sent is closed without sending: a discarded draft.
  for (const m of meetings) if (!m.sent) m.discarded = true;
  await setFaults([]);
  await moveClocks(HOUR);
  for (const m of meetings) {
    if (m.discarded) continue;
    closeUnsaved(m);
    log(`m${m.label} ${m.role === "attendee" ? "task pane opened" : "open"}`);
    await fire(m, { kind: m.role === "attendee" ? "refresh" : "open" });
  }
  await net.quiet();
  // The service's sweep: every meeting once more, again until its job succeeds (faults are cleared by now).
  for (const m of service ? meetings : []) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const outcome = await service!.follow(m);
      log(`service sweep m${m.label}: ${outcome}`);
      await net.quiet();
      if (!outcome.startsWith("job failed")) break;
    }
  }

  schedule.requests = await box.requests();
  schedule.deliveredWrites = schedule.requests.filter(
    (e) => e.method === "PUT" && e.status >= 200 && e.status < 300 && (!e.fault || e.fault.startsWith("delay")),
  ).length;
  schedule.meetingWrites = {
    sent: schedule.requests.filter((e) => e.method === "PUT" && /^\/api\/v1\/meetings\/[^/]+$/.test(e.path)).length,
    applied: random.issuedKeys.reduce((n, key) => n + box.appliedRevisions(key).length, 0),
  };
  await judge({
    schedule,
    box,
    meetings,
    outbox,
    random,
    confirmed,
    stateOf,
    refusedAttendeeWrite,
    twoWriters: Boolean(service),
  });
  return schedule;
}
