import { describe, expect, test } from "@jest/globals";
import { canonicalJson, documentKeyOf, fnv1a64, payloadFingerprint } from "../../src/core/fingerprint";
import { normalizeSnapshot } from "../../src/core/normalize";
import { buildPayload } from "../../src/core/payload";
import { demoSettings, meetingSnapshot } from "../support/fakes";

const payloadOf = (overrides = {}, revision = 1) =>
  buildPayload(normalizeSnapshot(meetingSnapshot(overrides)), {}, demoSettings(), revision, false);

describe("change detection", () => {
  test("FNV-1a 64 matches the reference vectors", () => {
    expect(fnv1a64("")).toBe("cbf29ce484222325");
    expect(fnv1a64("a")).toBe("af63dc4c8601ec8c");
    expect(fnv1a64("foobar")).toBe("85944171f73967e8");
  });

  test("non-ASCII text hashes by its UTF-8 bytes", () => {
    expect(fnv1a64("€")).toBe(fnv1a64("\u20ac"));
    expect(fnv1a64("😀")).not.toBe(fnv1a64("😁"));
  });

  test("canonical JSON ignores key order and undefined fields", () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe('{"a":[1,{"d":2}],"b":1}');
  });

  test("the revision does not change the fingerprint: it counts changes, it is not one", () => {
    expect(payloadFingerprint(payloadOf({}, 1))).toBe(payloadFingerprint(payloadOf({}, 7)));
  });

  test("attendee order does not matter", () => {
    const s = meetingSnapshot();
    expect(payloadFingerprint(payloadOf({ attendees: [...s.attendees].reverse() }))).toBe(
      payloadFingerprint(payloadOf()),
    );
  });

  test("Outlook's item id does not matter (it changes on save and move)", () => {
    expect(payloadFingerprint(payloadOf({ itemId: "AAMk-new" }))).toBe(payloadFingerprint(payloadOf()));
  });

  test("every field InterAction stores matters", () => {
    const base = payloadFingerprint(payloadOf());
    const changes = [
      { subject: "Other" },
      { location: "Room 5" },
      { start: "2026-11-26T09:00:00.000Z" },
      { end: "2026-11-26T12:00:00.000Z" },
      { notes: "New notes" },
      { attendees: [] },
      { isCancelled: true },
      { sensitivity: "confidential" as const },
      { organizer: { email: "zed@firm.example", name: "Zed" } },
    ];
    for (const change of changes) {
      const changed = change.isCancelled
        ? buildPayload(normalizeSnapshot(meetingSnapshot()), {}, demoSettings(), 1, true)
        : payloadOf(change);
      expect(payloadFingerprint(changed)).not.toBe(base);
    }
    const otherType = buildPayload(
      normalizeSnapshot(meetingSnapshot()),
      { activityTypeId: "at-call" },
      demoSettings(),
      1,
      false,
    );
    expect(payloadFingerprint(otherType)).not.toBe(base);
    const onlyMe = buildPayload(
      normalizeSnapshot(meetingSnapshot()),
      { visibility: "onlyMe" },
      demoSettings(),
      1,
      false,
    );
    expect(payloadFingerprint(onlyMe)).not.toBe(base);
  });

  test("a document key follows the file's identity, not Outlook's attachment id", () => {
    const a = { name: "Contract.pdf", size: 1200 };
    expect(documentKeyOf(a)).toMatch(/^d[0-9a-f]{12}$/);
    expect(documentKeyOf({ ...a, name: " contract.pdf " })).toBe(documentKeyOf(a));
    expect(documentKeyOf({ ...a, size: 1201 })).not.toBe(documentKeyOf(a));
  });
});
