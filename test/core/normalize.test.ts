import { describe, expect, test } from "@jest/globals";
import {
  dedupeAttendees,
  emailDomain,
  isFirmAddress,
  normalizeEmail,
  normalizeNotes,
  normalizeSnapshot,
} from "../../src/core/normalize";
import { meetingSnapshot } from "../support/fakes";

describe("normalizing what Outlook gives us", () => {
  test("e-mail addresses are trimmed and lower-cased", () => {
    expect(normalizeEmail("  Carol@ACME.Example ")).toBe("carol@acme.example");
    expect(emailDomain("Carol@ACME.Example")).toBe("acme.example");
    expect(emailDomain("no-at-sign")).toBe("");
  });

  test("firm addresses are recognised by domain and subdomain, not by lookalikes", () => {
    expect(isFirmAddress("bob@firm.example", ["firm.example"])).toBe(true);
    expect(isFirmAddress("bob@London.Firm.Example", ["firm.example"])).toBe(true);
    expect(isFirmAddress("mallory@notfirm.example", ["firm.example"])).toBe(false);
    expect(isFirmAddress("bob@firm.example", [])).toBe(false);
    expect(isFirmAddress("", ["firm.example"])).toBe(false);
  });

  test("the same attendee listed twice is kept once, with the stronger role and the known response", () => {
    const merged = dedupeAttendees([
      { email: "Carol@acme.example", name: "carol@acme.example", type: "optional", response: "none" },
      { email: "carol@ACME.example ", name: " Carol  Jones ", type: "required", response: "accepted" },
      { email: "", name: "Nameless", type: "required", response: "none" },
    ]);
    expect(merged).toEqual([
      { email: "carol@acme.example", name: "Carol Jones", type: "required", response: "accepted" },
    ]);
  });

  test("notes keep their text but lose platform line endings and trailing blanks", () => {
    expect(normalizeNotes("Agenda:\r\n- results   \r\n\r\n")).toBe("Agenda:\n- results");
  });

  test("a snapshot is normalized as a whole: trimmed text, canonical instants, deduplicated attachments", () => {
    const s = normalizeSnapshot(
      meetingSnapshot({
        subject: "  Acme   review ",
        start: "2026-11-26T11:00:00+01:00",
        organizer: { email: "ALICE@firm.example", name: "Alice" },
        attachments: [
          { id: "a1", name: "x.pdf", size: 1, contentType: "application/pdf", isInline: false, kind: "file" },
          { id: "a1", name: "x.pdf", size: 1, contentType: "application/pdf", isInline: false, kind: "file" },
        ],
      }),
    );
    expect(s.subject).toBe("Acme review");
    expect(s.start).toBe("2026-11-26T10:00:00.000Z");
    expect(s.organizer.email).toBe("alice@firm.example");
    expect(s.attachments).toHaveLength(1);
  });
});
