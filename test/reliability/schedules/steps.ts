// The drawn steps of a fault schedule: from its seed, 8 to 22 user actions, Outlook events and faults (loose ones
// anywhere in the API, and ones aimed at the next write of a meeting), some making an older revision land after a
// newer one. Each step ends once the client is quiet (./world.ts settle).
import type { SyncTrigger } from "../../../src/sync/runSync";
import { deliverOutbox } from "../../../src/sync/deliverOutbox";
import { OUTBOX_KEY } from "../../../src/sync/storageOutbox";
import { looseRules } from "./faults";
import { CANCEL_PREFIXES, HOUR, MIN, edit, type Edit } from "./model";
import type { ModelMeeting } from "./model";
import type { World } from "./world";

export async function drawnSteps(w: World): Promise<void> {
  const { rng, log, setFaults, clock, storage, net, meetings, depsOf, stateOf, fire, send, save, closeUnsaved } = w;
  const { moveClocks, aim, added, organizerChanges } = w;
  const steps = rng.int(8, 22);
  for (let s = 0; s < steps; s++) {
    const live = meetings.filter((m) => !m.discarded);
    if (live.length === 0) break;
    const m = rng.pick(live);
    // Aimed writes (16-18), cancellations and Add clicks come more often: they are what the faults must meet.
    const drawn = rng.int(0, 27);
    const action = drawn > 21 ? [16, 16, 17, 9, 9, 4][drawn - 22]! : drawn;
    const dup: 1 | 2 = rng.chance(0.2) ? 2 : 1;
    const concurrent = dup === 2 && rng.chance(0.5);
    switch (action) {
      case 0:
      case 1: {
        const rules = looseRules(rng);
        log(`faults ${JSON.stringify(rules)}`);
        await setFaults(rules); // held requests land now
        break;
      }
      case 2:
      case 3: {
        if (m.cancelled) break;
        if (m.role === "attendee") {
          // No event fires in the attendee's Outlook; the task pane, opened now and then, reconciles.
          if (organizerChanges(m) && rng.chance(0.5)) {
            log(`m${m.label} task pane opened x${dup}`);
            await fire(m, { kind: "refresh" }, dup, concurrent);
          }
          break;
        }
        const kind = rng.pick<Edit>(["subject", "time", "attendees", "notes", "location", "attachment"]);
        const trigger = edit(rng, m, kind);
        log(`m${m.label} edit ${kind}${trigger ? ` -> change x${dup}` : ""}`);
        if (trigger) await fire(m, trigger, dup, concurrent);
        break;
      }
      case 4: {
        if (m.cancelled) break;
        m.addClicked = true;
        await aim(m, "add");
        log(`m${m.label} click Add x${dup}${concurrent ? " (concurrent)" : ""}`);
        await withColleague(w, m, () => fire(m, { kind: "add" }, dup, concurrent));
        break;
      }
      case 5:
      case 6: {
        if (m.cancelled || m.role === "attendee") break;
        if (rng.chance(0.5)) edit(rng, m, rng.pick<Edit>(["subject", "time", "attachment"]));
        await aim(m, "send");
        log(`m${m.label} send x${dup}`);
        await send(m, dup);
        break;
      }
      case 7: {
        if (!m.sent || m.cancelled || m.role === "attendee") break;
        // Saved without sending (no event fires), closed, opened again later: the open reconciles.
        edit(rng, m, rng.pick<Edit>(["subject", "notes", "time", "attachment"]));
        save(m);
        await aim(m, "save");
        log(`m${m.label} edit, save, close, open x${dup}`);
        await fire(m, { kind: "open" }, dup, concurrent);
        break;
      }
      case 8: {
        if (!m.sent) {
          if (rng.chance(0.3)) {
            // An unsent new meeting thrown away: nothing of it may ever reach InterAction.
            m.discarded = true;
            m.outlook.discard();
            log(`m${m.label} discard the unsent draft`);
          }
          break;
        }
        if (m.role === "attendee") break;
        closeUnsaved(m);
        log(`m${m.label} discard unsent edits, open`);
        await fire(m, { kind: "open" });
        break;
      }
      case 9: {
        if (!m.sent || m.cancelled || m.role === "attendee") break;
        // "Send Cancellation" in classic Outlook: a send event whose subject carries Outlook's prefix. The real
        // handler recognises it; nothing tells it otherwise.
        const prefix = rng.pick(CANCEL_PREFIXES);
        m.form.subject = `${prefix}${m.form.subject}`;
        m.form.isCancelled = true; // what the model expects the adapter to read from the prefix
        m.cancelled = true;
        m.addedWhenCancelled = (stateOf(m)?.revision ?? 0) > 0; // planned: in InterAction or on its way
        await aim(m, "cancel");
        log(`m${m.label} send cancellation "${prefix.trim()}" x${dup}`);
        await send(m, dup);
        break;
      }
      case 10: {
        const trigger = rng.pick<SyncTrigger>([{ kind: "refresh" }, { kind: "retry" }]);
        log(`m${m.label} task pane ${trigger.kind} x${dup}`);
        await fire(m, trigger, dup, concurrent);
        break;
      }
      case 11: {
        log(`m${m.label} deliver outbox x${dup}`);
        const once = () => deliverOutbox(depsOf(m));
        if (dup === 2 && concurrent) await Promise.all([once(), once()]);
        else for (let i = 0; i < dup; i++) await once();
        break;
      }
      case 12: {
        const ms = rng.int(1, 40) * 1000;
        log(`time passes ${ms} ms`);
        clock.advance(ms);
        break;
      }
      case 13: {
        if (rng.chance(0.5)) {
          // The runtime's storage is lost (cleared, or the next event runs on another device): only the items know.
          log("the outbox is lost");
          storage.data.delete(OUTBOX_KEY);
        } else {
          const n = rng.int(1, 3);
          log(`the runtime storage refuses the next ${n} writes`);
          storage.failWrites = n;
        }
        break;
      }
      case 14: {
        // An older revision arrives after a newer one: its write is held past the client's timeout, the user
        // changes and sends again (delivered once the backoff has passed), then the held write lands.
        const key = stateOf(m)?.syncKey;
        if (!key || !m.sent || m.cancelled || m.role === "attendee") break;
        log(`m${m.label} late older revision: hold, edit+send, edit+send, deliver, release`);
        await setFaults([{ method: "PUT", path: `^/api/v1/meetings/${key}$`, hold: true, times: 1 }]);
        edit(rng, m, rng.pick<Edit>(["subject", "notes", "location", "time"]));
        await send(m);
        await net.quiet();
        edit(rng, m, rng.pick<Edit>(["subject", "notes", "location", "time"]));
        await send(m);
        await moveClocks(10 * MIN);
        await deliverOutbox(depsOf(m));
        await net.quiet();
        await setFaults([]); // the held (older) write lands now
        break;
      }
      case 15: {
        log("late answers land (held requests run; faults cleared)");
        await setFaults([]);
        break;
      }
      case 16:
      case 17: {
        // A fault aimed at an update of the meeting, or at the upload of a document added with it.
        if (!added(m)) {
          if (m.cancelled) break;
          // Not in InterAction yet: the user adds it, and a new meeting is sent (a fault aimed at the create). An
          // attendee adds the outside organizer's meeting the same way (read mode: saved on the item at once).
          m.addClicked = true;
          await aim(m, "create", "meeting");
          log(`m${m.label} click Add${m.sent ? "" : ", send"} (aimed)`);
          await withColleague(w, m, () => fire(m, { kind: "add" }));
          if (!m.sent) await send(m);
          break;
        }
        if (m.role === "attendee") {
          // The organizer's change reaches InterAction through the attendee's task pane (a fault aimed at it).
          clock.advance(HOUR);
          if (!organizerChanges(m)) break;
          await aim(m, "update", "meeting");
          log(`m${m.label} aimed attendee write: task pane opened x${dup}`);
          await fire(m, { kind: "refresh" }, dup, concurrent);
          break;
        }
        const target = action === 16 ? "meeting" : "documents";
        // Earlier backoffs have passed (the client's clock only), so this write is the one sent now.
        clock.advance(HOUR);
        edit(rng, m, target === "meeting" ? rng.pick<Edit>(["subject", "notes", "location"]) : "attachment");
        await aim(m, target, target);
        log(`m${m.label} aimed ${target} write, send x${dup}`);
        await send(m, dup);
        break;
      }
      case 18: {
        // The meeting has ended (InterAction made it an activity); the organizer still changes it.
        if (!added(m) || !m.addClicked) break;
        const target = Date.parse(m.form.end) + rng.int(1, 48) * HOUR;
        if (target > clock.now().getTime()) await moveClocks(target - clock.now().getTime());
        if (m.role === "attendee") {
          // An activity now: InterAction takes only its organizer's writes (403 for the attendee's).
          await aim(m, "converted", "meeting");
          log(`m${m.label} ended; attendee's task pane opened (aimed)`);
          await fire(m, { kind: "refresh" });
          break;
        }
        edit(rng, m, rng.pick<Edit>(["subject", "notes", "location", "attachment"]));
        await aim(m, "converted", "meeting");
        log(`m${m.label} ended; aimed post-conversion write, send`);
        await send(m);
        break;
      }
      default: {
        // The meeting ends: InterAction turns it into an activity (organizer's changes still count).
        const ends = meetings.map((x) => Date.parse(x.form.end));
        const target = Math.min(...ends) + rng.int(1, 36) * HOUR;
        if (target > clock.now().getTime()) {
          log(`clock moves to ${new Date(target).toISOString()} (conversion)`);
          await moveClocks(target - clock.now().getTime());
        }
      }
    }
    // Every injected fault is one retrying cures: nothing may wait for a Retry the user would have to press.
    await w.settle();
  }
}

/**
 * Issue 14: the other colleague invited to the same outside meeting adds it too, if they have not yet: at the same
 * moment (both adds in flight at once, under the same faults), just before, or just after; then InterAction must hold
 * one meeting with both links. A meeting no colleague shares just runs `add`.
 */
async function withColleague(w: World, m: ModelMeeting, add: () => Promise<void>): Promise<void> {
  const twin = m.twin;
  if (!twin || twin.addClicked || twin.cancelled) return add();
  twin.addClicked = true;
  const other = () => w.fire(twin, { kind: "add" });
  const when = w.rng.pick(["together", "before", "after"] as const);
  w.log(`m${twin.label} (the colleague) clicks Add ${when}`);
  if (when === "together") await Promise.all([add(), other()]);
  else if (when === "before") await other().then(add);
  else await add().then(other);
}
