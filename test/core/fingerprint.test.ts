import { describe, expect, test } from "@jest/globals";
import { canonicalJson, documentKeyOf, fnv1a64, payloadFingerprint } from "../../src/core/fingerprint";
import type { Attendee } from "../../src/core/meeting";
import { normalizeSnapshot } from "../../src/core/normalize";
import type { MeetingPayload } from "../../src/core/operations";
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
    const snapshot = normalizeSnapshot(meetingSnapshot());
    const stored = buildPayload(snapshot, {}, demoSettings(), 1, false);
    const withState = (state: Parameters<typeof buildPayload>[1]) =>
      buildPayload(snapshot, state, demoSettings(), 1, false);
    const bob = (change: Partial<Attendee>) =>
      payloadOf({
        attendees: snapshot.attendees.map((a) => (a.email === "bob@firm.example" ? { ...a, ...change } : a)),
      });
    const variants: Record<string, MeetingPayload> = {
      subject: payloadOf({ subject: "Other" }),
      location: payloadOf({ location: "Room 5" }),
      start: payloadOf({ start: "2026-11-26T09:00:00.000Z" }),
      end: payloadOf({ end: "2026-11-26T12:00:00.000Z" }),
      notes: payloadOf({ notes: "New notes" }),
      attendees: payloadOf({ attendees: [] }),
      "attendees.email": bob({ email: "bobby@firm.example" }),
      "attendees.name": bob({ name: "Robert Baker" }),
      "attendees.type": bob({ type: "optional" }),
      "attendees.response": bob({ response: "accepted" }),
      cancelled: buildPayload(snapshot, {}, demoSettings(), 1, true),
      isRecurring: payloadOf({ isRecurring: true }),
      sensitivity: payloadOf({ sensitivity: "confidential" as const }),
      visibility: withState({ visibility: "onlyMe" }),
      activityTypeId: withState({ activityTypeId: "at-call" }),
      "source.organizerEmail": payloadOf({ organizer: { email: "zed@firm.example", name: "Zed" } }),
      "source.addedBy": withState({ addedBy: "attendee" }),
    };
    const base = payloadFingerprint(stored);
    const ignored = Object.entries(variants).filter(([, payload]) => payloadFingerprint(payload) === base);
    expect(ignored.map(([field]) => field)).toEqual([]);
    // Every stored field is varied above, except the revision and the item id (see the two tests before): a field
    // added to the payload later fails here until it is part of the fingerprint and of this list.
    const fields = [
      ...Object.keys(stored).filter((k) => k !== "revision" && k !== "source"),
      ...Object.keys(stored.source)
        .filter((k) => k !== "itemId")
        .map((k) => `source.${k}`),
      ...Object.keys(stored.attendees[0] ?? {}).map((k) => `attendees.${k}`),
    ];
    expect(Object.keys(variants).sort()).toEqual(fields.sort());
  });

  test("a document key follows the file's identity, not Outlook's attachment id", () => {
    const a = { name: "Contract.pdf", size: 1200 };
    expect(documentKeyOf(a)).toMatch(/^d[0-9a-f]{12}$/);
    expect(documentKeyOf({ ...a, name: " contract.pdf " })).toBe(documentKeyOf(a));
    expect(documentKeyOf({ ...a, size: 1201 })).not.toBe(documentKeyOf(a));
  });
});
