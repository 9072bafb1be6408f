// The attachment decoder (src/interaction/base64.ts) against Node's Buffer: both decoders (atob in pages, the table
// where the runtime has no atob), sizes around slice boundaries, line-wrapped and URL-safe input, bad input, and that
// the chunked decoder really hands the event loop back between slices.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import {
  base64ToBytes,
  decodeBase64Chunked,
  defaultYield,
  DEFAULT_SLICE_CHARS,
  pieceDecoder,
} from "../../src/interaction/base64";

const decoders: [string, ReturnType<typeof pieceDecoder>][] = [
  ["atob", pieceDecoder(true)],
  ["table (no atob)", pieceDecoder(false)],
];

const same = (actual: Uint8Array, expected: Buffer) => {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.compare(Buffer.from(actual.buffer, actual.byteOffset, actual.length), expected)).toBe(0);
};

/** MIME-style line wrapping (76 characters, CRLF), which some mail stacks produce. */
const wrap = (b64: string, width = 76) => b64.replace(new RegExp(`(.{${width}})`, "g"), "$1\r\n");

describe.each(decoders)("decodeBase64Chunked with the %s decoder", (_name, decode) => {
  const run = (b64: string, yieldEvery = 16) => decodeBase64Chunked(b64, { yieldEvery, yieldTo: null }, decode);

  it("decodes what Buffer encoded, for any bytes and slice size, standard, URL-safe and line-wrapped", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 4, max: 64 }), async (arr, slice) => {
        const bytes = Buffer.from(arr);
        same(await run(bytes.toString("base64"), slice), bytes);
        same(await run(bytes.toString("base64url"), slice), bytes);
        same(await run(wrap(bytes.toString("base64"), 19), slice), bytes);
      }),
    );
  });

  it("is exact at every size around the default slice boundary", async () => {
    const sliceBytes = (DEFAULT_SLICE_CHARS / 4) * 3;
    for (const size of [
      sliceBytes - 2,
      sliceBytes - 1,
      sliceBytes,
      sliceBytes + 1,
      sliceBytes + 2,
      2 * sliceBytes + 1,
    ]) {
      const bytes = randomBytes(size);
      same(await decodeBase64Chunked(bytes.toString("base64"), { yieldTo: null }, decode), bytes);
      same(await decodeBase64Chunked(wrap(bytes.toString("base64")), { yieldTo: null }, decode), bytes);
    }
  });

  it("accepts padding present or missing, and whitespace around it", async () => {
    same(await run("QUI="), Buffer.from("AB"));
    same(await run("QUI"), Buffer.from("AB"));
    same(await run("QQ=="), Buffer.from("A"));
    same(await run(" QQ\n=\t= \n"), Buffer.from("A"));
    same(await run(""), Buffer.alloc(0));
  });

  it.each([
    ["a character outside both alphabets", "QUJD$EFG"],
    ["padding in the middle", "QQ==QUJD"],
    ["three padding characters", "QQ==="],
    ["a lone final character", "QUJDR"],
    ["non-Latin text", "QUJDé"],
    ["a character beyond Latin-1", "QUJD€"],
  ])("refuses %s with a clear error", async (_what, input) => {
    await expect(run(input, 4)).rejects.toThrow("The attachment content is not valid base64.");
  });
});

describe("base64ToBytes (synchronous)", () => {
  it("decodes across several slices", () => {
    const bytes = randomBytes(DEFAULT_SLICE_CHARS + 7);
    same(base64ToBytes(bytes.toString("base64")), bytes);
    expect(() => base64ToBytes("abc$")).toThrow(/not valid base64/);
  });
});

describe("decodeBase64Chunked gives the event loop a turn", () => {
  it("yields between slices of a 5 MB attachment and reports the bytes decoded", async () => {
    const bytes = randomBytes(5 * 1024 * 1024);
    let yields = 0;
    const progress: number[] = [];
    const out = await decodeBase64Chunked(bytes.toString("base64"), {
      yieldTo: async () => {
        yields++;
        await new Promise((r) => setTimeout(r, 0));
      },
      onProgress: (n) => progress.push(n),
    });
    same(out, bytes);
    expect(yields).toBeGreaterThan(1);
    expect(progress[progress.length - 1]).toBe(bytes.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it("lets a timer run in the middle of a decode (the pane can handle input and paint)", async () => {
    const bytes = randomBytes(3 * 1024 * 1024);
    let timerRan = false;
    let progressWhenTimerRan = -1;
    let decoded = 0;
    setTimeout(() => {
      timerRan = true;
      progressWhenTimerRan = decoded;
    }, 0);
    const out = await decodeBase64Chunked(bytes.toString("base64"), {
      yieldTo: () => new Promise((r) => setTimeout(r, 0)),
      onProgress: (n) => (decoded = n),
    });
    same(out, bytes);
    expect(timerRan).toBe(true);
    expect(progressWhenTimerRan).toBeLessThan(bytes.length);
  });

  it("does not yield where there is no page (the JavaScript-only event runtime)", () => {
    // jest's node environment has no document, like classic Outlook's event runtime.
    expect(defaultYield()).toBeNull();
  });

  it("prefers scheduler.yield, then MessageChannel, in a page (timers are throttled in hidden frames)", async () => {
    const g = globalThis as Record<string, unknown>;
    const saved = { document: g.document, scheduler: g.scheduler };
    try {
      g.document = {};
      let schedulerYields = 0;
      g.scheduler = { yield: () => (schedulerYields++, Promise.resolve()) };
      await defaultYield()!();
      expect(schedulerYields).toBe(1);
      delete g.scheduler;
      await expect(defaultYield()!()).resolves.toBeUndefined(); // Node has MessageChannel
    } finally {
      if (saved.document === undefined) delete g.document;
      else g.document = saved.document;
      if (saved.scheduler === undefined) delete g.scheduler;
      else g.scheduler = saved.scheduler;
    }
  });
});
