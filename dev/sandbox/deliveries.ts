// Which of the firm's applications made each write InterAction accepted through a link (MeetingRecord.deliveries):
// the Outlook add-in on a user's device, or the firm's sync service, told apart by the access token's client (azp /
// appid; auth.ts). The task pane reads it to say who keeps the meeting in step: the sync service never writes to the
// mailbox, so the item itself cannot say.
import type { TokenClient } from "./auth";
import type { S, SqlBase } from "./sqlBase";
import type { UserRow } from "./store";

/** The user a request acts for, with the client application its token was issued to. */
export type WritingUser = UserRow & { client?: TokenClient };

/** The contract's limit: the latest 10, newest first. */
const KEPT = 10;

/** Records an accepted write of `revision` through the link (once per revision: a replay or a no-op adds nothing),
 * with the writer's fingerprint of it when the write is the one that brought this revision. */
export function recordDelivery(
  s: SqlBase,
  syncKey: string,
  revision: number,
  user: WritingUser,
  fingerprint?: string,
): void {
  s.prepared(
    "INSERT OR IGNORE INTO meeting_deliveries (sync_key, revision, by, at, fingerprint) VALUES (?, ?, ?, ?, ?)",
  ).run(syncKey, revision, user.client ?? "addin", s.now().toISOString(), fingerprint ?? null);
}

/** The fingerprint the write of the link's current `revision` carried (MeetingRecord.fingerprint), if any. */
export function fingerprintOf(s: SqlBase, syncKey: string, revision: number): string | undefined {
  const row = s
    .prepared("SELECT fingerprint FROM meeting_deliveries WHERE sync_key = ? AND revision = ?")
    .get(syncKey, revision) as { fingerprint: string | null } | undefined;
  return row?.fingerprint ?? undefined;
}

export function deliveriesOf(s: SqlBase, syncKey: string): S["MeetingDelivery"][] {
  return (
    s
      .prepared("SELECT revision, by, at FROM meeting_deliveries WHERE sync_key = ? ORDER BY revision DESC LIMIT ?")
      .all(syncKey, KEPT) as { revision: number; by: "addin" | "syncService"; at: string }[]
  ).map((r) => ({ at: r.at, revision: r.revision, by: r.by }));
}
