// `npm run sandbox -- merge-duplicates [--db <file>] [--identities <file.json>] [--dry-run]`: the one-off merge of
// issue 14 over a sandbox database, as an operator runs it (no server, no token: whoever may open the database file
// is its administrator). The same work as the contract's POST /api/v1/meeting-duplicates/merge (merge.ts); the
// report is printed as JSON. `--identities` is a JSON array of { syncKey, iCalUId } for links written before
// identity existed (what the sync service reads from Graph).
import { existsSync, readFileSync } from "node:fs";
import { openDatabase } from "./db";
import { findKey } from "./links";
import { mergeDuplicates } from "./merge";
import type { S } from "./sqlBase";
import { Store } from "./store";

export const MERGE_USAGE =
  "Usage: npm run sandbox -- merge-duplicates [--db <file>] [--identities <file.json>] [--dry-run]";

export interface MergeCli {
  dbFile: string;
  identitiesFile?: string;
  dryRun: boolean;
}

export function parseMergeArgs(argv: string[]): MergeCli {
  const cli: MergeCli = { dbFile: ".data/sandbox.db", dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = (argv[i] as string).split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "" || v.startsWith("--")) throw new Error(`${name} needs a value. ${MERGE_USAGE}`);
      return v;
    };
    if (name === "--db") cli.dbFile = value();
    else if (name === "--identities") cli.identitiesFile = value();
    else if (name === "--dry-run" && inline === undefined) cli.dryRun = true;
    else throw new Error(`Unknown option ${argv[i] as string}. ${MERGE_USAGE}`);
  }
  return cli;
}

function readIdentities(file: string): S["MergeRequest"]["identities"] {
  const list = JSON.parse(readFileSync(file, "utf8")) as unknown;
  const valid =
    Array.isArray(list) &&
    list.every(
      (x: { syncKey?: unknown; iCalUId?: unknown }) => typeof x?.syncKey === "string" && typeof x?.iCalUId === "string",
    );
  if (!valid) throw new Error(`${file} must be a JSON array of { "syncKey": "...", "iCalUId": "..." }.`);
  return list as S["MergeRequest"]["identities"];
}

export function runMergeCommand(argv: string[]): S["MergeReport"] {
  const cli = parseMergeArgs(argv);
  const identities = cli.identitiesFile ? readIdentities(cli.identitiesFile) : undefined;
  // Never create an empty database for a mistyped path: there is nothing to merge in it.
  if (!existsSync(cli.dbFile)) throw new Error(`There is no sandbox database at ${cli.dbFile}. ${MERGE_USAGE}`);
  const db = openDatabase(cli.dbFile);
  try {
    const store = new Store(db, { now: () => new Date() });
    return mergeDuplicates(store, { is_admin: 1 }, { identities, dryRun: cli.dryRun }, (syncKey) => {
      const found = findKey(store, syncKey);
      return found?.kind === "link" ? found.meeting : undefined;
    });
  } finally {
    db.close();
  }
}
