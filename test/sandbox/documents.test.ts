// Contract tests: meeting documents (Outlook attachments) go to InterAction byte for byte.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createInterActionApi } from "../../src/interaction";
import { DAY, meeting, newSyncKey, startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function pseudoRandomBytes(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe("documents of a meeting", () => {
  it("round-trips an attachment: the stored sha256 and the downloaded bytes match what was sent", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    await alice.upsertMeeting(key, meeting());
    const bytes = pseudoRandomBytes(300_000);
    const name = "Q3 Term Sheet – draft (ü).pdf";
    const { document, created } = await alice.uploadDocument(key, "att-1", {
      name,
      contentType: "application/pdf",
      bytes,
    });
    expect(created).toBe(true);
    expect(document).toMatchObject({ documentKey: "att-1", name, size: bytes.length, contentType: "application/pdf" });
    expect(document.sha256).toBe(sha256(bytes));

    const content = await alice.documentContent(document.id);
    expect(content.contentType).toBe("application/pdf");
    expect(sha256(content.bytes)).toBe(document.sha256);
    expect((await alice.getMeeting(key))?.record.documents).toEqual([document]);

    const raw = await h.fetch(`${h.sandbox.url}/api/v1/documents/${document.id}/content`, {
      headers: { Authorization: `Bearer ${await h.tokenFor("alice@firm.example")}` },
    });
    expect(raw.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
  });

  it("uploading the same document key again replaces the document instead of adding another", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    await alice.upsertMeeting(key, meeting());
    const v1 = await alice.uploadDocument(key, "att-1", {
      name: "a.txt",
      contentType: "text/plain",
      bytes: new TextEncoder().encode("one"),
    });
    const same = await alice.uploadDocument(key, "att-1", {
      name: "a.txt",
      contentType: "text/plain",
      bytes: new TextEncoder().encode("one"),
    });
    expect(same).toEqual({ document: v1.document, created: false });
    const v2 = await alice.uploadDocument(key, "att-1", {
      name: "a.txt",
      contentType: "text/plain",
      bytes: new TextEncoder().encode("two"),
    });
    expect(v2.document.id).toBe(v1.document.id);
    expect(v2.document.sha256).toBe(sha256(new TextEncoder().encode("two")));
    const docs = (await alice.getMeeting(key))?.record.documents ?? [];
    expect(docs).toHaveLength(1);
  });

  it("the InterActionApi port uploads base64 content from Outlook", async () => {
    const api = createInterActionApi(h.clientFor("alice@firm.example"));
    const key = newSyncKey();
    await api.upsertMeeting(key, meeting(), `${key}:r1`);
    const text = "Minutes of the meeting ✓";
    const doc = await api.uploadDocument(key, "att-9", {
      name: "minutes.txt",
      contentType: "text/plain",
      base64: Buffer.from(text, "utf8").toString("base64"),
    });
    expect(doc.sha256).toBe(sha256(Buffer.from(text, "utf8")));
    expect(doc).not.toHaveProperty("colleagues");
  });

  it("accepts 30 MB and refuses anything larger with 413 (not retryable)", async () => {
    const alice = h.clientFor("alice@firm.example", { timeoutMs: 60000 });
    const key = newSyncKey();
    await alice.upsertMeeting(key, meeting());
    const limit = 30 * 1024 * 1024;
    const exact = await alice.uploadDocument(key, "big", {
      name: "big.bin",
      contentType: "application/octet-stream",
      bytes: new Uint8Array(limit),
    });
    expect(exact.document.size).toBe(limit);
    await expect(
      alice.uploadDocument(key, "too-big", {
        name: "too-big.bin",
        contentType: "application/octet-stream",
        bytes: new Uint8Array(limit + 1),
      }),
    ).rejects.toMatchObject({ code: "tooLarge", status: 413, retryable: false });
  }, 60000);

  it("refuses documents for unknown (404), someone else's (403) and frozen (409) meetings", async () => {
    const alice = h.clientFor("alice@firm.example");
    const dana = h.clientFor("dana@firm.example");
    const file = { name: "x.txt", contentType: "text/plain", bytes: new Uint8Array([1, 2, 3]) };
    await expect(alice.uploadDocument(newSyncKey(), "a", file)).rejects.toMatchObject({ status: 404 });
    const key = newSyncKey();
    const { record } = await alice.upsertMeeting(key, meeting());
    await expect(dana.uploadDocument(key, "a", file)).rejects.toMatchObject({ status: 403 });
    const doc = await alice.uploadDocument(key, "a", file);
    await expect(dana.documentContent(doc.document.id)).rejects.toMatchObject({ status: 403 });
    await expect(alice.documentContent("d-nope")).rejects.toMatchObject({ status: 404 });
    await h.setClock(new Date(Date.parse(record.end) + 15 * DAY));
    try {
      await expect(alice.uploadDocument(key, "b", file)).rejects.toMatchObject({ code: "frozen", status: 409 });
    } finally {
      await h.setClock(null);
    }
  });

  it("needs a file name (400 naming the header)", async () => {
    const token = await h.tokenFor("alice@firm.example");
    const key = newSyncKey();
    await h.clientFor("alice@firm.example").upsertMeeting(key, meeting());
    const response = await h.fetch(`${h.sandbox.url}/api/v1/meetings/${key}/documents/a`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "text/plain" },
      body: "hello",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "invalid", details: [{ field: "header.x-file-name" }] });
    const badName = await h.fetch(`${h.sandbox.url}/api/v1/meetings/${key}/documents/a`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "text/plain", "X-File-Name": "%E2%28" },
      body: "hello",
    });
    expect(badName.status).toBe(400);
  });
});
