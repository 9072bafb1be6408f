import { describe, expect, test } from "@jest/globals";
import { checkEligibility, stopsSyncing } from "../../src/core/eligibility";
import { messages } from "../../src/core/messages";
import { initialSyncState } from "../../src/core/syncState";
import { BOB, demoSettings, externalInvitation, meetingSnapshot } from "../support/fakes";

const settings = demoSettings();
const state = initialSyncState();

describe("which meetings may be in InterAction", () => {
  test("the organizer may add an ordinary meeting", () => {
    expect(checkEligibility(meetingSnapshot(), state, settings)).toEqual({ eligible: true });
  });

  test("recurring meetings are refused, in plain words", () => {
    expect(checkEligibility(meetingSnapshot({ isRecurring: true }), state, settings)).toEqual({
      eligible: false,
      reason: "recurring",
      message: messages.eligibility.recurring,
    });
  });

  test("private meetings are refused", () => {
    const e = checkEligibility(meetingSnapshot({ sensitivity: "private" }), state, settings);
    expect(e).toMatchObject({ eligible: false, reason: "private" });
  });

  test("confidential and personal meetings are not private and may be added", () => {
    expect(checkEligibility(meetingSnapshot({ sensitivity: "confidential" }), state, settings).eligible).toBe(true);
    expect(checkEligibility(meetingSnapshot({ sensitivity: "personal" }), state, settings).eligible).toBe(true);
  });

  test("an attendee may add an accepted meeting from outside the firm", () => {
    expect(checkEligibility(externalInvitation(), state, settings).eligible).toBe(true);
    expect(checkEligibility(externalInvitation({ userResponse: "tentative" }), state, settings).eligible).toBe(true);
  });

  test("an attendee may not add a colleague's internal meeting: its organizer decides", () => {
    const internal = externalInvitation({ organizer: { ...BOB } });
    expect(checkEligibility(internal, state, settings)).toMatchObject({ eligible: false, reason: "internalMeeting" });
  });

  test("whether the organizer is inside the firm follows the firm's current domains, not the snapshot", () => {
    const fromSubsidiary = externalInvitation({ organizer: { email: "hana@uk.firm.example", name: "Hana" } });
    expect(checkEligibility(fromSubsidiary, state, settings)).toMatchObject({ reason: "internalMeeting" });
    // The same item, after the administrator changed the firm's domains: judged anew, nothing stored to go stale.
    const renamed = { ...settings, firmDomains: ["newfirm.example"] };
    expect(checkEligibility(fromSubsidiary, state, renamed)).toEqual({ eligible: true });
    expect(checkEligibility(externalInvitation({ organizer: { ...BOB } }), state, renamed).eligible).toBe(true);
  });

  test("an attendee must accept or tentatively accept first", () => {
    for (const response of ["none", "declined"] as const) {
      expect(checkEligibility(externalInvitation({ userResponse: response }), state, settings)).toMatchObject({
        eligible: false,
        reason: "notAccepted",
        message: "Accept or tentatively accept this meeting before adding it to InterAction.",
      });
    }
  });

  test("nothing syncs when the firm turned calendar sync off", () => {
    const off = demoSettings({ enabled: false });
    expect(checkEligibility(meetingSnapshot(), state, off)).toMatchObject({ eligible: false, reason: "syncDisabled" });
  });

  test("the user's choice of never wins", () => {
    const e = checkEligibility(meetingSnapshot(), { mode: "never" }, settings);
    expect(e).toMatchObject({ eligible: false, reason: "neverMode" });
  });

  test("becoming recurring or private stops a synced meeting; other reasons do not count as stopping", () => {
    expect(stopsSyncing(checkEligibility(meetingSnapshot({ isRecurring: true }), state, settings))).toBe(true);
    expect(stopsSyncing(checkEligibility(meetingSnapshot({ sensitivity: "private" }), state, settings))).toBe(true);
    expect(stopsSyncing(checkEligibility(meetingSnapshot(), { mode: "never" }, settings))).toBe(false);
  });
});
