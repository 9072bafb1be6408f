// Base64 -> bytes without atob or Buffer (Outlook's event runtime guarantees neither). Accepts standard and URL-safe
// alphabets, ignores whitespace and padding.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const LOOKUP: Record<string, number> = {};
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charAt(i)] = i;
LOOKUP["-"] = 62;
LOOKUP["_"] = 63;

export function base64ToBytes(base64: string): Uint8Array {
  const clean = base64.replace(/[\s=]/g, "");
  if (clean.length % 4 === 1) throw new Error("The attachment content is not valid base64.");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let j = 0;
  for (let i = 0; i < clean.length; i++) {
    const value = LOOKUP[clean.charAt(i)];
    if (value === undefined) throw new Error("The attachment content is not valid base64.");
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}
