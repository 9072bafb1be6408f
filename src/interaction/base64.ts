// Base64 -> bytes for document uploads. Outlook hands an attachment over as one base64 string (a 25 MB file is 33 MB
// of text), and one synchronous pass over it blocked the task pane for hundreds of milliseconds per file. So the
// decoder works in slices of the text on 4-character boundaries and, in page runtimes, gives the event loop a turn
// between slices. It uses atob where the runtime has it (pages) and a table decoder where it does not (classic
// Outlook's JavaScript-only event runtime guarantees neither atob nor Buffer).
//
// Accepted: the standard and URL-safe alphabets, whitespace anywhere (line-wrapped base64), and up to two "=" at the
// end, present or not. Anything else is refused with one clear error.

const INVALID = "The attachment content is not valid base64.";
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const NOT_BASE64 = 255;
/** Character code (< 128) -> 6-bit value, NOT_BASE64 for anything else. */
const CODES = new Uint8Array(128).fill(NOT_BASE64);
for (let i = 0; i < ALPHABET.length; i++) CODES[ALPHABET.charCodeAt(i)] = i;
CODES["-".charCodeAt(0)] = 62;
CODES["_".charCodeAt(0)] = 63;

/** Base64 characters per slice: ~384 KB of bytes, a few milliseconds of work even on a slow machine. */
export const DEFAULT_SLICE_CHARS = 512 * 1024;

const WHITESPACE = /\s/;
const WHITESPACE_ALL = /\s+/g;
const URL_SAFE = /[-_]/;

export interface DecodeOptions {
  /** Base64 characters decoded between two yields (rounded down to a multiple of 4, at least 4). */
  yieldEvery?: number;
  /**
   * Gives the event loop a turn between slices. Defaults to `defaultYield()`: a real yield in page runtimes, none in
   * the JavaScript-only runtime (there is no UI to keep responsive there). Tests pass a counting function.
   */
  yieldTo?: (() => Promise<void>) | null;
  /** Called after every slice with the number of bytes decoded so far. */
  onProgress?: (decodedBytes: number) => void;
}

type Scheduler = { yield?: () => Promise<void> };

/**
 * A yield that lets input and rendering run, or null where there is no page to keep responsive. scheduler.yield and
 * MessageChannel come before setTimeout because Chromium throttles timers in hidden cross-origin frames (where Outlook
 * on the web runs event handlers) to about one per second, which would stretch 70 slices into a minute.
 */
export function defaultYield(): (() => Promise<void>) | null {
  const g = globalThis as { document?: unknown; scheduler?: Scheduler; MessageChannel?: typeof MessageChannel };
  if (typeof g.document === "undefined") return null;
  const scheduler = g.scheduler;
  if (scheduler && typeof scheduler.yield === "function") return () => scheduler.yield!.call(scheduler);
  if (typeof g.MessageChannel === "function") {
    const Channel = g.MessageChannel;
    return () =>
      new Promise<void>((resolve) => {
        const channel = new Channel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          resolve();
        };
        channel.port2.postMessage(null);
      });
  }
  return () => new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** The end of the data: the text without trailing whitespace and up to two "=" of padding. */
function dataEnd(base64: string): number {
  let end = base64.length;
  let padding = 0;
  while (end > 0) {
    const c = base64.charAt(end - 1);
    if (c === "=") {
      if (++padding > 2) throw new Error(INVALID);
    } else if (!WHITESPACE.test(c)) break;
    end--;
  }
  return end;
}

/** Decodes `piece` (no whitespace, no padding; length % 4 !== 1) into `out` at `at`; returns the new offset. */
type PieceDecoder = (piece: string, out: Uint8Array, at: number) => number;

const tableDecoder: PieceDecoder = (piece, out, at) => {
  let j = at;
  const n = piece.length;
  const value = (i: number): number => {
    const code = piece.charCodeAt(i);
    const v = code < 128 ? CODES[code]! : NOT_BASE64;
    if (v === NOT_BASE64) throw new Error(INVALID);
    return v;
  };
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const word = (value(i) << 18) | (value(i + 1) << 12) | (value(i + 2) << 6) | value(i + 3);
    out[j++] = word >> 16;
    out[j++] = (word >> 8) & 0xff;
    out[j++] = word & 0xff;
  }
  if (n - i >= 2) {
    const word = (value(i) << 18) | (value(i + 1) << 12) | (n - i === 3 ? value(i + 2) << 6 : 0);
    out[j++] = word >> 16;
    if (n - i === 3) out[j++] = (word >> 8) & 0xff;
  }
  return j;
};

const atobDecoder =
  (atob: (s: string) => string): PieceDecoder =>
  (piece, out, at) => {
    if (piece.indexOf("=") >= 0) throw new Error(INVALID); // atob would take padding in the middle
    const standard = URL_SAFE.test(piece) ? piece.replace(/-/g, "+").replace(/_/g, "/") : piece;
    let binary: string;
    try {
      binary = atob(standard);
    } catch {
      throw new Error(INVALID);
    }
    let j = at;
    for (let k = 0; k < binary.length; k++) out[j++] = binary.charCodeAt(k);
    return j;
  };

/** The runtime's atob decoder when it has one, else the table decoder. Exported so tests can force the fallback. */
export function pieceDecoder(useAtob = typeof atob === "function"): PieceDecoder {
  return useAtob ? atobDecoder(atob) : tableDecoder;
}

/**
 * The slices of a decode, as a generator so the synchronous and the yielding decoders share one implementation:
 * each step decodes one slice into the returned buffer.
 */
function* slices(base64: string, sliceChars: number, decode: PieceDecoder): Generator<number, Uint8Array> {
  const end = dataEnd(base64);
  // Exact without whitespace; an upper bound with it (the result is then a view of the written part).
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let j = 0;
  let carry = ""; // fewer than 4 characters left over from the previous slice
  for (let pos = 0; pos < end;) {
    const next = Math.min(end, pos + sliceChars);
    let piece = base64.slice(pos, next);
    pos = next;
    if (WHITESPACE.test(piece)) piece = piece.replace(WHITESPACE_ALL, "");
    if (carry) piece = carry + piece;
    const last = pos >= end;
    const cut = last ? piece.length : piece.length - (piece.length % 4);
    carry = piece.slice(cut);
    if (last && cut % 4 === 1) throw new Error(INVALID);
    j = decode(cut === piece.length ? piece : piece.slice(0, cut), out, j);
    if (!last) yield j;
  }
  return j === out.length ? out : out.subarray(0, j);
}

const sliceSize = (chars: number | undefined): number =>
  Math.max(4, Math.floor((chars ?? DEFAULT_SLICE_CHARS) / 4) * 4);

/** Decodes in one go (no yields): for small content and callers that cannot wait. */
export function base64ToBytes(base64: string): Uint8Array {
  const steps = slices(base64, sliceSize(undefined), pieceDecoder());
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Decodes slice by slice, yielding between slices (see DecodeOptions.yieldTo), so a large attachment never blocks the
 * page it runs in for longer than one slice.
 */
export async function decodeBase64Chunked(
  base64: string,
  options: DecodeOptions = {},
  decode: PieceDecoder = pieceDecoder(),
): Promise<Uint8Array> {
  const yieldTo = options.yieldTo === undefined ? defaultYield() : options.yieldTo;
  const steps = slices(base64, sliceSize(options.yieldEvery), decode);
  for (;;) {
    const step = steps.next();
    if (step.done) {
      options.onProgress?.(step.value.length);
      return step.value;
    }
    options.onProgress?.(step.value);
    if (yieldTo) await yieldTo();
  }
}
