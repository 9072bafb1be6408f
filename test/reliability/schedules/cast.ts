// The meetings a fault schedule starts with (drawn from the seed, or chosen by ./directed.ts), as ./model.ts models
// them: the user's own meetings (new or sent, some the firm rules add) and outside meetings she attends, some of which
// (issue 14) were sent to her colleague Bob too: his copy of the same meeting, in his mailbox, with one iCalUId.
import type { MeetingSnapshot } from "../../../src/core/meeting";
import { FakeMailboxItem } from "../../support/fakes";
import { OutlookItemStandIn } from "../../support/reliabilityOffice";
import { ReliabilityRng } from "../../support/reliabilitySandbox";
import {
  ALICE,
  BOB,
  RecordingNotifier,
  attendeeMeeting,
  clone,
  colleagueCopy,
  newMeeting,
  type ModelMeeting,
} from "./model";
import type { ScheduleOptions } from "./world";

/** How many meetings of which kind a schedule starts with: drawn from the seed, or one kind chosen (./directed.ts). */
export type Cast = "drawn" | { organizers: number };

export function castMeetings(w: {
  seed: number;
  rng: ReliabilityRng;
  cast: Cast;
  options: ScheduleOptions;
  log: (line: string) => void;
}): ModelMeeting[] {
  const { seed, rng, cast, options, log } = w;
  // Whether an outside meeting was sent to Bob too is drawn from its own stream, so the rest of the seed's draws stay
  // as they were. Not with the service (it follows Alice's mailbox only) nor in fault-free budget runs.
  const shareRng = new ReliabilityRng(seed + 0xb0b);
  const shares = cast === "drawn" && options.service !== true && options.faults !== false;

  const meetings: ModelMeeting[] = [];
  const count = cast === "drawn" ? rng.int(1, 3) : cast.organizers;
  const modelOf = (label: string, snapshot: MeetingSnapshot, isNew: boolean, auto: boolean): ModelMeeting => {
    const item = new FakeMailboxItem(snapshot);
    const user = snapshot.user.email === BOB.email ? BOB : ALICE;
    const outlook = new OutlookItemStandIn(() => ({ snapshot: item.snapshot, content: item.content }), user);
    // office-js#6624: new Outlook fails the first custom-property save on a new draft.
    outlook.firstSaveFails = isNew && rng.chance(0.5);
    return {
      label,
      item,
      outlook,
      role: snapshot.role,
      seen: [],
      notifier: new RecordingNotifier(),
      committed: clone(snapshot),
      form: item.snapshot,
      sent: !isNew,
      sendEvents: 0,
      addClicked: false,
      auto,
      cancelled: false,
      addedWhenCancelled: false,
      discarded: false,
      attachmentContent: new Map(),
      nextAttachment: 0,
      ...(user === BOB ? { user } : {}),
    };
  };
  for (let i = 0; i < count; i++) {
    const attendee = cast === "drawn" && rng.chance(0.25);
    const isNew = cast === "drawn" && !attendee && rng.chance(0.5);
    const auto = cast === "drawn" && !attendee && rng.chance(0.3);
    const snapshot = attendee ? attendeeMeeting(rng, i) : newMeeting(rng, i, isNew, auto);
    const bobs = attendee && shares && shareRng.chance(0.5) ? colleagueCopy(shareRng, snapshot, i) : null;
    const m = modelOf(String(i), snapshot, isNew, auto);
    meetings.push(m);
    if (!bobs) continue;
    // One invitation in two mailboxes: one iCalUId, the organizer's changes reach both, one list of what was seen.
    const twin = modelOf(`${i}b`, bobs, false, false);
    const iCalUId = `040000008200E00074C5B7101A82E008-reliability-${seed}-${i}`;
    Object.assign(m, { twin, iCalUId });
    Object.assign(twin, { twin: m, iCalUId, seen: m.seen });
    meetings.push(twin);
    log(`m${i} and m${i}b: one outside meeting in alice's and bob's mailboxes (${iCalUId})`);
  }
  return meetings;
}
