// A meeting cancelled before it ever reached InterAction stays out of it (README, "Known limits"), whether the
// cancellation was planned with the firm's settings or while InterAction was unreachable, and whatever a later open
// would otherwise reconcile.
import { describe, expect, test } from "@jest/globals";
import { initialSyncState } from "../../src/core/syncState";
import { meetingSnapshot } from "../support/fakes";
import { planWith } from "./planHelpers";

/** An organizer's sent meeting with a Top Client (carol@acme.example), cancelled in classic Outlook. */
const cancelled = meetingSnapshot({
  isNew: false,
  itemId: "item-1",
  subject: "Canceled: Acme review",
  isCancelled: true,
});

describe("a cancellation of a meeting never in InterAction", () => {
  test("planned without settings (Add pressed before, InterAction down): the next open writes nothing", () => {
    const asked = { ...initialSyncState(), addRequested: true, addedBy: "organizer" as const, syncKey: "key-9" };
    for (const trigger of [{ kind: "cancel" }, { kind: "send" }] as const) {
      const owed = planWith(cancelled, asked, trigger, { settings: null }).nextState;
      expect(owed).toMatchObject({ addRequested: false });
      expect(planWith(cancelled, owed, { kind: "open" }).operations).toEqual([]);
    }
  });

  test("planned with settings after the firm rules could not be checked: the next open does not add it", () => {
    const unchecked = { ...initialSyncState(), autoAddPending: true };
    for (const trigger of [{ kind: "cancel" }, { kind: "send" }] as const) {
      const after = planWith(cancelled, unchecked, trigger).nextState;
      expect(planWith(cancelled, after, { kind: "open" }).operations).toEqual([]);
    }
  });
});
