import { describe, expect, test } from "@jest/globals";
import { fit, MAX_NOTICE_LENGTH, messages } from "../../src/core/messages";

const long = "x".repeat(400);

/** Every message, with absurdly long arguments where it takes any. */
const allMessages = (value: unknown, text = long): string[] => {
  if (typeof value === "string") return [value];
  if (typeof value === "function") {
    const args = Array.from({ length: value.length }, (_, i) => (i === value.length - 1 && i > 0 ? 3 : text));
    return [String((value as (...a: unknown[]) => unknown)(...args))];
  }
  if (value && typeof value === "object") return Object.values(value).flatMap((v) => allMessages(v, text));
  return [];
};

describe("user-facing messages", () => {
  test("every message fits Outlook's 150-character notification limit, whatever it quotes", () => {
    // adminConsent takes a list of permissions (a rest parameter, so allMessages passes it none): quote two long ones.
    const all = [...allMessages(messages), messages.signIn.adminConsent(long, long)];
    expect(all.length).toBeGreaterThan(30);
    for (const m of all) expect(m.length).toBeLessThanOrEqual(MAX_NOTICE_LENGTH);
  });

  test("fit shortens with an ellipsis and leaves short text alone", () => {
    expect(fit("short")).toBe("short");
    const cut = fit(long);
    expect(cut).toHaveLength(150);
    expect(cut.endsWith("…")).toBe(true);
  });

  test("messages are sentences a user can read", () => {
    const examples = [
      ...allMessages(messages).filter((m) => !m.includes("x".repeat(20))),
      messages.add.documentsUploaded(2),
      messages.pending.queuedBecause("InterAction is busy"),
      messages.lifecycle.frozen("2026-12-10T11:00:00.000Z"),
      messages.lifecycle.activity("2026-12-10T11:00:00.000Z"),
      messages.failure.parked("Only the organizer's changes count."),
      messages.failure.attachmentUnreadable("Contract.pdf"),
      messages.autoAdd.becauseCompany("carol@acme.example", "Acme Corporation", "Top Client", 0),
      messages.autoAdd.becauseContact("vip@example.org", "Top Client", 2),
      messages.history.meeting("update", 3, "delivered"),
      messages.history.document("Contract.pdf", "failed", "Too large."),
    ];
    for (const m of examples) expect(m).toMatch(/^[A-Z0-9"].*[.…)]$/s);
  });
});
