// Which words the status line says once a meeting is an activity (core/statusReason.ts): an attendee's copy no longer
// syncs, so "syncing until …" would be untrue for them; the organizer's does, and keeps its words.
import { describe, expect, test } from "@jest/globals";
import { blockedForGood } from "../../src/core/lifecycle";
import type { MeetingSnapshot } from "../../src/core/meeting";
import { messages } from "../../src/core/messages";
import { deriveStatus, type MeetingStatus } from "../../src/core/status";
import { statusReason } from "../../src/core/statusReason";
import type { SyncState } from "../../src/core/syncState";
import { externalInvitation } from "../support/fakes";
import { syncedState } from "./planHelpers";

const invitation = externalInvitation(); // ends 2026-11-26; its window runs to 2026-12-10
const asOrganizer: MeetingSnapshot = { ...invitation, role: "organizer" };
const ended = new Date("2026-11-28T09:00:00Z");

/** The status and the sentence, judged at one time as the task pane's view does (src/sync/loadMeetingView.ts). */
const line = (snapshot: MeetingSnapshot, state: SyncState, now: Date) => {
  const status = deriveStatus({ snapshot, state, eligibility: { eligible: true }, outbox: [], now });
  return { status, reason: statusReason(status, blockedForGood(snapshot, state, now)) };
};

describe("the status sentence of an activity", () => {
  test("an attendee's added meeting that has ended says only its organizer's changes are synced", () => {
    expect(line(invitation, syncedState(invitation), ended)).toEqual({
      status: "activity",
      reason: messages.lifecycle.organizerOnly,
    });
  });

  test("the organizer's activity keeps its own words: it does sync until its window ends", () => {
    expect(line(asOrganizer, syncedState(asOrganizer), ended)).toEqual({ status: "activity", reason: null });
  });

  test("before the meeting ends the attendee's copy still syncs: nothing replaces the status", () => {
    const before = new Date("2026-11-25T09:00:00Z");
    expect(line(invitation, syncedState(invitation), before)).toEqual({ status: "synced", reason: null });
  });
});

describe("only the activity of a blocked copy is reworded", () => {
  const others: MeetingStatus[] = [
    "notAdded",
    "willAddOnSend",
    "pending",
    "synced",
    "frozen",
    "cancelled",
    "error",
    "ineligible",
    "stopped",
  ];

  test.each(others)("%s keeps its words, whatever the lifecycle says", (status) => {
    expect(statusReason(status, "organizerOnly")).toBeNull();
    expect(statusReason(status, "frozen")).toBeNull();
    expect(statusReason(status, undefined)).toBeNull();
  });

  test("an activity nothing blocks, or one judged frozen, keeps its words", () => {
    expect(statusReason("activity", undefined)).toBeNull();
    expect(statusReason("activity", "frozen")).toBeNull();
  });
});
