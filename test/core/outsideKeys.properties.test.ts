// Keys that come from outside (attendee addresses from Outlook, document keys in InterAction's answers) are looked up
// in maps the core holds as plain objects: only own entries may count, whatever the key is called. fast-check prints
// the seed and path of a failure; replay with FC_SEED/FC_PATH (test/support/setup.ts).
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { applyMeetingRecord } from "../../src/core/delivery";
import { findAutoAddMatches } from "../../src/core/rules";
import { initialSyncState, type SyncState } from "../../src/core/syncState";
import { demoDirectory, demoSettings, meetingSnapshot } from "../support/fakes";
import { meetingRecord } from "../support/meetingRecords";

const OBJECT_MEMBERS = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf"];
const outsideKey = fc.oneof(fc.constantFrom(...OBJECT_MEMBERS), fc.string({ maxLength: 12 }));
const now = new Date("2026-11-25T09:00:00.000Z");

describe("outside keys in the core's maps", () => {
  test("an attendee whose address is named like an Object member is no contact and matches no rule", () => {
    fc.assert(
      fc.property(fc.array(outsideKey, { minLength: 1, maxLength: 4 }), (emails) => {
        const snapshot = meetingSnapshot({
          attendees: emails.map((email) => ({
            email,
            name: email,
            type: "required" as const,
            response: "none" as const,
          })),
        });
        const directory = demoDirectory();
        const known = new Set(Object.keys(directory.contacts));
        const matches = findAutoAddMatches(snapshot, demoSettings(), directory);
        for (const m of matches) expect(known.has(m.email.trim().toLowerCase())).toBe(true);
      }),
    );
  });

  test("InterAction confirming documents the item never planned records none of them as delivered", () => {
    fc.assert(
      fc.property(fc.array(outsideKey, { maxLength: 4 }), (keys) => {
        const state: SyncState = { ...initialSyncState(), syncKey: "k", revision: 1, documents: { d1: "d1" } };
        const record = meetingRecord({
          revision: 1,
          documents: keys.map((documentKey, i) => ({
            id: `doc${i}`,
            documentKey,
            name: "x.pdf",
            size: 1,
            sha256: "0",
            contentType: "application/pdf",
          })),
          updatedAt: now.toISOString(),
        });
        const delivered = applyMeetingRecord(state, record, now).deliveredDocuments ?? [];
        expect(delivered.filter((k) => k !== "d1")).toEqual([]);
      }),
    );
  });
});
