// One meeting, one record (issue 14): the rules of the meeting's identity, decided once in core.
import { describe, expect, test } from "@jest/globals";
import { payloadFingerprint } from "../../src/core/fingerprint";
import {
  identityReadDue,
  isICalUId,
  otherColleagues,
  withIdentityRead,
  withServiceIdentity,
} from "../../src/core/identity";
import { messages } from "../../src/core/messages";
import { buildPayload } from "../../src/core/payload";
import { afterRemoval, removalOf, removalRequest } from "../../src/core/serviceFollow";
import type { IndexEntry } from "../../src/core/serviceIndex";
import { decodeState, encodeState } from "../../src/core/stateCodec";
import { initialSyncState, type SyncState } from "../../src/core/syncState";
import { demoSettings, externalInvitation, meetingSnapshot } from "../support/fakes";

const ICAL = "040000008200E00074C5B7101A82E00800000000D0B2C1A7E4A1DC01000000000000000010000000";
const settings = demoSettings();

describe("when the add-in reads a meeting's iCalUId", () => {
  const invitation = externalInvitation();
  test("on the user's Add of an existing, addable meeting that was never asked about", () => {
    expect(identityReadDue(invitation, initialSyncState(), settings, { kind: "add" })).toBe(true);
    // An Add overrides an earlier "never": that meeting is read too.
    const never: SyncState = { ...initialSyncState(), mode: "never" };
    expect(identityReadDue(invitation, never, settings, { kind: "add" })).toBe(true);
  });

  test("never twice, never for other triggers, never for a draft or a meeting InterAction refuses", () => {
    const asked = withIdentityRead(initialSyncState(), null);
    expect(identityReadDue(invitation, asked, settings, { kind: "add" })).toBe(false);
    expect(identityReadDue(invitation, { ...initialSyncState(), iCalUId: ICAL }, settings, { kind: "add" })).toBe(
      false,
    );
    for (const kind of ["send", "open", "refresh", "retry", "server"] as const)
      expect(identityReadDue(invitation, initialSyncState(), settings, { kind })).toBe(false);
    expect(identityReadDue(meetingSnapshot(), initialSyncState(), settings, { kind: "add" })).toBe(false);
    expect(
      identityReadDue(externalInvitation({ isRecurring: true }), initialSyncState(), settings, { kind: "add" }),
    ).toBe(false);
  });

  test("an Add that could not be planned (no settings) is read on the run that first writes it, and only then", () => {
    // Seed 550281236 of the fault schedules: Bob's Add ran while the settings could not be read, his next open wrote
    // it without the iCalUId, and his record and Alice's of one meeting stayed two.
    const waiting: SyncState = { ...initialSyncState(), addRequested: true };
    for (const kind of ["open", "refresh", "retry"] as const)
      expect(identityReadDue(invitation, waiting, settings, { kind })).toBe(true);
    expect(identityReadDue(invitation, withIdentityRead(waiting, null), settings, { kind: "open" })).toBe(false);
    const written: SyncState = { ...waiting, syncKey: "k", revision: 1 };
    expect(identityReadDue(invitation, written, settings, { kind: "open" })).toBe(false);
    const byFirmRules: SyncState = { ...waiting, autoAddedBecause: "Carol Chen is a Top Client." };
    expect(identityReadDue(invitation, byFirmRules, settings, { kind: "open" })).toBe(false);
  });

  test("what a read leaves on the item: the iCalUId when usable, and 'asked' in any case; it survives the codec", () => {
    expect(withIdentityRead(initialSyncState(), ICAL)).toMatchObject({ iCalUId: ICAL, identityAsked: true });
    const unusable = withIdentityRead(initialSyncState(), "has spaces");
    expect(unusable.identityAsked).toBe(true);
    expect(unusable).not.toHaveProperty("iCalUId");
    const kept = decodeState(encodeState(withIdentityRead(initialSyncState(), ICAL)));
    expect(kept).toMatchObject({ iCalUId: ICAL, identityAsked: true });
    expect(encodeState(withIdentityRead(initialSyncState(), ICAL))).toContain(`ic=s${ICAL}`);
  });

  test("an iCalUId is printable, without spaces, within the contract's 2,048 characters", () => {
    expect(isICalUId(ICAL)).toBe(true);
    expect(isICalUId("")).toBe(false);
    expect(isICalUId("a b")).toBe(false);
    expect(isICalUId("x".repeat(2049))).toBe(false);
    expect(isICalUId(42)).toBe(false);
  });
});

describe("the iCalUId in the write", () => {
  const snapshot = externalInvitation();
  test("is sent when known and absent otherwise, so meetings without one keep their fingerprints", () => {
    const without = buildPayload(snapshot, initialSyncState(), settings, 1, false);
    const withId = buildPayload(snapshot, { ...initialSyncState(), iCalUId: ICAL }, settings, 1, false);
    expect(without).not.toHaveProperty("iCalUId");
    expect(withId.iCalUId).toBe(ICAL);
    // Part of the fingerprint: the write that brings it is the late link of a record made without it.
    expect(payloadFingerprint(withId)).not.toBe(payloadFingerprint(without));
  });

  test("the service plans with the iCalUId Graph gives; an unusable one leaves the state as it was", () => {
    const state = initialSyncState();
    expect(withServiceIdentity(state, ICAL).iCalUId).toBe(ICAL);
    expect(withServiceIdentity(state, "")).toBe(state);
    expect(withServiceIdentity(state, undefined)).toBe(state);
  });
});

describe("what an event gone from a mailbox asks of InterAction", () => {
  const entry: IndexEntry = {
    mailbox: "alice@firm.example",
    eventId: "e1",
    syncKey: "k1",
    role: "organizer",
    revision: 3,
    documents: {},
  };
  test("the organizer's copy gone cancels the meeting; an attendee's removes their link; both as the next revision", () => {
    expect(removalOf(entry, false)).toBe("cancel");
    expect(removalRequest(entry, "cancel")).toEqual({
      reason: "cancelled",
      revision: 4,
      idempotencyKey: "k1:svc:x4:cancelled",
    });
    expect(removalOf({ ...entry, role: "attendee" }, false)).toBe("unlink");
    expect(removalRequest(entry, "unlink")).toMatchObject({ reason: "left", revision: 4 });
  });

  test("once delivered nothing is owed and the copy is never written or removed again", () => {
    const cancelled = afterRemoval({ ...entry, owed: "cancel" }, "cancel", 4);
    expect(cancelled).toMatchObject({ cancelled: true, revision: 4 });
    expect(cancelled).not.toHaveProperty("owed");
    expect(removalOf(cancelled, false)).toBe("nothing");
    const unlinked = afterRemoval({ ...entry, role: "attendee", owed: "unlink" }, "unlink", 4);
    expect(unlinked).not.toHaveProperty("owed");
    expect(unlinked.cancelled).toBeUndefined();
    expect(removalOf(unlinked, false)).toBe("nothing");
  });
});

describe("who else added it", () => {
  test("names each other colleague once, by name (else address), never the user", () => {
    const colleagues = [
      { email: "Alice@firm.example", name: "Alice Adams" },
      { email: "bob@firm.example", name: "Bob Lee" },
      { email: "BOB@firm.example", name: "Bob Lee" },
      { email: "dana@firm.example", name: " " },
    ];
    expect(otherColleagues(colleagues, "alice@firm.example")).toEqual(["Bob Lee", "dana@firm.example"]);
  });

  test("in one short line", () => {
    expect(messages.shared.alsoAddedBy(["Bob Lee"])).toBe("Also added by Bob Lee.");
    expect(messages.shared.alsoAddedBy(["Bob Lee", "Dana Kim"])).toBe("Also added by Bob Lee and Dana Kim.");
    expect(messages.shared.alsoAddedBy(["Bob Lee", "Dana Kim", "Ed", "Flo"])).toBe(
      "Also added by Bob Lee, Dana Kim and 2 others.",
    );
    expect(messages.shared.alsoAddedBy(["Bob Lee", "Dana Kim", "Ed"])).toBe(
      "Also added by Bob Lee, Dana Kim and 1 other.",
    );
  });
});
