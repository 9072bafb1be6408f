// Folding two records of one real meeting into one (issue 14): a late link (a record made before its iCalUId was
// known meets the meeting that has it) and the one-off merge of existing duplicates. Nothing is lost: every link
// (active or removed) and every document moves to the surviving record, which is the older one (its id, creation
// time and history stay); the shared fields are those of the record the rules would let win.
import { ApiError } from "./apiError";
import { linksOf, primaryLink, saveLink } from "./links";
import { storedVersion } from "./meetingRecord";
import { meetingRowById, refreshIndexes, type MeetingRow } from "./meetingRows";
import { compareVersions, lower } from "./rules";
import type { S, SqlBase } from "./sqlBase";

/** The oldest record with this iCalUId, except `exceptId`. */
export function meetingByIcal(s: SqlBase, iCalUId: string, exceptId = ""): MeetingRow | undefined {
  return s
    .prepared("SELECT * FROM meetings WHERE ical_uid = ? AND id != ? ORDER BY created_at, id LIMIT 1")
    .get(iCalUId, exceptId) as MeetingRow | undefined;
}

/** Whether one of the meeting's links belongs to its organizer. */
export function organizerLinked(s: SqlBase, m: MeetingRow): boolean {
  const organizer = s.prepared("SELECT id FROM users WHERE email = ?").get(lower(m.organizer_email)) as
    { id: string } | undefined;
  return Boolean(organizer && linksOf(s, m).some((l) => l.userId === organizer.id));
}

/** Whose shared fields a merged record keeps: the organizer's link's, else the newer Outlook version, else newer. */
function sharedSource(s: SqlBase, a: MeetingRow, b: MeetingRow): MeetingRow {
  const [orgA, orgB] = [organizerLinked(s, a), organizerLinked(s, b)];
  if (orgA !== orgB) return orgA ? a : b;
  const [va, vb] = [storedVersion(a), storedVersion(b)];
  if (va && vb && compareVersions(va, vb) !== 0) return compareVersions(va, vb) > 0 ? a : b;
  if (va && !vb) return a;
  if (vb && !va) return b;
  return a.updated_at >= b.updated_at ? a : b;
}

/** Folds the two records into the older one and answers it. */
export function mergeMeetings(s: SqlBase, x: MeetingRow, y: MeetingRow): MeetingRow {
  const [survivor, loser] =
    x.created_at < y.created_at || (x.created_at === y.created_at && x.id < y.id) ? [x, y] : [y, x];
  const source = sharedSource(s, survivor, loser);
  // The loser's first link becomes one more link of the survivor; its other links and tombstones follow it.
  saveLink(s, { ...primaryLink(loser), primary: false, meetingId: survivor.id });
  s.prepared("UPDATE meeting_links SET meeting_id = ? WHERE meeting_id = ?").run(survivor.id, loser.id);
  s.prepared("UPDATE documents SET meeting_id = ? WHERE meeting_id = ?").run(survivor.id, loser.id);
  if (source === loser) {
    s.prepared("DELETE FROM meeting_attendees WHERE meeting_id = ?").run(survivor.id);
    s.prepared("UPDATE meeting_attendees SET meeting_id = ? WHERE meeting_id = ?").run(survivor.id, loser.id);
    s.prepared(
      `UPDATE meetings SET (organizer_email, subject, location, start_at, end_at, notes, cancelled, is_recurring,
           sensitivity, is_all_day) = (SELECT organizer_email, subject, location, start_at, end_at, notes, cancelled,
           is_recurring, sensitivity, is_all_day FROM meetings WHERE id = @loser)
         WHERE id = @survivor`,
    ).run({ survivor: survivor.id, loser: loser.id });
  }
  const versions = [storedVersion(survivor), storedVersion(loser)].filter((v) => v !== undefined);
  const newest = versions.sort(compareVersions).pop();
  s.prepared(
    `UPDATE meetings SET ical_uid = COALESCE(ical_uid, ?), org_sequence = ?, org_changed_at = ?,
         version = version + ? + 1, updated_at = ? WHERE id = ?`,
  ).run(
    loser.ical_uid,
    newest?.sequence ?? null,
    newest?.changedAt ?? null,
    loser.version,
    s.now().toISOString(),
    survivor.id,
  );
  s.prepared("DELETE FROM meetings WHERE id = ?").run(loser.id);
  refreshIndexes(s, survivor.id);
  return meetingRowById(s, survivor.id) as MeetingRow;
}

class DryRun extends Error {}

/**
 * The one-off merge: records the iCalUId of links written before identity existed, then folds every set of records
 * that share an iCalUId into the oldest. With `dryRun` the same work runs and is rolled back.
 */
export function mergeDuplicates(
  s: SqlBase,
  user: { is_admin: number },
  request: S["MergeRequest"],
  findMeeting: (syncKey: string) => MeetingRow | undefined,
): S["MergeReport"] {
  if (!user.is_admin) {
    throw new ApiError(403, "adminOnly", "Only an InterAction administrator can merge duplicate meetings.");
  }
  const dryRun = request.dryRun === true;
  let report: S["MergeReport"] = { dryRun, merged: [], conflicts: [], unknownSyncKeys: [] };
  const run = s.db.transaction(() => {
    for (const { syncKey, iCalUId } of request.identities ?? []) {
      const m = findMeeting(syncKey);
      if (!m) report.unknownSyncKeys.push(syncKey);
      else if (m.ical_uid && m.ical_uid !== iCalUId) report.conflicts.push(syncKey);
      else if (!m.ical_uid) s.prepared("UPDATE meetings SET ical_uid = ? WHERE id = ?").run(iCalUId, m.id);
    }
    // A one-off over the whole table (grouping needs every iCalUId), never on a request path that must be fast.
    const shared = s
      .prepared(
        `SELECT ical_uid FROM meetings WHERE ical_uid IS NOT NULL GROUP BY ical_uid HAVING COUNT(*) > 1
           ORDER BY ical_uid`,
      )
      .all() as { ical_uid: string }[];
    for (const { ical_uid } of shared) {
      const rows = s
        .prepared("SELECT * FROM meetings WHERE ical_uid = ? ORDER BY created_at, id")
        .all(ical_uid) as MeetingRow[];
      let survivor = rows[0] as MeetingRow;
      for (const other of rows.slice(1)) survivor = mergeMeetings(s, survivor, other);
      report.merged.push({
        iCalUId: ical_uid,
        meetingId: survivor.id,
        foldedIds: rows.slice(1).map((r) => r.id),
        links: linksOf(s, survivor).length,
        documents: (
          s.prepared("SELECT COUNT(*) AS n FROM documents WHERE meeting_id = ?").get(survivor.id) as { n: number }
        ).n,
      });
    }
    if (dryRun) throw new DryRun();
  });
  try {
    run();
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
  report = { ...report, dryRun };
  return report;
}
