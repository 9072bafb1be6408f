// Bad input corpus, part 1 (what users and Outlook put into meetings): subjects, locations and notes. Each case goes
// through the REAL use-case, client and sandbox; each checks what the user is told (the exact sentence), that nothing
// crashed or hung, and that InterAction holds what Outlook holds (nothing lost, nothing invented).
import { messages } from "../../src/core/messages";
import { useReliabilitySandbox } from "../support/reliabilitySandbox";
import { addMeeting, NOW } from "./support";
const box = useReliabilitySandbox({ clock: NOW });

const ADDED = messages.add.added;

describe("subjects, locations and notes", () => {
  test.each([
    ["a Chinese and German subject", "季度审查 – Übernahmegespräch"],
    ["a right-to-left Arabic subject", "مراجعة الربع الثالث مع أكمي"],
    ["a Hebrew subject with bidi marks", "\u202Bפגישת לקוח\u202C Q3"],
    ["an emoji subject with ZWJ sequences", "🚀 Launch 👩‍👩‍👧‍👦 review 🇨🇭"],
    ["a subject with combining characters (NFD)", "Cafe\u0301 re\u0301sume\u0301"],
    ["a subject with zero-width characters inside", "Acme\u200B\u200Dreview"],
  ])("%s is stored exactly and the user is told it was added", async (_name, subject) => {
    const r = await addMeeting(box, { subject });
    expect(r.outcome.status).toBe("synced");
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.row?.subject).toBe(subject);
  });

  test("an empty subject is added as empty, not refused", async () => {
    const r = await addMeeting(box, { subject: "" });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.row?.subject).toBe("");
  });

  test("a byte-order mark or stray whitespace around the subject is trimmed", async () => {
    const r = await addMeeting(box, { subject: "\uFEFF  Acme review \u00A0" });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.row?.subject).toBe("Acme review");
  });

  test("a whitespace-only subject is added as empty", async () => {
    const r = await addMeeting(box, { subject: " \t\n  " });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.row?.subject).toBe("");
  });

  test("a 5,000-character subject is kept to InterAction's 1,000 characters, and the user is told", async () => {
    const r = await addMeeting(box, { subject: "S".repeat(5000) });
    expect(r.notifier.last?.message).toBe(
      "Added to InterAction. The subject was shortened to 1,000 characters for InterAction.",
    );
    expect(r.row?.subject).toBe("S".repeat(1000));
  });

  test("HTML and script in the notes are stored as plain text, verbatim", async () => {
    const notes = `<script>alert(document.cookie)</script>\n<img src=x onerror="fetch('https://evil.example')">\n<b>Agenda</b>`;
    const r = await addMeeting(box, { notes });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.row?.notes).toBe(notes);
  });

  test("script in the subject and location is stored as text", async () => {
    const r = await addMeeting(box, { subject: "<script>x()</script>", location: `"><svg onload=alert(1)>` });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect([r.row?.subject, r.row?.location]).toEqual(["<script>x()</script>", `"><svg onload=alert(1)>`]);
  });

  test("control characters in the notes do not break the request", async () => {
    const notes = "tab\there\u0007bell\u001bescape\u0000nul";
    const r = await addMeeting(box, { notes });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.row?.notes).toBe(notes);
  });

  test("a lone surrogate (a half emoji cut by another client) does not break the request", async () => {
    const r = await addMeeting(box, { subject: "Review \uD83D end" });
    expect(r.outcome.status).toBe("synced");
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.row?.subject.startsWith("Review ")).toBe(true);
  });

  test("300,000 characters of notes are kept to InterAction's 200,000", async () => {
    const r = await addMeeting(box, { notes: "n".repeat(300_000) });
    expect(r.notifier.last?.message).toBe(
      "Added to InterAction. The notes were shortened to 200,000 characters for InterAction.",
    );
    expect(r.row?.notes.length).toBe(200_000);
  });

  test("Windows line endings in the notes are stored as plain newlines", async () => {
    const r = await addMeeting(box, { notes: "line one\r\nline two\r\n" });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.row?.notes).toBe("line one\nline two");
  });

  test("a location with an emoji and a line break is stored on one line", async () => {
    const r = await addMeeting(box, { location: "Zürich 🏔\nRoom 4" });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.row?.location).toBe("Zürich 🏔 Room 4");
  });
});
