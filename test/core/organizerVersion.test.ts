// The Outlook version a copy carries (core/organizerVersion.ts): read strictly from the copy's two properties, ordered
// by sequence then the organizer's send time, and sent only by the sync service for a meeting organized outside the
// firm (the add-in's snapshots have none; a firm organizer's own link rules anyway).
import { describe, expect, it } from "@jest/globals";
import { normalizeSnapshot } from "../../src/core/normalize";
import { compareOrganizerVersions, organizerVersionOf, versionToSend } from "../../src/core/organizerVersion";
import { buildPayload } from "../../src/core/payload";
import { payloadFingerprint } from "../../src/core/fingerprint";
import { demoSettings, externalInvitation, meetingSnapshot } from "../support/fakes";

const V1 = { sequence: 1, changedAt: "2026-11-20T08:00:00.000Z" };

describe("organizerVersionOf", () => {
  it("reads Graph's string values (sequence as text, SystemTime without a zone is UTC)", () => {
    expect(organizerVersionOf("3", "2026-11-20T08:00:00")).toEqual({
      sequence: 3,
      changedAt: "2026-11-20T08:00:00.000Z",
    });
    expect(organizerVersionOf(0, "2026-11-20T08:00:00Z")).toEqual({
      sequence: 0,
      changedAt: "2026-11-20T08:00:00.000Z",
    });
  });

  it.each([
    ["no sequence", undefined, "2026-11-20T08:00:00Z"],
    ["no send time", "1", undefined],
    ["a negative sequence", "-1", "2026-11-20T08:00:00Z"],
    ["a fractional sequence", 1.5, "2026-11-20T08:00:00Z"],
    ["a sequence beyond Int32", "2147483648", "2026-11-20T08:00:00Z"],
    ["an unreadable time", "1", "yesterday"],
  ])("gives no version for %s (sent unversioned, never guessed)", (_what, sequence, changedAt) => {
    expect(organizerVersionOf(sequence, changedAt)).toBeUndefined();
  });
});

describe("compareOrganizerVersions", () => {
  it("orders by sequence first, then by when the organizer sent it", () => {
    const older = { sequence: 1, changedAt: "2026-11-21T00:00:00.000Z" };
    const newer = { sequence: 2, changedAt: "2026-11-20T00:00:00.000Z" };
    expect(compareOrganizerVersions(older, newer)).toBeLessThan(0);
    expect(compareOrganizerVersions(newer, older)).toBeGreaterThan(0);
    expect(compareOrganizerVersions(V1, { ...V1, changedAt: "2026-11-20T09:00:00.000Z" })).toBeLessThan(0);
    expect(compareOrganizerVersions(V1, { ...V1 })).toBe(0);
  });
});

describe("which writes carry a version", () => {
  const settings = demoSettings();

  it("a copy of an outside organizer's meeting read with its version carries it, and it is part of the fingerprint", () => {
    const versioned = normalizeSnapshot(externalInvitation({ organizerVersion: V1 }));
    expect(versionToSend(versioned, settings.firmDomains)).toEqual(V1);
    const payload = buildPayload(versioned, {}, settings, 1, false);
    expect(payload.organizerVersion).toEqual(V1);
    const unversioned = buildPayload(normalizeSnapshot(externalInvitation()), {}, settings, 1, false);
    expect(unversioned).not.toHaveProperty("organizerVersion");
    expect(payloadFingerprint(payload)).not.toBe(payloadFingerprint(unversioned));
  });

  it("a firm organizer's meeting never carries one (their own link rules the shared fields)", () => {
    const firm = normalizeSnapshot(meetingSnapshot({ organizerVersion: V1 }));
    expect(versionToSend(firm, settings.firmDomains)).toBeUndefined();
    expect(buildPayload(firm, {}, settings, 1, false)).not.toHaveProperty("organizerVersion");
  });
});
