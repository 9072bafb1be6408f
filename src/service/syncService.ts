// The sync service assembled (its own composition root): the database (embedded PGlite, or Postgres), the job queue
// and store on it, the Graph connection (msal-node + the Graph SDK), the notification endpoint, the subscription
// keeper, the workers running "sync mailbox X", and the sweep that queues every mailbox again and keeps the
// subscriptions. `npm run service` (main.ts) and the tests start it through here.
import { randomUUID } from "node:crypto";
import { GraphCalendar } from "../graph/calendar";
import { createGraphConnection } from "../graph/graphClient";
import { GraphSubscriptions } from "../graph/subscriptions";
import { createInterActionClient } from "../interaction";
import { openEmbeddedDatabase, type EmbeddedDatabase } from "../queue/database";
import { startJobQueue, type JobQueue } from "../queue/jobQueue";
import { SqlServiceStore } from "../queue/serviceStore";
import type { ServiceSettings } from "./config";
import { LIFECYCLE_PATH, NOTIFICATION_PATH, startNotificationServer } from "./notificationEndpoint";
import { serviceInterAction, type ServiceInterAction } from "./interactionWriter";
import { clientCredentialsInterAction } from "./interactionIdentity";
import type { InterActionFor, ServiceClock, ServiceLog } from "./ports";
import { SubscriptionKeeper } from "./subscriptionKeeper";
import { movableClock } from "./devClock";
import { syncMailbox, type SyncMailboxDeps, type SyncMailboxReport } from "./syncMailbox";

export interface RunningSyncService {
  port: number;
  notificationUrl: string;
  store: SqlServiceStore;
  queue: JobQueue;
  keeper: SubscriptionKeeper;
  /** Queues every opted-in mailbox (what the sweep does). */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

export interface ServiceHooks {
  log?: ServiceLog;
  clock?: ServiceClock;
  /** InterAction acting for a mailbox's user; default: the sandbox's development tokens (see devTokens). */
  interactionFor?: InterActionFor;
  /** Called after each job (tests and the bench watch it). */
  onSynced?: (report: SyncMailboxReport) => void;
  /** Poll interval of idle workers (s). */
  pollingIntervalSeconds?: number;
}

export const consoleLog: ServiceLog = {
  info: (message, fields) => console.log(JSON.stringify({ level: "info", message, ...fields })),
  warn: (message, fields) => console.warn(JSON.stringify({ level: "warn", message, ...fields })),
};

/**
 * Development only: InterAction tokens for a user from the sandbox's /dev/token. The service's own identity toward
 * InterAction (client credentials, naming the user it acts for) is not in the contract yet.
 */
export const devTokens =
  (interactionUrl: string) =>
  (mailbox: string): ServiceInterAction =>
    serviceInterAction(
      createInterActionClient({
        baseUrl: interactionUrl,
        getToken: async () => {
          const res = await fetch(`${interactionUrl}/dev/token`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            // As the firm's sync service acting for the user: InterAction records which application wrote.
            body: JSON.stringify({ email: mailbox, client: "syncService" }),
          });
          if (!res.ok) throw new Error(`InterAction gave no development token for ${mailbox} (${res.status}).`);
          return ((await res.json()) as { access_token: string }).access_token;
        },
      }),
    );

export async function startSyncService(
  settings: ServiceSettings,
  hooks: ServiceHooks = {},
): Promise<RunningSyncService> {
  const log = hooks.log ?? consoleLog;
  const clock: ServiceClock & { sync?(): Promise<void> } =
    hooks.clock ?? (settings.clockUrl ? movableClock(settings.clockUrl) : { now: () => new Date() });
  let embedded: EmbeddedDatabase | undefined;
  if (!settings.databaseUrl) embedded = await openEmbeddedDatabase(settings.dataDir);
  const queue = await startJobQueue({
    ...(embedded ? { db: embedded.db } : { connectionString: settings.databaseUrl }),
    sweepCron: settings.sweepCron,
    ...(settings.jobExpirySeconds ? { expireInSeconds: settings.jobExpirySeconds } : {}),
    ...(hooks.pollingIntervalSeconds ? { pollingIntervalSeconds: hooks.pollingIntervalSeconds } : {}),
  });
  const store = new SqlServiceStore(queue.db());
  await store.migrate();
  for (const mailbox of settings.mailboxes) await store.optIn(mailbox);

  const connection = createGraphConnection({
    graphBaseUrl: settings.graph.baseUrl,
    authority: settings.graph.authority,
    clientId: settings.graph.clientId,
    clientSecret: settings.graph.clientSecret,
    ...(settings.graph.caPem ? { caPem: settings.graph.caPem } : {}),
  });
  const calendar = new GraphCalendar(connection.client, { addinId: settings.addinId });
  const deps: SyncMailboxDeps = {
    calendar,
    store,
    interactionFor:
      hooks.interactionFor ??
      (settings.interactionScope
        ? clientCredentialsInterAction({
            interactionUrl: settings.interactionUrl,
            authority: settings.graph.authority,
            clientId: settings.graph.clientId,
            clientSecret: settings.graph.clientSecret,
            scope: settings.interactionScope,
            ...(settings.graph.caPem ? { caPem: settings.graph.caPem } : {}),
          })
        : devTokens(settings.interactionUrl)),
    clock,
    log,
    newSyncKey: () => randomUUID(),
    horizonDays: settings.horizonDays,
  };

  const endpoint = await startNotificationServer(
    {
      mailboxOf: async (id) => (await store.subscriptionById(id))?.mailbox ?? null,
      clientStateSecret: settings.clientStateSecret,
      enqueue: (mailbox) => queue.enqueue(mailbox),
      keeper: {
        renewSoon: (m) => keeper.renewSoon(m),
        forget: (m) => keeper.forget(m),
        ensure: () => keepSubscriptions(),
      },
      log,
    },
    settings.port,
  );
  const base = settings.publicUrl ?? `http://127.0.0.1:${endpoint.port}`;
  const keeper: SubscriptionKeeper = new SubscriptionKeeper(
    new GraphSubscriptions(connection.client),
    store,
    clock,
    log,
    {
      notificationUrl: `${base}${NOTIFICATION_PATH}`,
      lifecycleNotificationUrl: `${base}${LIFECYCLE_PATH}`,
      clientStateSecret: settings.clientStateSecret,
    },
  );

  // One worker at a time keeps the subscriptions (several would each create one per mailbox at Graph).
  const keepSubscriptions = async () => {
    await queue.exclusive("subscriptions", () => keeper.ensure());
  };
  const sweep = async () => {
    // Subscriptions are kept against Graph's clock: in development the movable one, which may have moved since the
    // last job (a subscription planned on a stale "now" is refused or expires early).
    await clock.sync?.();
    for (const { mailbox } of await store.mailboxes()) await queue.enqueue(mailbox, "sweep");
    await keepSubscriptions().catch((e: Error) => log.warn("subscriptions not all kept", { error: e.message }));
  };
  await queue.work(
    async (mailbox) => {
      try {
        await clock.sync?.();
        const report = await syncMailbox(deps, mailbox);
        if (report.changes > 0) log.info("mailbox synced", { ...report });
        hooks.onSynced?.(report);
      } catch (e) {
        log.warn("mailbox sync failed; its delta token is unchanged", { mailbox, error: (e as Error).message });
        throw e;
      }
    },
    { concurrency: settings.workers },
  );
  await queue.onSweep(sweep);
  await sweep();

  return {
    port: endpoint.port,
    notificationUrl: `${base}${NOTIFICATION_PATH}`,
    store,
    queue,
    keeper,
    sweep,
    async close() {
      await endpoint.close();
      await queue.stop();
      await embedded?.close();
    },
  };
}
