// The sync service under a seeded schedule of faults (serviceFaults.ts): the whole service as `npm run service` runs it
// (embedded PGlite, pg-boss, notification endpoint, subscription keeper, two workers), eight opted-in mailboxes whose
// meetings keep changing, while the local Graph answers 429/503/410, slowly, drops and duplicates notifications and
// expires or removes subscriptions, and InterAction fails in every way the sandbox can. Afterwards the faults stop and
// the sweep (the safety net every few minutes in production) runs once. The oracle, from the sandbox's history of
// applied writes: every meeting ends at its latest version (nothing lost), no version is applied twice and none after
// a later one (nothing duplicated, nothing rolled back).
// Replay a schedule: SERVICE_FAULT_SEED=<seed> npx jest test/service/faultSchedule.test.ts --selectProjects=unit
import { startGraph, type RunningGraph } from "../../dev/graph/server";
import { serviceInterAction } from "../../src/service/interactionWriter";
import { startSyncService, type RunningSyncService } from "../../src/service/syncService";
import { startReliabilitySandbox, type ReliabilitySandbox } from "../support/reliabilitySandbox";
import {
  addMailboxes,
  checkHistory,
  meetingPerMailbox,
  recordHistory,
  subjectOf,
  type FleetMeeting,
} from "./serviceFleet";
import { applyStep, describeStep, pendingSandboxFaults, serviceSchedule } from "./serviceFaults";
import { ADDIN_ID } from "./serviceWorld";

jest.setTimeout(150_000);

const SEED = Number(process.env.SERVICE_FAULT_SEED ?? 20261205);
const MAILBOXES = 8;
const STEPS = 60;
const SPAN_MS = 15_000;

let graph: RunningGraph;
let box: ReliabilitySandbox;
let service: RunningSyncService;
let meetings: FleetMeeting[];
let recorder: ReturnType<typeof recordHistory>;
const logs: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function eventually(what: string, ms: number, check: () => boolean | Promise<boolean>): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Still waiting for ${what}`);
    await sleep(250);
  }
}

beforeAll(async () => {
  // Graph retries an unanswered notification; here within seconds rather than Graph's minutes.
  graph = await startGraph({ dbFile: ":memory:", port: 0, subscriptionTimings: { retryDelaysMs: [500, 1000, 2000] } });
  box = await startReliabilitySandbox();
  const mailboxes = addMailboxes(graph, box, "fs", MAILBOXES);
  recorder = recordHistory(box);
  meetings = await meetingPerMailbox(graph, box, mailboxes);
  service = await startSyncService(
    {
      graph: {
        baseUrl: graph.url,
        authority: graph.authority,
        clientId: graph.demoApp.clientId,
        clientSecret: graph.demoApp.clientSecret,
        caPem: graph.caPem,
      },
      addinId: ADDIN_ID,
      interactionUrl: box.url,
      port: 0,
      mailboxes,
      clientStateSecret: "fault-schedule-secret",
      horizonDays: 365,
      workers: 2,
      // Only the explicit sweep at the end: a timed one inside the run would hide what notifications lost.
      sweepCron: "0 0 1 1 *",
      jobExpirySeconds: 30,
    },
    {
      log: {
        info: (m, f) => logs.push(`info ${m} ${JSON.stringify(f ?? {})}`),
        warn: (m, f) => logs.push(`warn ${m} ${JSON.stringify(f ?? {})}`),
      },
      // The service's InterAction client, with a short timeout so a slow fault is sometimes also a timeout.
      interactionFor: (mailbox) => serviceInterAction(box.client(mailbox, { timeoutMs: 2000 })),
      pollingIntervalSeconds: 0.5,
    },
  );
  await eventually(
    "every mailbox subscribed",
    60_000,
    async () => (await service.store.subscriptions()).length === MAILBOXES,
  );
}, 150_000);

afterAll(async () => {
  await service?.close();
  await graph?.close();
  await box?.close();
});

test(`seeded fault schedule (seed ${SEED}): every committed change reaches InterAction once, in order`, async () => {
  const schedule = serviceSchedule(SEED, MAILBOXES, STEPS, SPAN_MS);
  const done: string[] = [];
  try {
    const started = Date.now();
    for (const step of schedule) {
      const wait = step.at - (Date.now() - started);
      if (wait > 0) await sleep(wait);
      done.push(`${describeStep(step)} => ${await applyStep({ graph, box, meetings }, step)}`);
    }
    // The rules still pending are met, whatever the machine's speed let happen so far: changes meet InterAction's
    // faults (the service's writes) and Graph's notification faults, sweeps (every mailbox read from its delta link)
    // Graph's request faults.
    const pending = (notification: boolean) =>
      graph.guard.faults.rules.some(
        (r) => (r.times ?? 1) > 0 && (r.dropNotification || r.duplicateNotification) === notification,
      );
    for (let round = 0; round < 5 && (round === 0 || pending(true) || pendingSandboxFaults(box).length); round++) {
      for (const m of meetings)
        done.push(
          `final change => ${await applyStep({ graph, box, meetings }, { at: 0, kind: "change", meeting: meetings.indexOf(m) })}`,
        );
      await sleep(1000);
    }
    await box.setFaults([]);
    for (let round = 0; round < 5 && pending(false); round++) {
      await service.sweep();
      await sleep(3000);
    }
    // The faults stop; the sweep hears what lost notifications and expired subscriptions kept from the service.
    graph.guard.faults.rules = [];
    await sleep(1000);
    await service.sweep();
    await eventually("InterAction at every meeting's latest version", 60_000, () =>
      meetings.every((m) => box.meetings([m.syncKey])[0]?.subject === subjectOf(m.mailbox, m.version)),
    );
    await sleep(2000); // a late duplicate would land now and show in the history
    expect(checkHistory(meetings, recorder.history())).toEqual([]);

    // The schedule did what it says: changes, and faults on both sides that were actually met.
    const changes = meetings.reduce((n, m) => n + m.version, 0);
    expect(changes).toBeGreaterThan(15);
    const met = new Set([
      ...graph.guard.faults.log.filter((r) => r.fault).map((r) => (r.fault!.startsWith("delay") ? "slow" : r.fault!)),
      ...graph.subscriptions.deliveries.map((d) => d.outcome),
    ]);
    const graphKinds = [
      "status 429",
      "status 503",
      "status 410",
      "slow",
      "dropped (injected)",
      "duplicated (injected)",
    ];
    expect(graphKinds.filter((k) => !met.has(k))).toEqual([]);
    const sandboxFaults = (await box.requests()).filter((r) => r.fault).length;
    expect(sandboxFaults).toBeGreaterThan(3);
    expect(done.filter((d) => / expired /.test(d)).length).toBeGreaterThan(0);
  } catch (e) {
    const behind = meetings.filter((m) => box.meetings([m.syncKey])[0]?.subject !== subjectOf(m.mailbox, m.version));
    console.error(
      [
        `Fault schedule failed. Replay: SERVICE_FAULT_SEED=${SEED} npx jest test/service/faultSchedule.test.ts --selectProjects=unit`,
        `${behind.length} meetings behind: ${behind.map((m) => `${m.mailbox} v${m.version}: ${box.meetings([m.syncKey])[0]?.subject}`).join("; ")}`,
        "Schedule:",
        ...done,
        "Service log (last 60):",
        ...logs.slice(-60),
      ].join("\n"),
    );
    throw e;
  }
});
