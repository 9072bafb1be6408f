// Writing one colleague's link of a shared meeting (issue 14): the upsert (create, link by iCalUId, late link, update)
// and the removal of a link. Runs inside the store's transaction; the rules themselves are in rules.ts.
import { ApiError } from "./apiError";
import { bury, findKey, linksOf, promote, saveLink, unbury, type Link } from "./links";
import { meetingByIcal, mergeMeetings, organizerLinked } from "./merge";
import { storedVersion, type Viewer } from "./meetingRecord";
import {
  insertMeeting,
  meetingRowById,
  refreshIndexes,
  touch,
  writeShared,
  type MeetingPayload,
  type MeetingRow,
} from "./meetingRows";
import {
  assertInvited,
  assertNotFrozen,
  decideWrite,
  isFrozen,
  isOrganizer,
  kindOf,
  sharedFieldsWin,
  type Invitation,
  type Person,
  type RuleTime,
} from "./rules";
import { newId, type S, type SqlBase } from "./sqlBase";

export interface Written {
  status: 200 | 201;
  meeting: MeetingRow;
  link: Link;
  /** The rules kept the link and its revision but refused the write's shared fields (a frozen meeting, or an
   * attendee's write to an activity): the record does not hold this write's content (contract: fieldsRefused). */
  fieldsRefused?: FieldsRefused;
}

/** What the rules see of a meeting through one link: its owner, role and revision are the link's. */
export const factsOf = (m: MeetingRow, l: Link) => ({
  ...m,
  owner_id: l.userId,
  added_by: l.addedBy,
  revision: l.revision,
});

/** The stored meeting's organizer and attendees: who may link to it. */
function invitationOf(s: SqlBase, m: MeetingRow): Invitation {
  const attendees = s.prepared("SELECT email, type FROM meeting_attendees WHERE meeting_id = ?").all(m.id) as {
    email: string;
    type: string;
  }[];
  return { organizerEmail: m.organizer_email, attendees };
}

/** The link's own choices, from a write by its owner (absent optional choices stay as they were). */
const choicesOf = (p: MeetingPayload, l: Link): Partial<Link> => ({
  visibility: p.visibility,
  activityTypeId: p.activityTypeId,
  itemId: p.source.itemId ?? l.itemId,
  syncMode: p.syncMode ?? l.syncMode,
  addContacts: p.addAttendeesAsContacts ?? l.addContacts,
});

/** Why the lifecycle refused a write's shared fields (contract MeetingRecord.fieldsRefused). */
export type FieldsRefused = "organizerOnly" | "frozen";

/**
 * Applies the write's shared fields when the rules let it (organizer, or newest Outlook version). Answers why the
 * lifecycle refused them outright, if it did, so the write's fingerprint is not kept as if the record held its
 * content and its writer is told so.
 */
function applyShared(
  s: SqlBase,
  user: Person,
  m: MeetingRow,
  p: MeetingPayload,
  t: RuleTime,
): FieldsRefused | undefined {
  const writerIsOrganizer = isOrganizer(user, m);
  // A link to a frozen meeting, or an attendee's to an activity, is kept; its fields are not.
  if (isFrozen(m, t)) return "frozen";
  if (!writerIsOrganizer && kindOf(m, t.now) === "activity") return "organizerOnly";
  const wins = sharedFieldsWin({
    writerIsOrganizer,
    organizerLinked: organizerLinked(s, m),
    written: p.organizerVersion,
    stored: storedVersion(m),
  });
  if (wins) writeShared(s, m.id, p);
  return undefined;
}

export function upsertLink(
  s: SqlBase,
  user: Person,
  syncKey: string,
  p: MeetingPayload,
  ifMatch: string | undefined,
  createOnly = false,
): Written {
  const t = s.ruleTime();
  const found = findKey(s, syncKey);
  if (createOnly && found?.kind === "link") {
    // If-None-Match: * — the writer saw no record; another writer created the link since (answered 200 unchanged,
    // the writer could not tell its create was never applied).
    throw new ApiError(
      412,
      "preconditionFailed",
      "This meeting was added to InterAction since it was read (If-None-Match).",
    );
  }
  if (found?.kind === "removed") {
    const { tombstone } = found;
    if (tombstone.userId !== user.id) {
      throw new ApiError(403, "notYours", "This meeting was added to InterAction by another user.");
    }
    if (p.revision <= tombstone.removedRevision) {
      throw new ApiError(
        409,
        "removed",
        `This meeting was removed from InterAction for you (revision ${tombstone.removedRevision}); only a newer change adds it again.`,
      );
    }
    unbury(s, syncKey);
    const rejoin = tombstone.meetingId ? meetingRowById(s, tombstone.meetingId) : undefined;
    return createLink(s, user, syncKey, p, ifMatch, t, rejoin);
  }
  if (!found) return createLink(s, user, syncKey, p, ifMatch, t, undefined);
  const { link, meeting } = found;
  if (decideWrite(user, factsOf(meeting, link), p, ifMatch, t) === "unchanged") {
    return { status: 200, meeting, link };
  }
  let target = meeting;
  if (p.iCalUId !== undefined && meeting.ical_uid !== p.iCalUId) {
    if (meeting.ical_uid !== null) {
      throw new ApiError(409, "identityConflict", "This meeting is already linked to another Outlook meeting.");
    }
    // The late link: this record was made before its iCalUId was known.
    const other = meetingByIcal(s, p.iCalUId, meeting.id);
    if (other) {
      assertInvited(user, invitationOf(s, other));
      target = mergeMeetings(s, meeting, other);
    }
    s.prepared("UPDATE meetings SET ical_uid = ? WHERE id = ?").run(p.iCalUId, target.id);
    target = meetingRowById(s, target.id) as MeetingRow;
  }
  const current = findKey(s, syncKey);
  const now = current?.kind === "link" ? current.link : link;
  // Only the link's owner changes its choices; the organizer writing through it changes the shared fields only.
  const own = now.userId === user.id ? choicesOf(p, now) : {};
  saveLink(s, { ...now, ...own, revision: p.revision });
  const fieldsRefused = applyShared(s, user, target, p, t);
  touch(s, target.id);
  refreshIndexes(s, target.id);
  const after = findKey(s, syncKey);
  if (after?.kind !== "link") throw new Error(`link ${syncKey} lost while writing it`);
  return { status: 200, meeting: after.meeting, link: after.link, ...(fieldsRefused ? { fieldsRefused } : {}) };
}

function createLink(
  s: SqlBase,
  user: Person,
  syncKey: string,
  p: MeetingPayload,
  ifMatch: string | undefined,
  t: RuleTime,
  rejoin: MeetingRow | undefined,
): Written {
  decideWrite(user, undefined, p, ifMatch, t);
  let target = rejoin && (rejoin.ical_uid === null || rejoin.ical_uid === p.iCalUId) ? rejoin : undefined;
  if (p.iCalUId !== undefined) {
    assertInvited(user, { organizerEmail: p.source.organizerEmail, attendees: p.attendees });
    target = meetingByIcal(s, p.iCalUId) ?? target;
    if (target && target.id !== rejoin?.id) assertInvited(user, invitationOf(s, target));
  }
  const link: Link = {
    syncKey,
    meetingId: target?.id ?? newId("m"),
    userId: user.id,
    addedBy: p.source.addedBy,
    itemId: p.source.itemId ?? null,
    visibility: p.visibility,
    activityTypeId: p.activityTypeId,
    syncMode: p.syncMode ?? null,
    addContacts: p.addAttendeesAsContacts ?? null,
    revision: p.revision,
    primary: !target,
  };
  let fieldsRefused: FieldsRefused | undefined;
  if (!target) {
    insertMeeting(s, link, p);
  } else {
    saveLink(s, link);
    if (p.iCalUId !== undefined && target.ical_uid === null) {
      s.prepared("UPDATE meetings SET ical_uid = ? WHERE id = ?").run(p.iCalUId, target.id);
    }
    // E.g. an attendee's Add planned while the meeting was ahead that lands once it is an activity: the link is kept
    // (the Add is not lost), the activity keeps what it holds.
    fieldsRefused = applyShared(s, user, target, p, t);
    touch(s, target.id);
  }
  refreshIndexes(s, link.meetingId);
  const meeting = meetingRowById(s, link.meetingId) as MeetingRow;
  return { status: 201, meeting, link, ...(fieldsRefused ? { fieldsRefused } : {}) };
}

/** removeMeetingLink: a colleague's link goes (never, left) or the organizer's removal cancels the meeting. */
export function removeLink(
  s: SqlBase,
  user: Person,
  syncKey: string,
  request: S["LinkRemovalRequest"],
): S["LinkRemoval"] {
  const found = findKey(s, syncKey);
  if (!found) throw new ApiError(404, "notFound", "This meeting is not in InterAction.");
  const owner = found.kind === "link" ? found.link.userId : found.tombstone.userId;
  if (owner !== user.id) throw new ApiError(403, "notYours", "This meeting was added to InterAction by another user.");
  if (found.kind === "removed") {
    // A repeat (or a later removal) of a link already removed: the same answer; later writes stay refused.
    const { tombstone } = found;
    const revision = Math.max(tombstone.removedRevision, request.revision);
    s.prepared("UPDATE meeting_links SET removed_revision = ? WHERE sync_key = ?").run(revision, syncKey);
    const answer = { syncKey, reason: tombstone.reason, revision, meeting: tombstone.outcome };
    return { ...answer, meetingId: tombstone.meetingId as string };
  }
  const { link, meeting: m } = found;
  const t = s.ruleTime();
  const repeatOfCancel = request.reason === "cancelled" && m.cancelled === 1 && request.revision === link.revision;
  if (request.revision <= link.revision && !repeatOfCancel) {
    throw new ApiError(
      409,
      "superseded",
      `A newer change of this meeting (revision ${link.revision}) is already in InterAction; this removal is older.`,
    );
  }
  assertNotFrozen(factsOf(m, link), t);
  const answer = { syncKey, reason: request.reason, revision: request.revision, meetingId: m.id };
  if (request.reason === "cancelled") {
    if (!isOrganizer(user, m)) {
      throw new ApiError(403, "organizerOnly", "Only the organizer's calendar can cancel this meeting.");
    }
    s.prepared("UPDATE meetings SET cancelled = 1 WHERE id = ?").run(m.id);
    saveLink(s, { ...link, revision: request.revision });
    touch(s, m.id);
    refreshIndexes(s, m.id);
    return { ...answer, meeting: "cancelled" };
  }
  const others = linksOf(s, m).filter((l) => l.syncKey !== syncKey);
  const outcome = others.length ? "kept" : "deleted";
  bury(s, link, { revision: request.revision, reason: request.reason, outcome, meetingId: m.id });
  const [next] = others;
  if (!next) {
    s.prepared("DELETE FROM meetings WHERE id = ?").run(m.id);
    return { ...answer, meeting: outcome };
  }
  if (link.primary) promote(s, m, next);
  touch(s, m.id);
  refreshIndexes(s, m.id);
  return { ...answer, meeting: outcome };
}

/** The viewer a user is: themselves and their groups. */
export function viewerOf(s: SqlBase, user: { id: string }): Viewer {
  const groups = s.prepared("SELECT group_id FROM group_members WHERE user_id = ?").all(user.id) as {
    group_id: string;
  }[];
  return { id: user.id, groupIds: new Set(groups.map((g) => g.group_id)) };
}
