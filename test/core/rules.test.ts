import { describe, expect, test } from "@jest/globals";
import {
  decideAutoAdd,
  effectiveActivityTypeId,
  effectiveVisibility,
  findAutoAddMatches,
  needsDirectory,
} from "../../src/core/rules";
import {
  ACME,
  BOB,
  CAROL,
  demoDirectory,
  demoSettings,
  ERIN,
  meetingSnapshot,
  PROSPECT,
  TOP_CLIENT,
} from "../support/fakes";

const settings = demoSettings();
const automatic = { mode: "automatic" as const };

describe("the firm's auto-add rules", () => {
  test("a meeting with an employee of a Top Client company is added, and says why", () => {
    const d = decideAutoAdd(meetingSnapshot(), automatic, settings, demoDirectory());
    expect(d).toEqual({
      add: true,
      explanation: "Added because carol@acme.example works for Acme Corporation, a Top Client.",
      matches: [
        { email: CAROL.email, contactName: "Carol Jones", companyName: ACME.name, contactTypeName: TOP_CLIENT.name },
      ],
    });
  });

  test("a contact who is a Top Client personally is matched without a company", () => {
    const directory = demoDirectory();
    directory.contacts["vip@example.org"] = { contactId: "c-vip", name: "Vip", contactTypeIds: [TOP_CLIENT.id] };
    const s = meetingSnapshot({
      attendees: [{ email: "vip@example.org", name: "Vip", type: "required", response: "none" }],
    });
    expect(decideAutoAdd(s, automatic, settings, directory).explanation).toBe(
      "Added because vip@example.org is a Top Client.",
    );
  });

  test("several matches are summarised within the notification limit", () => {
    const s = meetingSnapshot({
      attendees: [
        { ...CAROL, type: "required", response: "none" },
        { email: "dave@acme.example", name: "Dave", type: "optional", response: "none" },
      ],
    });
    const d = decideAutoAdd(s, automatic, settings, demoDirectory());
    expect(d.matches).toHaveLength(2);
    expect(d.explanation).toBe(
      "Added because carol@acme.example works for Acme Corporation, a Top Client (and 1 more).",
    );
  });

  test("the article follows the contact type's name", () => {
    const directory = demoDirectory();
    directory.contactTypes = [{ id: TOP_CLIENT.id, name: "Important Client" }, PROSPECT];
    expect(decideAutoAdd(meetingSnapshot(), automatic, settings, directory).explanation).toMatch(/an Important Client/);
  });

  test("a prospect is not a Top Client: no auto-add", () => {
    const s = meetingSnapshot({ attendees: [{ ...ERIN, type: "required", response: "none" }] });
    expect(decideAutoAdd(s, automatic, settings, demoDirectory())).toMatchObject({ add: false, matches: [] });
  });

  test("colleagues never trigger the rule, whatever InterAction says about them", () => {
    const directory = demoDirectory();
    directory.contacts[BOB.email] = { contactId: "c-bob", name: "Bob", contactTypeIds: [TOP_CLIENT.id] };
    const s = meetingSnapshot({ attendees: [{ ...BOB, type: "required", response: "none" }] });
    expect(findAutoAddMatches(s, settings, directory)).toEqual([]);
  });

  test("the user's opt-out wins over the firm rule", () => {
    expect(decideAutoAdd(meetingSnapshot(), { mode: "never" }, settings, demoDirectory())).toMatchObject({
      add: false,
      explanation: "Not added: you chose never to sync this meeting.",
    });
    expect(decideAutoAdd(meetingSnapshot(), { mode: "manual" }, settings, demoDirectory()).add).toBe(false);
  });

  test("no rules, sync off, or an unreachable directory add nothing and say why", () => {
    expect(
      decideAutoAdd(meetingSnapshot(), automatic, demoSettings({ autoAddContactTypeIds: [] }), demoDirectory())
        .explanation,
    ).toBe("The firm has no rules that add meetings automatically.");
    expect(decideAutoAdd(meetingSnapshot(), automatic, demoSettings({ enabled: false }), demoDirectory()).add).toBe(
      false,
    );
    expect(decideAutoAdd(meetingSnapshot(), automatic, settings, null).explanation).toMatch(/could not be checked/);
  });

  test("the directory is only needed when a rule could add the meeting", () => {
    expect(needsDirectory(automatic, settings)).toBe(true);
    expect(needsDirectory({ mode: "manual" }, settings)).toBe(false);
    expect(needsDirectory(automatic, demoSettings({ autoAddContactTypeIds: [] }))).toBe(false);
    expect(needsDirectory(automatic, demoSettings({ enabled: false }))).toBe(false);
  });

  test("visibility and activity type default from the firm, the meeting's choice wins", () => {
    expect(effectiveVisibility({}, settings)).toBe("everyone");
    expect(effectiveVisibility({ visibility: { groupId: "g1" } }, settings)).toEqual({ groupId: "g1" });
    expect(effectiveActivityTypeId({}, settings)).toBe("at-meeting");
    expect(effectiveActivityTypeId({ activityTypeId: "at-call" }, settings)).toBe("at-call");
  });
});
