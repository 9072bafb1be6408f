// Bad input corpus, part 1 (what users and Outlook put into meetings): attachments. Through the REAL use-case,
// client and sandbox: what the user is told, and InterAction holds the documents Outlook holds.
import { createHash } from "node:crypto";
import type { AttachmentInfo } from "../../src/core/meeting";
import { messages } from "../../src/core/messages";
import { useReliabilitySandbox } from "../support/reliabilitySandbox";
import { addMeeting, NOW } from "./support";
const box = useReliabilitySandbox({ clock: NOW });

const ADDED = messages.add.added;

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
