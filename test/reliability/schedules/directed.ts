// Directed schedules: coverage by design, not by luck. One schedule per (fault kind x operation) pair places that
// fault on that operation PLACEMENTS times on purpose (three meetings added, or cancelled, each with the fault on its
// write; or one meeting added and then updated, changed after it ended, or given a document three times, each write
// faulted), so a batch of any seeds, fresh ones included, meets every pair at least that often. The guard in the test
// still counts only what the sandbox's log shows was hit. Recovery and the oracle are the drawn schedules' own.
import { CANCEL_PREFIXES, HOUR, edit, type ModelMeeting } from "./model";
import { FAULT_KINDS, OP_KINDS, faultRule, pairKey, type FaultKind, type OpKind } from "./faults";
import type { World } from "./world";

/** How often a directed schedule places its fault on its operation (the guard's minimum). */
export const PLACEMENTS = 3;

export interface Pair {
  fault: FaultKind;
  op: OpKind;
}

/** Every pair, in a fixed order: the directed schedules of a batch, one each. */
export const PAIRS: readonly Pair[] = FAULT_KINDS.flatMap((fault) => OP_KINDS.map((op) => ({ fault, op })));

export const pairName = (p: Pair) => pairKey(p.fault, p.op);
export const pairNamed = (name: string): Pair | undefined => PAIRS.find((p) => pairName(p) === name);

/** Meetings a directed schedule needs: one per placement when each can take the operation only once. */
export const organizersFor = (p: Pair) => (p.op === "create" || p.op === "cancel" ? PLACEMENTS : 1);

export async function directedSteps(w: World, pair: Pair): Promise<void> {
  const { rng, log, clock, meetings, stateOf, fire, send } = w;
  /** The fault on the very next write of the meeting's fields (or documents), once. */
  const place = async (m: ModelMeeting, target: "meeting" | "documents") => {
    const key = stateOf(m)?.syncKey ?? "[^/]+";
    const path = target === "meeting" ? `^/api/v1/meetings/${key}$` : `^/api/v1/meetings/${key}/documents/`;
    const rule = faultRule(pair.fault, rng, { method: "PUT", path, times: 1 });
    log(`  place ${JSON.stringify(rule)}`);
    await w.setFaults([rule]);
  };
  const add = async (m: ModelMeeting, faulted: boolean) => {
    m.addClicked = true;
    if (faulted) await place(m, "meeting");
    log(`m${m.label} click Add${faulted ? " (placed)" : ""}`);
    await fire(m, { kind: "add" });
    await w.settle();
    await w.setFaults([]); // a held write lands now
    await w.settle();
  };
  let changes = 0;
  /** The organizer changes the meeting and sends it, the write faulted; earlier backoffs have passed by then. */
  const changeAndSend = async (m: ModelMeeting, target: "meeting" | "documents") => {
    clock.advance(HOUR);
    edit(rng, m, target === "documents" ? "attachment" : rng.pick(["subject", "notes", "location"] as const));
    // A drawn edit may set what the field already holds: the numbered line makes every placement a real change.
    if (target === "meeting") m.form.notes = [m.form.notes, `Change ${++changes}`].filter(Boolean).join("\n");
    await place(m, target);
    log(`m${m.label} placed ${target} write, send`);
    await send(m);
    await w.settle();
    await w.setFaults([]);
    await w.settle();
  };

  if (pair.op === "create") {
    for (const m of meetings) await add(m, true);
    return;
  }
  for (const m of meetings) await add(m, false);
  if (pair.op === "cancel") {
    for (const m of meetings) {
      // "Send Cancellation" in classic Outlook: the real send handler reads Outlook's subject prefix.
      const prefix = rng.pick(CANCEL_PREFIXES);
      m.form.subject = `${prefix}${m.form.subject}`;
      m.form.isCancelled = true;
      m.cancelled = true;
      m.addedWhenCancelled = (stateOf(m)?.revision ?? 0) > 0;
      await place(m, "meeting");
      log(`m${m.label} send cancellation "${prefix.trim()}" (placed)`);
      await send(m);
      await w.settle();
      await w.setFaults([]);
      await w.settle();
    }
    return;
  }
  const m = meetings[0]!;
  if (pair.op === "converted") {
    // The meeting has ended (InterAction made it an activity); the organizer still changes it.
    await w.moveClocks(Date.parse(m.form.end) + HOUR - clock.now().getTime());
    log(`m${m.label} ended`);
  }
  for (let i = 0; i < PLACEMENTS; i++) await changeAndSend(m, pair.op === "upload" ? "documents" : "meeting");
}
