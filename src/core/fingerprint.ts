// Change detection: a stable hash of exactly what InterAction stores. Equal fingerprints mean "nothing InterAction
// cares about changed", so an event that only touched, say, a reminder never causes a write.
// FNV-1a 64 is computed on 16-bit limbs with plain Number arithmetic: no BigInt, no crypto API, so it runs the same in
// the ES2016 event runtime, the browser and Node.
import { canonicalJson } from "./canonicalJson";
import type { MeetingPayload } from "./operations";

export { canonicalJson } from "./canonicalJson";

/** UTF-8 bytes of a string (no TextEncoder: not every Outlook runtime has it). */
const utf8 = (text: string): number[] => {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return bytes;
};

const hex4 = (n: number): string => n.toString(16).padStart(4, "0");

/** FNV-1a 64-bit of the UTF-8 bytes of `text`, as 16 lower-case hex digits. */
export const fnv1a64 = (text: string): string => {
  // Offset basis 0xcbf29ce484222325, least significant limb first.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (const byte of utf8(text)) {
    h0 ^= byte;
    // Multiply by the prime 0x100000001b3 = 2^40 + 0x1b3, modulo 2^64.
    const t0 = h0 * 0x1b3;
    let t1 = h1 * 0x1b3;
    let t2 = h2 * 0x1b3 + (h0 << 8);
    let t3 = h3 * 0x1b3 + (h1 << 8);
    t1 += t0 >>> 16;
    t2 += t1 >>> 16;
    t3 += t2 >>> 16;
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return hex4(h3) + hex4(h2) + hex4(h1) + hex4(h0);
};

/**
 * The fingerprint of a payload: every stored field except the revision (which counts changes, it is not one) and the
 * Outlook item id. Attendees are compared as a set.
 *
 * The item id is deliberately left out, so a new id alone (a sent draft saved for the first time, a move to another
 * folder) never causes a write. InterAction identifies the meeting by its sync key and keeps the id only as a hint
 * it never answers back; the id differs per mailbox and changes on every move, so writing for it would spend a
 * revision, a request and a "Updated" notice on nothing a user can see. It travels with the next change of a stored
 * field instead (test/core/planChanges.test.ts: "gets its item id").
 */
export const payloadFingerprint = (payload: MeetingPayload): string => {
  const { revision: _revision, source, attendees, ...rest } = payload;
  const sorted = [...attendees].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  return fnv1a64(
    canonicalJson({
      ...rest,
      source: { organizerEmail: source.organizerEmail, addedBy: source.addedBy },
      attendees: sorted,
    }),
  );
};

/**
 * The InterAction document key of an attachment: stable for the same file identity (name and size, not Outlook's id,
 * which changes when a new meeting is first saved), so a re-upload replaces and never duplicates.
 */
export const documentKeyOf = (attachment: { name: string; size: number }): string =>
  `d${fnv1a64(`${attachment.name.trim().toLowerCase()}\u0000${attachment.size}`).slice(0, 12)}`;
