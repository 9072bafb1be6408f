// The oracle of a fault schedule: after recovery, InterAction (the sandbox's tables and its answer for each meeting)
// holds exactly the committed Outlook state of every meeting — fields, attendees with their type, response and name,
// appointment/activity, visibility, documents — with no lost change, no duplicate meeting or document, and the
// revisions the sandbox actually applied only ever going up. A cancellation excuses nothing: a meeting that had been
// added when it was cancelled ends cancelled in InterAction, one that had not stays out. An outside meeting both
// colleagues added (issue 14) is one meeting with both links: 0 duplicates, 0 lost links. It also writes the trace.
import { createHash } from "node:crypto";
import { blockedForGood } from "../../../src/core/lifecycle";
import { messages } from "../../../src/core/messages";
import type { OutboxEntry } from "../../../src/core/outbox";
import { deriveStatus } from "../../../src/core/status";
import type { MeetingSnapshot } from "../../../src/core/meeting";
import type { SyncState } from "../../../src/core/syncState";
import type { OutboxStore } from "../../../src/sync/ports";
import type { SeededRandom } from "../../support/fakes";
import type { ReliabilitySandbox, RequestLogEntry } from "../../support/reliabilitySandbox";
import { ALICE, DAY, norm, type ModelMeeting } from "./model";
import type { Schedule } from "./run";

/** The seed's defaults (dev/sandbox/seed.ts); the schedules never change a meeting's preferences. */
const DEFAULT_VISIBILITY = "everyone";
const DEFAULT_ACTIVITY_TYPE = "at-meeting";
const POST_MEETING_SYNC_DAYS = 14;

interface Judged {
  schedule: Schedule;
  box: ReliabilitySandbox;
  meetings: ModelMeeting[];
  outbox: OutboxStore;
  random: SeededRandom;
  confirmed: Map<string, number[]>;
  /** The state the item (or this device's backup) holds for the meeting: what the next event would load. */
  stateOf: (m: ModelMeeting) => SyncState | null;
  /** InterAction's 403 to an attendee's write that arrived after the meeting became an activity. */
  refusedAttendeeWrite: (e: OutboxEntry) => boolean;
  /** The sync service wrote too: the item does not know the service's revisions (it never writes to a mailbox). */
  twoWriters?: boolean;
}

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

/** Attendees as InterAction should hold them: one per address (normalized), with name, type and response. */
function expectedAttendees(c: MeetingSnapshot): string[] {
  const byEmail = new Map<string, string>();
  for (const a of c.attendees) {
    const email = norm(a.email);
    if (!byEmail.has(email)) byEmail.set(email, `${email}|${collapse(a.name) || email}|${a.type}|${a.response}`);
  }
  return [...byEmail.values()].sort();
}

export async function judge(judged: Judged): Promise<void> {
  const { schedule, box, meetings, outbox, random, confirmed, stateOf, refusedAttendeeWrite, twoWriters } = judged;
  const problem = (p: string) => schedule.problems.push(p);
  const all = await outbox.load();
  const refused = all.filter(refusedAttendeeWrite);
  const left = all.filter((e) => !refused.includes(e));
  if (left.length)
    problem(`outbox not drained: ${JSON.stringify(left.map((e) => [e.op.idempotencyKey, e.lastError]))}`);
  const rows = box.meetings(random.issuedKeys);
  const now = Date.parse(((await box.control("GET", "/__sandbox/clock")) as { now: string }).now);
  const expectedKeys = new Set<string>();
  /** The attendee's own change InterAction does not hold and the lifecycle blocks for good, told as such (blockedHere). */
  const blockedChange = (x: ModelMeeting, rowRevision: number | null): boolean => {
    const state = stateOf(x);
    if (x.role !== "attendee" || !state?.syncKey) return false;
    const delivered = state.deliveredRevision ?? 0;
    const held = rowRevision ?? box.linkOf(state.syncKey)?.revision;
    const at = new Date(now);
    const mine = all.filter((e) => e.op.syncKey === state.syncKey);
    const status = deriveStatus({
      snapshot: x.committed,
      state,
      eligibility: { eligible: true },
      outbox: mine,
      now: at,
    });
    // The item planned a revision InterAction never confirmed, and InterAction holds the last one it did; or
    // InterAction kept the item's last write only as a link, its fields refused (an activity by the time it landed:
    // dev/sandbox/meetingWrites.ts applyShared), so it keeps no fingerprint of it and the item claims none either.
    const unconfirmed =
      state.revision > delivered && held !== undefined && (twoWriters ? held >= delivered : held === delivered);
    const fieldsRefused =
      held === state.revision &&
      delivered === state.revision &&
      state.fingerprint === undefined &&
      box.recordOf(x.user?.email ?? ALICE.email, state.syncKey)?.fingerprint === undefined;
    return (
      blockedForGood(x.committed, state, at) === "organizerOnly" &&
      (unconfirmed || fieldsRefused) &&
      status !== "pending" &&
      x.notifier.shown.at(-1)?.message === messages.lifecycle.organizerOnly
    );
  };
  for (const m of meetings) {
    const state = stateOf(m);
    // A colleague's link may be on a meeting another colleague's link made (one meeting per iCalUId).
    const link = m.twin && state?.syncKey ? box.linkOf(state.syncKey) : null;
    const mine = rows.filter((r) => (link ? r.id === link.meetingId : state?.syncKey === r.sync_key));
    if (m.discarded) {
      const keys = state?.syncKey ? [state.syncKey] : [];
      if (box.meetings(keys).length) problem(`m${m.label}: a discarded draft reached InterAction`);
      continue;
    }
    // Added (by the user, or by the firm rules on a send) before any cancellation: then it must end in InterAction,
    // cancelled if it was. Cancelled before it was ever added: it stays out.
    const expected = m.cancelled ? m.addedWhenCancelled : m.addClicked || (m.auto && m.sendEvents > 0);
    if (!expected) {
      if (mine.length)
        problem(`m${m.label}: in InterAction although never added${m.cancelled ? " before it was cancelled" : ""}`);
      continue;
    }
    // The user's Add that the item could not keep (only the unsaved form held it, this device's backup refused:
    // src/sync/runSync.ts addNotKept), told plainly that it was not added and to try again, and nothing said since:
    // refused out loud, not lost. Only exactly that: an Add by click alone, nothing of it left in the item's state,
    // nothing in InterAction (a meeting under its key would still be a stray below).
    const toldNotAdded =
      m.addClicked &&
      !m.cancelled &&
      !(m.auto && m.sendEvents > 0) &&
      mine.length === 0 &&
      !state?.addRequested &&
      m.notifier.shown.at(-1)?.message === messages.failure.itemNotSaved;
    if (toldNotAdded) continue;
    if (!state?.syncKey || mine.length === 0) {
      problem(
        `m${m.label}: lost${m.cancelled ? " (cancelled)" : ""} — not in InterAction (state ${JSON.stringify(state)})`,
      );
      continue;
    }
    expectedKeys.add(state.syncKey);
    const row = mine[0]!;
    if (m.twin && m.iCalUId) {
      const held = box.meetingsWithICalUId(m.iCalUId);
      if (held !== 1) problem(`m${m.label}: ${held} meetings in InterAction for one Outlook meeting (${m.iCalUId})`);
      const other = stateOf(m.twin)?.syncKey;
      const otherLink = other ? box.linkOf(other) : null;
      if (otherLink && otherLink.meetingId !== row.id)
        problem(`m${m.label}: the colleagues' links are on different meetings (${row.id}, ${otherLink.meetingId})`);
    }
    // An attendee's write refused as too late (403, an activity by then) leaves an earlier version in InterAction.
    // For a shared meeting, either colleague's refused write (the record holds what either wrote last).
    const copies = m.twin ? [m, m.twin] : [m];
    const copyKeys = copies.map((x) => stateOf(x)?.syncKey).filter(Boolean);
    const refusedHere = refused.some((e) => copyKeys.includes(e.op.syncKey));
    // Or one the add-in itself can no longer send for that reason, e.g. a change it planned while the meeting was
    // ahead whose outbox entry was lost before delivery (src/core/lifecycle.ts blockedForGood: "organizerOnly").
    // Only exactly that: the item planned a revision InterAction never confirmed, its copy is blocked now, InterAction
    // holds the last revision the item saw confirmed (nothing later, nothing lost before it), the status does not
    // call it pending and the user was last told why (or its last write was kept with its fields refused: see
    // blockedChange). Then InterAction must hold a version the attendee saw.
    const blockedHere = copies.some((x) => blockedChange(x, x.twin ? null : row.revision));
    const heldAttendees = JSON.stringify(
      box
        .attendeesOf(row.id)
        .map((a) => `${a.email}|${a.name}|${a.type}|${a.response}`)
        .sort(),
    );
    const matches = (v: MeetingSnapshot) =>
      collapse(v.subject) === row.subject &&
      v.location === row.location &&
      v.start === row.start_at &&
      v.end === row.end_at &&
      v.notes === row.notes &&
      JSON.stringify(expectedAttendees(v)) === heldAttendees;
    const seen = [...m.seen].reverse();
    const excused = refusedHere || blockedHere;
    const c = m.role === "organizer" ? m.committed : ((excused ? seen.find(matches) : seen[0]) ?? m.committed);
    const end = Date.parse(c.end);
    const want = {
      subject: collapse(c.subject),
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
    const wantAttendees = expectedAttendees(c);
    const gotAttendees = box
      .attendeesOf(row.id)
      .map((a) => `${a.email}|${a.name}|${a.type}|${a.response}`)
      .sort();
    if (JSON.stringify(wantAttendees) !== JSON.stringify(gotAttendees))
      problem(`m${m.label}: attendees ${gotAttendees.join(", ")} instead of ${wantAttendees.join(", ")}`);
    const record = box.recordOf(m.user?.email ?? ALICE.email, state.syncKey);
    const wantRecord = {
      kind: end <= now ? "activity" : "appointment",
      status: c.isCancelled ? "cancelled" : "scheduled",
      frozen: now > end + POST_MEETING_SYNC_DAYS * DAY,
      visibility: DEFAULT_VISIBILITY,
      activityTypeId: DEFAULT_ACTIVITY_TYPE,
      addedBy: m.role,
    };
    const gotRecord = record && {
      kind: record.kind,
      status: record.status,
      frozen: record.frozen,
      visibility: record.visibility,
      activityTypeId: record.activityTypeId,
      addedBy: record.addedBy,
    };
    if (JSON.stringify(wantRecord) !== JSON.stringify(gotRecord))
      problem(`m${m.label}: InterAction answers ${JSON.stringify(gotRecord)} instead of ${JSON.stringify(wantRecord)}`);
    // With two writers InterAction may be ahead of the item (the service's writes), never behind what it planned.
    // A shared meeting's revision is each colleague's link's own.
    const held = link?.revision ?? row.revision;
    // One exception to "never behind": a lost outbox's repair plans the unconfirmed write again under the next
    // revision (core/delivery.ts forgetUndelivered), and when the original then lands first, the repair's write loses
    // its compare-and-set to a record that already holds its content, and settles (core/compareAndSet.ts). The
    // revision is never taken back (its idempotency key was spent), so the record keeps the earlier number with the
    // same content. Only that: the record's fingerprint must be the one the item last planned, and confirmed.
    const sameContentEarlier =
      held < state.revision &&
      record?.fingerprint !== undefined &&
      record.fingerprint === state.fingerprint &&
      (state.deliveredRevision ?? 0) === state.revision;
    const disagree = sameContentEarlier
      ? false
      : twoWriters
        ? held < state.revision
        : held !== state.revision || (state.deliveredRevision ?? 0) !== state.revision;
    if (!excused && disagree)
      problem(
        `m${m.label}: revisions disagree (InterAction ${row.revision}, item ${state.revision}, ` +
          `confirmed ${state.deliveredRevision})`,
      );
    const applied = box.appliedRevisions(state.syncKey);
    for (let i = 1; i < applied.length; i++)
      if (applied[i]! <= applied[i - 1]!) problem(`m${m.label}: InterAction applied revisions ${applied.join(",")}`);
    const seq = confirmed.get(state.syncKey) ?? [];
    for (let i = 1; i < seq.length; i++)
      if (seq[i]! < seq[i - 1]!) problem(`m${m.label}: revisions confirmed out of order ${seq.join(",")}`);

    const docs = box.documentsOf(row.id);
    const keys = docs.map((d) => d.document_key);
    if (new Set(keys).size !== keys.length) problem(`m${m.label}: duplicate documents ${keys.join(",")}`);
    const names = docs.map((d) => d.name).sort();
    if (new Set(names).size !== names.length) problem(`m${m.label}: duplicate document names ${names.join(",")}`);
    // What the item promised (queued documents) is what InterAction holds, cancelled or not.
    const promised = [...new Set(Object.values(state.documents))].sort();
    if (JSON.stringify(promised) !== JSON.stringify([...keys].sort()))
      problem(`m${m.label}: documents ${[...keys].sort().join(",")} but the item queued ${promised.join(",")}`);
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
    for (const n of m.notifier.shown)
      if (n.message.length > 150 || !n.message.trim()) problem(`m${m.label}: unreadable notice ${JSON.stringify(n)}`);
  }
  const stray = rows.filter((r) => !expectedKeys.has(r.sync_key));
  for (const r of stray) problem(`duplicate or stray meeting in InterAction: ${r.sync_key} "${r.subject}"`);
  schedule.trace = traceOf(schedule, box, rows);
}

/**
 * Requests (method, path, status, fault) and the final state, without ids and times (random or real-time). Reads the
 * add-in makes at once (the contact types beside the contacts, the settings beside the lookup) reach the sandbox in
 * whatever order the sockets deliver them, and a fault aimed at "the next read of these paths" lands on whichever
 * came first; neither is part of a schedule's outcome. So each run of consecutive reads is compared as the reads made
 * and the answers given (each sorted); every write keeps its place and its answer.
 */
export function requestTrace(log: readonly RequestLogEntry[]): string[] {
  const requests: string[] = [];
  let reads: RequestLogEntry[] = [];
  const endReads = () => {
    if (!reads.length) return;
    const made = reads.map((e) => `${e.method} ${e.path}`).sort();
    const answers = reads.map((e) => `${e.status}${e.fault ? ` [${e.fault}]` : ""}`).sort();
    requests.push(`reads ${made.join(", ")} answered ${answers.join(", ")}`);
    reads = [];
  };
  for (const e of log) {
    if (e.method === "GET") {
      reads.push(e);
      continue;
    }
    endReads();
    requests.push(
      `${e.method} ${e.path} ${e.status}${e.idempotencyKey ? ` ${e.idempotencyKey}` : ""}${e.fault ? ` [${e.fault}]` : ""}`,
    );
  }
  endReads();
  return requests;
}

function traceOf(schedule: Schedule, box: ReliabilitySandbox, rows: ReturnType<ReliabilitySandbox["meetings"]>) {
  const requests = requestTrace(schedule.requests);
  const state = rows.map((r) => {
    const attendees = box.attendeesOf(r.id).map((a) => `${a.email}|${a.name}|${a.type}|${a.response}`);
    const docs = box.documentsOf(r.id).map((d) => `${d.document_key}|${d.name}|${d.sha256}`);
    const fields = [r.sync_key, r.subject, r.location, r.start_at, r.end_at, r.notes, r.cancelled, r.revision];
    return `meeting ${JSON.stringify(fields)} attendees ${attendees.join(", ")} documents ${docs.join(", ")}`;
  });
  return [...requests, ...state];
}
