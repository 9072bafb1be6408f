// `npm run service`: the sync service alone, with its settings from the environment (src/service/config.ts; the
// README's "Sync service" lists them). Ctrl-C stops it after the running jobs finish.
import { SettingsError, settingsFromEnv } from "./config";
import { consoleLog, startSyncService } from "./syncService";

async function main(): Promise<void> {
  let settings;
  try {
    settings = settingsFromEnv();
  } catch (e) {
    if (e instanceof SettingsError) {
      console.error(`The sync service cannot start: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const service = await startSyncService(settings, { log: consoleLog });
  console.log(
    `Sync service listening on http://127.0.0.1:${service.port} (notifications: ${service.notificationUrl}; ` +
      `${settings.databaseUrl ? "Postgres" : `embedded database in ${settings.dataDir}`}; ` +
      `${settings.mailboxes.length} mailbox(es) opted in)`,
  );
  const stop = async () => {
    await service.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

main().catch((e: Error) => {
  console.error(`The sync service stopped: ${e.message}`);
  process.exit(1);
});
