// What every part of the store shares: the database, the (movable) clock, prepared statements and the firm's
// calendar sync settings, which several of InterAction's rules read.
import type Database from "better-sqlite3";
import { createHash, randomUUID } from "node:crypto";
import type { components } from "../../src/interaction/schema";
import { type Db, getMeta } from "./db";
import type { RuleTime } from "./rules";

export type S = components["schemas"];
export type Settings = S["CalendarSyncSettings"];

export interface SandboxClock {
  now(): Date;
}

export const DEFAULT_SETTINGS: Settings = {
  enabled: true,
  postMeetingSyncDays: 14,
  autoAddContactTypeIds: [],
  includeAssociatedCompanies: true,
  defaultActivityTypeId: "at-meeting",
  defaultVisibility: "everyone",
  firmDomains: [],
};

export const iso = (value: string | Date): string => new Date(value).toISOString();
export const sha256Hex = (data: Uint8Array | string): string => createHash("sha256").update(data).digest("hex");
export const newId = (prefix: string): string => `${prefix}-${randomUUID()}`;
/** `?, ?, ?` for an IN list of `n` values. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => "?").join(",");

export class SqlBase {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    readonly db: Db,
    readonly clock: SandboxClock,
  ) {}

  /** Prepared once per SQL text (compiling a statement costs more than running a small one). */
  prepared(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size > 500) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  now(): Date {
    return this.clock.now();
  }

  settings(): Settings {
    const raw = getMeta(this.db, "settings");
    return raw ? (JSON.parse(raw) as Settings) : DEFAULT_SETTINGS;
  }

  /** "Now" and the firm's window, as the rules take them. */
  ruleTime(): RuleTime {
    return { now: this.now(), postMeetingSyncDays: this.settings().postMeetingSyncDays };
  }
}
