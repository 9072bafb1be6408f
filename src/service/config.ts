// The service's settings, from the environment (`npm run service`), each checked with a message that says what to set.
import { readFileSync } from "node:fs";

/** The add-in's id (manifest.xml <Id>): its custom properties are the cecp-<id> extended property. */
export const DEFAULT_ADDIN_ID = "151a0c77-03ec-4869-b203-858f4ffd332b";

export interface ServiceSettings {
  graph: { baseUrl: string; authority: string; clientId: string; clientSecret: string; caPem?: string };
  addinId: string;
  /** InterAction's API; in development the sandbox, whose /dev/token stands in for the service's identity. */
  interactionUrl: string;
  /**
   * The InterAction API's client-credentials scope (e.g. api://interaction.firm.example/.default): the service signs
   * in as itself (the same app registration as for Graph, with the Meetings.Sync role) and names the user it acts
   * for. Absent: development tokens from the sandbox (dev only).
   */
  interactionScope?: string;
  /** Port of the notification endpoint (0: any free port). */
  port: number;
  /** The URL Graph reaches the endpoint at (HTTPS in production; the loopback in development). */
  publicUrl?: string;
  /** Postgres (several workers on several machines); absent: embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  /** Mailboxes the firm opted in (e-mail addresses). */
  mailboxes: string[];
  clientStateSecret: string;
  horizonDays: number;
  workers: number;
  sweepCron: string;
  /** A job's lease on its mailbox and pg-boss's expiry: a killed worker's mailbox is taken up again after this. */
  jobExpirySeconds?: number;
  /** Development only: the sandbox's movable clock (GET /__sandbox/clock), the dev world's one clock. */
  clockUrl?: string;
}

/** The environment: variable name -> value. */
type Env = Record<string, string | undefined>;

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

const need = (env: Env, name: string, what: string): string => {
  const value = env[name]?.trim();
  if (!value) throw new SettingsError(`Set ${name}: ${what}.`);
  return value;
};

const integer = (env: Env, name: string, fallback: number, min: number): number => {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new SettingsError(`${name} must be a whole number of at least ${min}, not "${raw}".`);
  return n;
};

export function settingsFromEnv(env: Env = process.env): ServiceSettings {
  const caFile = env.GRAPH_CA_FILE?.trim();
  let caPem: string | undefined;
  if (caFile) {
    try {
      caPem = readFileSync(caFile, "utf8");
    } catch (e) {
      throw new SettingsError(`GRAPH_CA_FILE names ${caFile}, which cannot be read: ${(e as Error).message}.`);
    }
  }
  const mailboxes = (env.SYNC_MAILBOXES ?? "")
    .split(",")
    .map((m) => m.trim().toLowerCase())
    .filter(Boolean);
  const bad = mailboxes.find((m) => !/^[^\s@]+@[^\s@]+$/.test(m));
  if (bad) throw new SettingsError(`SYNC_MAILBOXES has "${bad}", which is not an e-mail address.`);
  return {
    graph: {
      baseUrl: need(env, "GRAPH_BASE_URL", "Microsoft Graph's address, e.g. https://graph.microsoft.com"),
      authority: need(
        env,
        "GRAPH_AUTHORITY",
        "the token authority, e.g. https://login.microsoftonline.com/<tenant id>",
      ),
      clientId: need(env, "GRAPH_CLIENT_ID", "the application (client) id of the service's app registration"),
      clientSecret: need(env, "GRAPH_CLIENT_SECRET", "the app registration's client secret"),
      ...(caPem ? { caPem } : {}),
    },
    addinId: env.ADDIN_ID?.trim() || DEFAULT_ADDIN_ID,
    interactionUrl: need(env, "INTERACTION_URL", "InterAction's API address, e.g. http://127.0.0.1:4010"),
    ...(env.INTERACTION_SCOPE?.trim() ? { interactionScope: env.INTERACTION_SCOPE.trim() } : {}),
    port: integer(env, "SERVICE_PORT", 4030, 0),
    ...(env.SERVICE_PUBLIC_URL?.trim() ? { publicUrl: env.SERVICE_PUBLIC_URL.trim().replace(/\/$/, "") } : {}),
    ...(env.DATABASE_URL?.trim() ? { databaseUrl: env.DATABASE_URL.trim() } : {}),
    dataDir: env.SERVICE_DATA_DIR?.trim() || ".data/service-db",
    mailboxes,
    clientStateSecret: need(
      env,
      "CLIENT_STATE_SECRET",
      "a long random string the notifications' clientState is derived from",
    ),
    horizonDays: integer(env, "SYNC_HORIZON_DAYS", 365, 1),
    workers: integer(env, "SYNC_WORKERS", 2, 1),
    sweepCron: env.SYNC_SWEEP_CRON?.trim() || "*/5 * * * *",
    jobExpirySeconds: integer(env, "SYNC_JOB_EXPIRY_SECONDS", 300, 5),
    ...(env.SERVICE_CLOCK_URL?.trim() ? { clockUrl: env.SERVICE_CLOCK_URL.trim() } : {}),
  };
}
