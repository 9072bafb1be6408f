// A firm of many opted-in mailboxes for the service's scale and fault tests: each mailbox in the local Exchange (dev/
// graph) and the sandbox, one meeting each that the add-in added (plan, deliver, save its state in the item, as
// serviceWorld's addThroughAddin does), and the sandbox's history of applied writes (sync key, revision, subject,
// in the order InterAction applied them), which is what the oracle reads.
import { randomUUID } from "node:crypto";
import type { RunningGraph } from "../../dev/graph/server";
import { graphEvent } from "../../dev/graph/graphEvent";
import { plan } from "../../src/core/plan";
import { encodeState, PROPERTY_NAME } from "../../src/core/stateCodec";
import { initialSyncState } from "../../src/core/syncState";
import { snapshotFromGraphEvent } from "../../src/graph/eventSnapshot";
import type { ReliabilitySandbox } from "../support/reliabilitySandbox";
import { ADDIN_ID } from "./serviceWorld";

export interface FleetMeeting {
  mailbox: string;
  eventId: string;
  syncKey: string;
  /** The version its subject carries now ("<mailbox> v<n>"). */
  version: number;
}

export const subjectOf = (mailbox: string, version: number) => `Review ${mailbox} v${version}`;
export const versionOf = (subject: string): number => Number(/ v(\d+)$/.exec(subject)?.[1] ?? NaN);

/** Adds `count` users named `<prefix><i>@firm.example` to the local Exchange and the sandbox. */
export function addMailboxes(graph: RunningGraph, box: ReliabilitySandbox, prefix: string, count: number): string[] {
  const insert = box.sandbox.db.prepare("INSERT OR IGNORE INTO users (id, email, name, is_admin) VALUES (?, ?, ?, 0)");
  const mailboxes: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `${prefix}${i}@firm.example`;
    if (!graph.store.mailbox(email))
      graph.store.addMailbox({ id: randomUUID(), email, name: `${prefix} ${i}`, kind: "user" });
    insert.run(`u-${prefix}-${i}`, email, `${prefix} ${i}`);
    mailboxes.push(email);
  }
  return mailboxes;
}

/** What the add-in does when its user adds a meeting: plan, deliver to InterAction, save its state on the item. */
export async function addThroughAddin(
  graph: RunningGraph,
  box: ReliabilitySandbox,
  mailbox: string,
  eventId: string,
): Promise<string> {
  const e = graph.store.event(eventId)!;
  const m = graph.store.mailbox(e.mailboxId)!;
  const snapshot = snapshotFromGraphEvent(JSON.parse(JSON.stringify(graphEvent(graph.store, e))), {
    email: m.email,
    name: m.name,
  });
  const api = box.api(mailbox);
  const planned = plan({
    snapshot,
    state: { ...initialSyncState(), mode: "manual" },
    settings: await api.getSettings(),
    directory: null,
    now: new Date(),
    trigger: { kind: "add" },
    ids: { newSyncKey: () => randomUUID() },
  });
  let state = planned.nextState;
  for (const op of planned.operations) {
    if (op.kind !== "upsertMeeting") continue;
    const record = await api.upsertMeeting(op.syncKey, op.payload, op.idempotencyKey);
    state = { ...state, deliveredRevision: record.revision, recordId: record.id, syncUntil: record.syncUntil };
  }
  if (!state.syncKey) throw new Error(`The add-in did not add the meeting: ${JSON.stringify(planned.notice)}`);
  graph.exchange.setCustomProperties(
    mailbox,
    eventId,
    ADDIN_ID,
    JSON.stringify({ [PROPERTY_NAME]: encodeState(state) }),
  );
  return state.syncKey;
}

/** One meeting per mailbox (an outside guest, so InterAction takes it), added through the add-in. */
export async function meetingPerMailbox(
  graph: RunningGraph,
  box: ReliabilitySandbox,
  mailboxes: string[],
): Promise<FleetMeeting[]> {
  const meetings: FleetMeeting[] = [];
  for (const [i, mailbox] of mailboxes.entries()) {
    // Days 3 to 302 ahead, then again: every meeting within the service's window (a year ahead by default). One day
    // per mailbox put mailbox 363 onwards beyond it, where the service by design follows nothing (a 1,000-mailbox
    // bench then waited for 638 meetings the service never watches).
    const start = new Date(Date.now() + (3 + (i % 300)) * 86_400_000);
    start.setUTCHours(9, 0, 0, 0);
    const event = graph.exchange.create(
      mailbox,
      {
        subject: subjectOf(mailbox, 0),
        body: "Agenda",
        location: "Room 1",
        start: start.toISOString(),
        end: new Date(start.getTime() + 3_600_000).toISOString(),
        attendees: [{ email: "carol@acme.example", name: "Carol Chen", type: "required" }],
      },
      true,
    );
    meetings.push({
      mailbox,
      eventId: event.id,
      syncKey: await addThroughAddin(graph, box, mailbox, event.id),
      version: 0,
    });
  }
  return meetings;
}

/**
 * Records every write InterAction applies to a meeting: each one ends by giving the meeting a new version (a new
 * ETag), so a trigger on the version sees the revision and subject the write left. A version bump that changed
 * neither (a contact resolved, a document) repeats the previous pair and is left out.
 */
export function recordHistory(box: ReliabilitySandbox): {
  history(): Map<string, { revision: number; subject: string }[]>;
} {
  box.sandbox.db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS fleet_history (seq INTEGER PRIMARY KEY, sync_key TEXT, revision INTEGER, subject TEXT);
    CREATE TEMP TRIGGER IF NOT EXISTS fleet_version AFTER UPDATE OF version ON meetings
      BEGIN INSERT INTO fleet_history (sync_key, revision, subject) VALUES (NEW.sync_key, NEW.revision, NEW.subject); END;
  `);
  return {
    history() {
      const rows = box.sandbox.db
        .prepare("SELECT sync_key, revision, subject FROM fleet_history ORDER BY seq")
        .all() as { sync_key: string; revision: number; subject: string }[];
      const bySyncKey = new Map<string, { revision: number; subject: string }[]>();
      for (const r of rows) {
        const list = bySyncKey.get(r.sync_key) ?? [];
        const last = list[list.length - 1];
        if (!last || last.revision !== r.revision || last.subject !== r.subject)
          list.push({ revision: r.revision, subject: r.subject });
        bySyncKey.set(r.sync_key, list);
      }
      return bySyncKey;
    },
  };
}

/**
 * The oracle: for each meeting, InterAction's applied writes carry strictly rising revisions and strictly rising
 * subject versions (nothing written twice, nothing out of order, nothing rolled back), and the last one is the
 * meeting's current version in Exchange (nothing lost). Returns the problems, one line each.
 */
export function checkHistory(
  meetings: FleetMeeting[],
  history: Map<string, { revision: number; subject: string }[]>,
): string[] {
  const problems: string[] = [];
  for (const m of meetings) {
    const writes = history.get(m.syncKey) ?? [];
    const versions = writes.map((w) => versionOf(w.subject));
    for (let i = 1; i < writes.length; i++) {
      if (writes[i]!.revision <= writes[i - 1]!.revision)
        problems.push(`${m.mailbox}: revision ${writes[i]!.revision} applied after ${writes[i - 1]!.revision}`);
      if (versions[i]! <= versions[i - 1]!)
        problems.push(`${m.mailbox}: v${versions[i]} written after v${versions[i - 1]} (${versions.join(",")})`);
    }
    const last = versions[versions.length - 1];
    if (last !== m.version) problems.push(`${m.mailbox}: InterAction holds v${last}, Exchange v${m.version}`);
  }
  return problems;
}
