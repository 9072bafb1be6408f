// Randomized fault schedules: the promise that matters most to a firm — what is committed in Outlook reaches
// InterAction exactly once, and nothing else does — under hundreds of seeded schedules of faults (500, 502, 503, 429
// with Retry-After, answers slower than the client's timeout, connection resets, malformed JSON, slow answers)
// injected into the REAL sandbox, while the REAL use-cases (runSync, deliverOutbox) drive the REAL typed client.
// Only the Office side is faked (item, custom properties, storage, notifications, clock).
//
// Every schedule: user edits (committed by send or save, or discarded), Add clicks (repeated, concurrent), duplicate
// events, attachments, cancellation, the clock moving past the meeting (conversion to an activity), task pane
// refreshes, Retry and background delivery, interleaved with fault rules. Then recovery: faults cleared, the clock
// moves past every backoff, each meeting is opened again (reconcile) and the outbox drained. The oracle then reads
// the sandbox's tables: for every meeting InterAction's copy equals the committed Outlook state, with no lost change,
// no duplicate meeting or document, and revisions confirmed in order.
//
// Replay one failing schedule: RELIABILITY_SEED=<seed> npx jest test/reliability/faultSchedules
// More schedules: RELIABILITY_SCHEDULES=1000 npx jest test/reliability/faultSchedules
import { createHash } from "node:crypto";
import type { AttachmentInfo, Attendee, MeetingSnapshot } from "../../src/core/meeting";
import type { Notice } from "../../src/core/notice";
import type { MeetingRecord } from "../../src/core/record";
import { deliverOutbox } from "../../src/sync/deliverOutbox";
import type { SyncDeps } from "../../src/sync/deps";
import type { InterActionApi, Notifier } from "../../src/sync/ports";
import { runSync, type SyncTrigger } from "../../src/sync/runSync";
import { createStorageOutbox, OUTBOX_KEY } from "../../src/sync/storageOutbox";
import type { FaultRule } from "../../dev/sandbox/server";
import { FakeMailboxItem, FixedClock, MemoryStateStore, MemoryStorage, SeededRandom } from "../support/fakes";
import { ReliabilityRng, startReliabilitySandbox, type ReliabilitySandbox } from "../support/reliabilitySandbox";

const SCHEDULES = Number(process.env.RELIABILITY_SCHEDULES ?? 200);
const REPLAY = process.env.RELIABILITY_SEED ? Number(process.env.RELIABILITY_SEED) : undefined;
const BASE_SEED = Number(process.env.RELIABILITY_BASE_SEED ?? 20261125);
/** Sandboxes reused (POST /__sandbox/reset) between schedules, one schedule each at a time. */
const SANDBOXES = 3;

/** The client gives up quickly; "timeout" faults answer later than that (and the sandbox still applies them). */
const CLIENT_TIMEOUT_MS = 120;
const LATE_MS = 260;
const SLOW_MS = 30;

const ALICE = { email: "alice@firm.example", name: "Alice Archer" };
const T0 = Date.parse("2026-11-25T09:00:00.000Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// Attendees the edits draw from: colleagues, a Prospect contact, unknown guests, one in a messy spelling.
const POOL: Attendee[] = [
  { email: "bob@firm.example", name: "Bob Baker", type: "required", response: "none" },
  { email: "dana@firm.example", name: "Dana Diaz", type: "optional", response: "tentative" },
  { email: "erin@globex.example", name: "Erin Lee", type: "required", response: "accepted" },
  { email: "zoe@newco.example", name: "Zoe Zimmer", type: "optional", response: "none" },
  { email: " Lee.Chen@NewCo.example ", name: "Lee Chen", type: "required", response: "none" },
];
/** A Top Client contact: the firm rules add a meeting with her on send. */
const CAROL: Attendee = { email: "carol@acme.example", name: "Carol Chen", type: "required", response: "accepted" };
const SUBJECT_WORDS = ["Acme", "Globex", "term sheet", "Übernahme", "مراجعة", "会議", "review 🚀", "Q4", "kick-off"];

interface ModelMeeting {
  label: string;
  item: FakeMailboxItem;
  stateStore: MemoryStateStore;
  notifier: RecordingNotifier;
  /** What Outlook keeps (sent or saved). */
  committed: MeetingSnapshot;
  /** The open form (committed + unsent edits). */
  form: MeetingSnapshot;
  sent: boolean;
  /** Send events during the schedule (the firm rules run on send). */
  sendEvents: number;
  addClicked: boolean;
  auto: boolean;
  cancelled: boolean;
  discarded: boolean;
  attachmentContent: Map<string, Buffer>;
  nextAttachment: number;
}

class RecordingNotifier implements Notifier {
  readonly shown: Notice[] = [];
  async show(notice: Notice): Promise<void> {
    this.shown.push(notice);
  }
  async clear(): Promise<void> {}
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const norm = (email: string) => email.trim().toLowerCase();

interface Schedule {
  seed: number;
  log: string[];
  problems: string[];
}

/** Records every record InterAction confirmed, in order, per sync key (revisions must never go backwards). */
function recordingApi(api: InterActionApi, confirmed: Map<string, number[]>): InterActionApi {
  const note = (r: MeetingRecord) => confirmed.set(r.syncKey, [...(confirmed.get(r.syncKey) ?? []), r.revision]);
  return {
    ...api,
    getSettings: () => api.getSettings(),
    getActivityTypes: () => api.getActivityTypes(),
    lookupAttendees: (emails) => api.lookupAttendees(emails),
    getMeeting: (key) => api.getMeeting(key),
    uploadDocument: (key, doc, upload) => api.uploadDocument(key, doc, upload),
    async upsertMeeting(syncKey, payload, idempotencyKey) {
      const record = await api.upsertMeeting(syncKey, payload, idempotencyKey);
      note(record);
      return record;
    },
  };
}

function faultRules(rng: ReliabilityRng): FaultRule[] {
  const paths = [
    "^/api/v1/meetings/[^/]+$",
    "^/api/v1/meetings/[^/]+/documents/",
    "^/api/v1/settings/",
    "^/api/v1/(contacts|contact-types)",
    "^/api/v1/",
  ];
  const count = rng.int(1, 3);
  const rules: FaultRule[] = [];
  for (let i = 0; i < count; i++) {
    const base: FaultRule = { path: rng.pick(paths), times: rng.int(1, 3) };
    if (rng.chance(0.5)) base.method = rng.pick(["PUT", "GET"]);
    switch (rng.int(0, 7)) {
      case 0:
        rules.push({ ...base, status: 500 });
        break;
      case 1:
        rules.push({ ...base, status: 502 });
        break;
      case 2:
        rules.push({ ...base, status: 503, retryAfterSeconds: rng.int(1, 5) });
        break;
      case 3:
        rules.push({ ...base, status: 429, retryAfterSeconds: rng.int(1, 30) });
        break;
      case 4:
        rules.push({ ...base, delayMs: LATE_MS }); // beyond the client's timeout: applied, answer lost
        break;
      case 5:
        rules.push({ ...base, reset: true });
        break;
      case 6:
        rules.push({ ...base, malformed: true }); // applied, answer unreadable
        break;
      default:
        rules.push({ ...base, delayMs: SLOW_MS }); // slow but in time
    }
  }
  return rules;
}

function newMeeting(rng: ReliabilityRng, index: number, isNew: boolean, auto: boolean): MeetingSnapshot {
  const start = T0 + rng.int(1, 3) * DAY + rng.int(0, 8) * HOUR;
  const attendees: Attendee[] = [{ ...ALICE, type: "required", response: "organizer" }];
  if (auto) attendees.push({ ...CAROL });
  for (const a of POOL) if (rng.chance(0.4)) attendees.push({ ...a });
  return {
    ...(isNew ? {} : { itemId: `AAMkAG-reliability-${index}` }),
    subject: `${rng.pick(SUBJECT_WORDS)} meeting ${index}`,
    start: new Date(start).toISOString(),
    end: new Date(start + rng.int(1, 4) * 30 * MIN).toISOString(),
    location: rng.pick(["Room 4", "Teams", "Zürich office", ""]),
    organizer: { ...ALICE },
    attendees,
    notes: rng.pick(["", "Agenda: results, next steps.", "Line one\nLine two"]),
    attachments: [],
    isRecurring: false,
    sensitivity: "normal",
    isCancelled: false,
    role: "organizer",
    user: { ...ALICE },
    userResponse: "organizer",
    isNew,
  };
}

type Edit = "subject" | "time" | "attendees" | "notes" | "location" | "attachment";

/** The user edits the open form; time, attendee and attachment edits raise Outlook's change events. */
function edit(rng: ReliabilityRng, m: ModelMeeting, kind: Edit): SyncTrigger | null {
  const f = m.form;
  switch (kind) {
    case "subject":
      f.subject = `${rng.pick(SUBJECT_WORDS)} meeting ${m.label} v${rng.int(1, 999)}`;
      return null;
    case "notes":
      f.notes = `Notes ${rng.int(1, 999)}: ${rng.pick(["<b>bold</b>", "plain", "ünïcödé", "x"])}`;
      return null;
    case "location":
      f.location = rng.pick(["Room 5", "Online", "Client site", "Room 4"]);
      return null;
    case "time": {
      const shift = rng.int(-6, 6) * HOUR || HOUR;
      f.start = new Date(Date.parse(f.start) + shift).toISOString();
      f.end = new Date(Date.parse(f.end) + shift).toISOString();
      return { kind: "change", what: "time" };
    }
    case "attendees": {
      const candidate = rng.pick(POOL);
      const at = f.attendees.findIndex((a) => norm(a.email) === norm(candidate.email));
      if (at >= 0) f.attendees.splice(at, 1);
      else f.attendees.push({ ...candidate });
      return { kind: "change", what: "attendees" };
    }
    case "attachment": {
      const n = m.nextAttachment++;
      const bytes = Buffer.from(Array.from({ length: rng.int(0, 2048) }, () => rng.int(0, 255)));
      const name = rng.pick([
        `Agenda ${m.label}-${n}.pdf`,
        `notes-${m.label}-${n}.txt`,
        `Ünterlagen ${m.label}-${n}.docx`,
      ]);
      const id = `att-${m.label}-${n}`;
      const info: AttachmentInfo = {
        id,
        name,
        size: bytes.length,
        contentType: "application/octet-stream",
        isInline: false,
        kind: "file",
      };
      f.attachments.push(info);
      m.attachmentContent.set(id, bytes);
      m.item.content[id] = { base64: bytes.toString("base64"), contentType: info.contentType };
      return { kind: "change", what: "attachments" };
    }
  }
}

async function runSchedule(seed: number, box: ReliabilitySandbox): Promise<Schedule> {
  const rng = new ReliabilityRng(seed);
  const schedule: Schedule = { seed, log: [], problems: [] };
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
  const api = recordingApi(box.api(ALICE.email, { timeoutMs: CLIENT_TIMEOUT_MS }), confirmed);

  const meetings: ModelMeeting[] = [];
  const count = rng.int(1, 3);
  for (let i = 0; i < count; i++) {
    const isNew = rng.chance(0.5);
    const auto = rng.chance(0.3);
    const snapshot = newMeeting(rng, i, isNew, auto);
    const item = new FakeMailboxItem(snapshot);
    meetings.push({
      label: String(i),
      item,
      stateStore: new MemoryStateStore(),
      notifier: new RecordingNotifier(),
      committed: clone(snapshot),
      form: item.snapshot,
      sent: !isNew,
      sendEvents: 0,
      addClicked: false,
      auto,
      cancelled: false,
      discarded: false,
      attachmentContent: new Map(),
      nextAttachment: 0,
    });
  }
  const depsOf = (m: ModelMeeting): SyncDeps => ({
    item: m.item,
    stateStore: m.stateStore,
    outbox,
    api,
    clock,
    notifier: m.notifier,
    random,
    storage,
  });
  const moveClocks = async (ms: number) => {
    clock.advance(ms);
    await box.setClock(clock.now());
  };
  const fire = async (m: ModelMeeting, trigger: SyncTrigger, times: 1 | 2 = 1, concurrent = false) => {
    const deadlineMs = trigger.kind === "send" ? 1500 : 2500;
    const once = () => runSync(trigger, depsOf(m), { deadlineMs });
    if (times === 1) await once();
    else if (concurrent) await Promise.all([once(), once()]);
    else {
      await once();
      await once();
    }
  };
  /** Sending commits the form (the values being sent are what Outlook keeps). */
  const commit = (m: ModelMeeting) => {
    m.committed = clone(m.form);
  };

  const steps = rng.int(8, 22);
  for (let s = 0; s < steps; s++) {
    const live = meetings.filter((m) => !m.discarded);
    if (live.length === 0) break;
    const m = rng.pick(live);
    const action = rng.int(0, 14);
    const dup: 1 | 2 = rng.chance(0.2) ? 2 : 1;
    const concurrent = dup === 2 && rng.chance(0.5);
    switch (action) {
      case 0:
      case 1: {
        const rules = faultRules(rng);
        log(`faults ${JSON.stringify(rules)}`);
        await box.setFaults(rules);
        break;
      }
      case 2:
      case 3: {
        if (m.cancelled) break;
        const kind = rng.pick<Edit>(["subject", "time", "attendees", "notes", "location", "attachment"]);
        const trigger = edit(rng, m, kind);
        log(`m${m.label} edit ${kind}${trigger ? ` -> change x${dup}` : ""}`);
        if (trigger) await fire(m, trigger, dup, concurrent);
        break;
      }
      case 4: {
        if (m.cancelled) break;
        m.addClicked = true;
        log(`m${m.label} click Add x${dup}${concurrent ? " (concurrent)" : ""}`);
        await fire(m, { kind: "add" }, dup, concurrent);
        break;
      }
      case 5:
      case 6: {
        if (m.cancelled) break;
        commit(m);
        m.sent = true;
        m.sendEvents++;
        log(`m${m.label} send x${dup}${concurrent ? " (concurrent)" : ""}`);
        await fire(m, { kind: "send" }, dup, concurrent);
        // Once sent, the form Outlook shows is no longer a new meeting.
        m.form.isNew = false;
        m.committed.isNew = false;
        break;
      }
      case 7: {
        if (!m.sent || m.cancelled) break;
        // Saved without sending (no event fires), closed, opened again later: the open reconciles.
        commit(m);
        log(`m${m.label} save, close, open x${dup}`);
        await fire(m, { kind: "open" }, dup, concurrent);
        break;
      }
      case 8: {
        if (!m.sent) {
          if (rng.chance(0.3)) {
            // An unsent new meeting thrown away: nothing of it may ever reach InterAction.
            m.discarded = true;
            log(`m${m.label} discard the unsent draft`);
          }
          break;
        }
        m.item.snapshot = clone(m.committed);
        m.form = m.item.snapshot;
        log(`m${m.label} discard unsent edits, open`);
        await fire(m, { kind: "open" });
        break;
      }
      case 9: {
        if (!m.sent || m.cancelled) break;
        m.form.isCancelled = true;
        commit(m);
        m.cancelled = true;
        log(`m${m.label} cancel x${dup}`);
        await fire(m, { kind: "cancel" }, dup, concurrent);
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
        const once = () => deliverOutbox(depsOf(m), { deadlineMs: 2500 });
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
      case 14: {
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
  }

  // ---- recovery: faults cleared, backoffs elapsed, every meeting opened again, outbox drained ----
  log("recovery");
  storage.failWrites = 0;
  // A new meeting never sent is closed without sending: a discarded draft.
  for (const m of meetings) if (!m.sent) m.discarded = true;
  await box.setFaults([]);
  // A late answer from a timed-out request may still be on its way; let it land before judging.
  await new Promise((r) => setTimeout(r, LATE_MS + 40));
  for (let round = 0; round < 6; round++) {
    await moveClocks(round === 0 ? HOUR : 20 * MIN);
    for (const m of meetings) {
      if (m.discarded) continue;
      m.item.snapshot = clone(m.committed);
      m.form = m.item.snapshot;
      await runSync({ kind: "open" }, depsOf(m), { deadlineMs: 10000 });
    }
    const left = await outbox.load();
    const undelivered = meetings.some((m) => {
      const st = m.stateStore.state;
      return st?.syncKey && st.revision > 0 && (st.deliveredRevision ?? 0) < st.revision;
    });
    if (left.length === 0 && !undelivered) break;
  }

  // ---- oracle ----
  const problem = (p: string) => schedule.problems.push(p);
  const left = await outbox.load();
  if (left.length)
    problem(`outbox not drained: ${JSON.stringify(left.map((e) => [e.op.idempotencyKey, e.lastError]))}`);
  const issued = random.issuedKeys;
  const rows = box.meetings(issued);
  const expectedKeys = new Set<string>();
  for (const m of meetings) {
    const state = m.stateStore.state;
    const mine = rows.filter((r) => state?.syncKey === r.sync_key);
    if (m.discarded) {
      const keys = state?.syncKey ? [state.syncKey] : [];
      if (box.meetings(keys).length) problem(`m${m.label}: a discarded draft reached InterAction`);
      continue;
    }
    const expected = m.addClicked || (m.auto && m.sendEvents > 0);
    // Cancelled before anything reached InterAction: it stays out (either is right; if present it must match).
    const optional = m.cancelled;
    if (!expected && !optional) {
      if (state?.syncKey && mine.length) problem(`m${m.label}: in InterAction although never added`);
      continue;
    }
    if (!state?.syncKey || mine.length === 0) {
      if (!optional) problem(`m${m.label}: lost — not in InterAction (state ${JSON.stringify(state)})`);
      continue;
    }
    expectedKeys.add(state.syncKey);
    const row = mine[0]!;
    const c = m.committed;
    const want = {
      subject: c.subject.replace(/\s+/g, " ").trim(),
      location: c.location,
      start: c.start,
      end: c.end,
      notes: c.notes,
      cancelled: c.isCancelled ? 1 : 0,
    };
    const got = {
      subject: row.subject,
      location: row.location,
      start: row.start_at,
      end: row.end_at,
      notes: row.notes,
      cancelled: row.cancelled,
    };
    if (JSON.stringify(want) !== JSON.stringify(got))
      problem(`m${m.label}: InterAction holds ${JSON.stringify(got)}, Outlook committed ${JSON.stringify(want)}`);
    const wantEmails = [...new Set(c.attendees.map((a) => norm(a.email)))].sort();
    const gotEmails = [...new Set(box.attendeesOf(row.id).map((a) => a.email))].sort();
    if (JSON.stringify(wantEmails) !== JSON.stringify(gotEmails))
      problem(`m${m.label}: attendees ${gotEmails.join(",")} instead of ${wantEmails.join(",")}`);
    if (row.revision !== state.revision || (state.deliveredRevision ?? 0) !== state.revision)
      problem(
        `m${m.label}: revisions disagree (InterAction ${row.revision}, item ${state.revision}, ` +
          `confirmed ${state.deliveredRevision})`,
      );
    const docs = box.documentsOf(row.id);
    const keys = docs.map((d) => d.document_key);
    if (new Set(keys).size !== keys.length) problem(`m${m.label}: duplicate documents ${keys.join(",")}`);
    const names = docs.map((d) => d.name).sort();
    if (new Set(names).size !== names.length) problem(`m${m.label}: duplicate document names ${names.join(",")}`);
    const committedFiles = c.attachments.filter((a) => a.kind === "file" && !a.isInline);
    for (const d of docs) {
      const a = committedFiles.find((x) => x.name === d.name);
      if (!a) problem(`m${m.label}: document ${d.name} is not an attachment Outlook committed`);
      else {
        const sha = createHash("sha256").update(m.attachmentContent.get(a.id)!).digest("hex");
        if (sha !== d.sha256) problem(`m${m.label}: document ${d.name} content differs`);
      }
    }
    if (!c.isCancelled) {
      for (const a of committedFiles)
        if (!docs.some((d) => d.name === a.name))
          problem(`m${m.label}: attachment ${a.name} never reached InterAction`);
    }
    const seq = confirmed.get(state.syncKey) ?? [];
    for (let i = 1; i < seq.length; i++)
      if (seq[i]! < seq[i - 1]!) problem(`m${m.label}: revisions confirmed out of order ${seq.join(",")}`);
    for (const n of m.notifier.shown)
      if (n.message.length > 150 || !n.message.trim()) problem(`m${m.label}: unreadable notice ${JSON.stringify(n)}`);
  }
  const stray = rows.filter((r) => !expectedKeys.has(r.sync_key));
  for (const r of stray) {
    const optional = meetings.some((m) => m.cancelled && m.stateStore.state?.syncKey === r.sync_key);
    if (!optional) problem(`duplicate or stray meeting in InterAction: ${r.sync_key} "${r.subject}"`);
  }
  return schedule;
}

describe("randomized fault schedules against the sandbox", () => {
  const boxes: ReliabilitySandbox[] = [];

  beforeAll(async () => {
    const count = REPLAY === undefined ? SANDBOXES : 1;
    for (let i = 0; i < count; i++) boxes.push(await startReliabilitySandbox());
  }, 60_000);

  afterAll(async () => {
    await new Promise((r) => setTimeout(r, LATE_MS + 50));
    await Promise.all(boxes.map((b) => b.close()));
  }, 60_000);

  test(`after recovery InterAction holds exactly the committed Outlook meetings (${REPLAY === undefined ? SCHEDULES : 1} seeded schedules)`, async () => {
    const seeds = REPLAY === undefined ? Array.from({ length: SCHEDULES }, (_, i) => BASE_SEED + i) : [REPLAY];
    const failures: Schedule[] = [];
    let next = 0;
    await Promise.all(
      boxes.map(async (box) => {
        while (next < seeds.length) {
          const seed = seeds[next++]!;
          const result = await runSchedule(seed, box).catch((e: unknown) => ({
            seed,
            log: [],
            problems: [`crashed: ${e instanceof Error ? e.stack : String(e)}`],
          }));
          if (result.problems.length) failures.push(result);
        }
      }),
    );
    if (failures.length) {
      const first = failures.sort((a, b) => a.seed - b.seed)[0]!;
      const text =
        `${failures.length} of ${seeds.length} schedules failed; seeds ${failures.map((f) => f.seed).join(", ")}\n` +
        `Replay: RELIABILITY_SEED=${first.seed} npx jest test/reliability/faultSchedules\n` +
        `Problems of seed ${first.seed}:\n  ${first.problems.join("\n  ")}\nSteps:\n  ${first.log.join("\n  ")}`;
      console.error(text);
      throw new Error(text);
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
