// Generates the add-in's icons (assets/icon-<size>.png) as small, valid PNGs with no image library: a rounded
// InterAction-blue tile with a white "calendar sync" mark. Run once after changing the design:
//   node scripts/generate-icons.mjs
// The PNGs are committed, so builds and `npm run validate` never depend on this script.
import { writeFileSync, mkdirSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, "..", "assets");
const SIZES = [16, 20, 24, 32, 40, 48, 64, 80, 128];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

function pixel(x, y, s) {
  // Coordinates in [0, 1).
  const u = (x + 0.5) / s;
  const v = (y + 0.5) / s;
  const r = 0.18;
  const cx = Math.min(Math.max(u, r), 1 - r);
  const cy = Math.min(Math.max(v, r), 1 - r);
  const inside = (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
  if (!inside) return [0, 0, 0, 0];
  const blue = [0, 90, 158, 255];
  const white = [255, 255, 255, 255];
  // Calendar sheet: white frame with a header bar, and a check mark inside.
  const inFrame = u > 0.22 && u < 0.78 && v > 0.24 && v < 0.78;
  const header = inFrame && v < 0.36;
  const border = inFrame && (u < 0.28 || u > 0.72 || v > 0.72);
  const check =
    (Math.abs(v - (0.55 + (u - 0.36))) < 0.05 && u >= 0.34 && u <= 0.46) ||
    (Math.abs(v - (0.66 - (u - 0.46))) < 0.05 && u >= 0.46 && u <= 0.66);
  return header || border || (inFrame && check) ? white : blue;
}

function png(size) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const p = pixel(x, y, size);
      raw.set(p, y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

mkdirSync(out, { recursive: true });
for (const size of SIZES) writeFileSync(path.join(out, `icon-${size}.png`), png(size));
// The unified manifest needs a 192x192 colour icon and a 32x32 outline (white on transparent) icon.
writeFileSync(path.join(out, "icon-192.png"), png(192));
console.log(`Wrote ${SIZES.length + 1} icons to ${out}`);
