// The sync service beside a browser stack, as `npm start` runs it: embedded (PGlite, in memory here), subscribed to the
// stack's local Graph with the demo app's client credentials, writing to the stack's sandbox, reading the sandbox's
// movable clock (the dev world's one clock). Its notification endpoint listens on the loopback, which the local Graph
// reaches. Started after the stack and closed before it (its last jobs still reach Graph and the sandbox).
import { DEFAULT_ADDIN_ID } from "../../../src/service/config";
import type { SyncMailboxReport } from "../../../src/service/syncMailbox";
import { startSyncService, type RunningSyncService } from "../../../src/service/syncService";
import { eventually, startStack, type Stack } from "./stack";
import type { MeetingRecordView } from "./sandboxApi";
import { paneText, workbench } from "./workbench";

export interface StackService {
  service: RunningSyncService;
  /** Every job the service finished, oldest first. */
  reports: SyncMailboxReport[];
  /** What the service logged (warnings say why a change was not delivered). */
  logs: { level: string; message: string; fields?: Record<string, unknown> }[];
  close(): Promise<void>;
}

export const SERVICE_MAILBOXES = ["alice@firm.example", "bob@firm.example", "dana@firm.example"];

export async function startStackService(stack: Stack, mailboxes = SERVICE_MAILBOXES): Promise<StackService> {
  const endpoint = stack.graph.endpoint;
  const reports: SyncMailboxReport[] = [];
  const logs: StackService["logs"] = [];
  const service = await startSyncService(
    {
      graph: {
        baseUrl: endpoint.url,
        // The token endpoint is <authority>/oauth2/v2.0/token (dev/graph/idp.ts), as in Entra.
        authority: endpoint.tokenUrl.replace(/\/oauth2\/v2\.0\/token$/, ""),
        clientId: endpoint.clientId,
        clientSecret: endpoint.clientSecret,
        caPem: endpoint.caPem,
      },
      addinId: DEFAULT_ADDIN_ID,
      interactionUrl: stack.sandboxUrl,
      port: 0,
      mailboxes,
      clientStateSecret: "browser-suite-client-state-secret",
      horizonDays: 365,
      workers: 2,
      sweepCron: "*/5 * * * *",
      clockUrl: `${stack.sandboxUrl}/__sandbox/clock`,
    },
    {
      log: {
        info: (message, fields) => logs.push({ level: "info", message, ...(fields ? { fields } : {}) }),
        warn: (message, fields) => logs.push({ level: "warn", message, ...(fields ? { fields } : {}) }),
      },
      onSynced: (report) => reports.push(report),
      pollingIntervalSeconds: 0.5,
    },
  );
  return { service, reports, logs, close: () => service.close() };
}

/** The stories' dev clock: a fixed "now" (the sandbox's movable clock, read by Graph, the workbench and the service). */
export const STORY_NOW = "2026-12-01T09:00:00.000Z";
const at = (day: number, hour: number, minutes = 0) => new Date(Date.UTC(2026, 11, day, hour, minutes)).toISOString();

/** InterAction is right within this bound after the change (polled; the only timing in these stories). */
export const FOLLOW_BOUND_MS = 10_000;

/**
 * The world of the service's stories: one stack (sandbox, local Exchange, workbench, Chromium) with the service beside
 * it, and the steps every story takes: a meeting alice added (the firm rule adds a Top Client meeting on send), what
 * InterAction shows within the bound, and the handler invocation log.
 */
export function serviceStories() {
  const world = {
    stack: undefined as unknown as Stack,
    wb: undefined as unknown as ReturnType<typeof workbench>,
    service: undefined as unknown as StackService,
    at,
    async start() {
      world.stack = await startStack();
      world.wb = workbench(world.stack.page);
      await world.wb.setNow(STORY_NOW);
      world.service = await startStackService(world.stack);
    },
    async close() {
      await world.service?.close();
      await world.stack?.close();
    },
    async reset() {
      await world.wb.close();
      await world.wb.useClient("classic");
      await world.wb.signIn("alice@firm.example");
    },
    successfulWrites: async () =>
      (await world.stack.api.meetingWrites()).filter((w) => w.status === 200 || w.status === 201),
    /** The one meeting the add-in put into InterAction since `before` successful writes. */
    /** (Polled: on a loaded machine the send's deadline may pass first, and the outbox delivers it just after.) */
    async onlyNewKey(before: number): Promise<string> {
      const keys = async () => [...new Set((await world.successfulWrites()).slice(before).map((w) => w.syncKey))];
      await eventually(async () => (await keys()).length > 0, "the add-in to add the meeting to InterAction").catch(
        async (e: Error) => {
          const log = (await world.wb.state()).notificationLog.slice(-3);
          throw new Error(`${e.message}; the add-in said: ${JSON.stringify(log)}`);
        },
      );
      const found = await keys();
      if (found.length !== 1) throw new Error(`Expected one new meeting in InterAction, found ${found.length}`);
      return found[0]!;
    },
    /** Alice sends a meeting with a Top Client attendee in classic Outlook; the firm rule adds it on send. */
    async addedMeeting(subject: string, day: number): Promise<{ meetingId: string; syncKey: string }> {
      const before = (await world.successfulWrites()).length;
      await world.wb.newMeeting({
        subject,
        start: at(day, 10),
        end: at(day, 11),
        location: "Room 4",
        requiredAttendees: ["carol@acme.example", "bob@firm.example"],
      });
      const sent = await world.wb.send();
      if (!sent.sent) throw new Error(`The meeting "${subject}" was not sent: ${JSON.stringify(sent)}`);
      return { meetingId: sent.meetingId, syncKey: await world.onlyNewKey(before) };
    },
    invocationCount: async () => (await world.wb.state()).invocations.length,
    /** No add-in handler ran since `mark` (the workbench's invocation log). */
    async expectNoAddinEventSince(mark: number) {
      const since = (await world.wb.state()).invocations.slice(mark);
      expect(since.map((i) => `${i.eventType} in ${i.client}`)).toEqual([]);
    },
    /** InterAction's record (read as `as`) satisfies `check` within the bound; fails with the last record seen. */
    async interActionShows(
      syncKey: string,
      check: (record: MeetingRecordView) => boolean,
      what: string,
      as = "alice@firm.example",
    ): Promise<MeetingRecordView> {
      let last = undefined as MeetingRecordView | undefined;
      try {
        return await eventually(
          async () => {
            const record = await world.stack.api.meeting(syncKey, as);
            last = record;
            return check(record) ? record : undefined;
          },
          `InterAction to show ${what}`,
          FOLLOW_BOUND_MS,
        );
      } catch (e) {
        const warnings = world.service.logs.filter((l) => l.level === "warn").slice(-5);
        throw new Error(
          `${(e as Error).message}\nlast record: ${JSON.stringify(last ? pick(last) : null)}\n` +
            `service warnings: ${JSON.stringify(warnings)}`,
        );
      }
    },
    /**
     * The service has read everything `mailbox` holds now: a job that started after one that finished after this
     * call (the sweep queues it, as the service's safety net does every few minutes). For stories where the right
     * outcome is that nothing reaches InterAction.
     */
    async serviceHasRead(mailbox: string): Promise<void> {
      for (let round = 0; round < 2; round++) {
        const seen = world.service.reports.length;
        await world.service.service.sweep();
        await eventually(
          async () => world.service.reports.slice(seen).some((r) => r.mailbox === mailbox),
          `the service to read ${mailbox}`,
          30_000,
        );
      }
    },
    async paneShows(text: string): Promise<void> {
      let shown = "";
      await eventually(
        async () => (shown = await paneText(world.stack.page)).includes(text),
        `the task pane to show "${text}"`,
      ).catch((e: Error) => {
        throw new Error(`${e.message}; it shows: ${shown}`);
      });
    },
  };
  return world;
}

const pick = (r: MeetingRecordView) => ({
  subject: r.subject,
  start: r.start,
  location: r.location,
  status: r.status,
  kind: r.kind,
  revision: r.revision,
});
