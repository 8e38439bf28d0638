// A small QR code encoder for the share link (ISO/IEC 18004): byte mode, error correction L or M,
// versions 1–6 (up to 134 bytes at L), the mask chosen by the standard's penalty rules. Pure apart
// from drawQr(), which paints a canvas. Enough for a room URL; not a general QR library.

const EC_LEVELS = {
  // per version 1..6: [ec codewords per block, number of blocks]; format bits L=01, M=00
  L: { bits: 1, blocks: [[7, 1], [10, 1], [15, 1], [20, 1], [26, 1], [18, 2]] },
  M: { bits: 0, blocks: [[10, 1], [16, 1], [26, 1], [18, 2], [24, 2], [16, 4]] },
};
/** Total codewords per version 1..6. */
const TOTAL = [26, 44, 70, 100, 134, 172];
const REMAINDER_BITS = [0, 7, 7, 7, 7, 7];
export const MAX_VERSION = 6;

// ---- GF(256) with the QR polynomial x^8+x^4+x^3+x^2+1 and Reed–Solomon ------------------------

function gfMul(a, b) {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((b >>> i) & 1) * a;
  }
  return z & 0xff;
}

function rsDivisor(degree) {
  const d = new Array(degree).fill(0);
  d[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      d[j] = gfMul(d[j], root);
      if (j + 1 < degree) d[j] ^= d[j + 1];
    }
    root = gfMul(root, 2);
  }
  return d;
}

/** The `degree` error correction codewords of `data` (array of bytes). */
export function reedSolomon(data, degree) {
  const div = rsDivisor(degree);
  const out = new Array(degree).fill(0);
  for (const b of data) {
    const factor = b ^ out.shift();
    out.push(0);
    for (let i = 0; i < degree; i++) out[i] ^= gfMul(div[i], factor);
  }
  return out;
}

/** The 15 format bits (with BCH and the fixed XOR mask) for level `ecl` ('L'|'M') and mask 0..7. */
export function formatBits(ecl, mask) {
  const data = (EC_LEVELS[ecl].bits << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

/** Data codewords (before error correction) of `version` at `ecl`. */
export function dataCapacity(version, ecl) {
  const [ec, blocks] = EC_LEVELS[ecl].blocks[version - 1];
  return TOTAL[version - 1] - ec * blocks;
}

// ---- codewords --------------------------------------------------------------------------------

function dataCodewords(bytes, version, ecl) {
  const cap = dataCapacity(version, ecl);
  const bits = [];
  const put = (v, n) => { for (let i = n - 1; i >= 0; i--) bits.push((v >>> i) & 1); };
  put(0b0100, 4); // byte mode
  put(bytes.length, 8); // character count: 8 bits in versions 1–9
  for (const b of bytes) put(b, 8);
  put(0, Math.min(4, cap * 8 - bits.length)); // terminator
  while (bits.length % 8) bits.push(0);
  const out = [];
  for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  for (let pad = 0xec; out.length < cap; pad ^= 0xec ^ 0x11) out.push(pad);
  return out;
}

/** Splits into blocks (short blocks first), adds error correction, interleaves. */
export function finalCodewords(data, version, ecl) {
  const [ec, blocks] = EC_LEVELS[ecl].blocks[version - 1];
  const total = TOTAL[version - 1];
  const shortLen = Math.floor(total / blocks) - ec; // data codewords of a short block
  const longBlocks = total % blocks;
  const parts = [];
  let k = 0;
  for (let b = 0; b < blocks; b++) {
    const len = shortLen + (b >= blocks - longBlocks ? 1 : 0);
    const d = data.slice(k, k + len);
    k += len;
    parts.push({ d, e: reedSolomon(d, ec) });
  }
  const out = [];
  for (let i = 0; i <= shortLen; i++) for (const p of parts) if (i < p.d.length) out.push(p.d[i]);
  for (let i = 0; i < ec; i++) for (const p of parts) out.push(p.e[i]);
  return out;
}

// ---- the matrix -------------------------------------------------------------------------------

function grid(size, v) {
  return Array.from({ length: size }, () => new Array(size).fill(v));
}

function functionPatterns(version) {
  const size = 17 + 4 * version;
  const m = grid(size, false);
  const fn = grid(size, false);
  const set = (x, y, dark) => { m[y][x] = dark; fn[y][x] = true; };
  for (let i = 0; i < size; i++) { // timing
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]]) { // finders with separators
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x < 0 || y < 0 || x >= size || y >= size) continue;
        const d = Math.max(Math.abs(dx), Math.abs(dy));
        set(x, y, d !== 2 && d !== 4);
      }
    }
  }
  if (version >= 2) { // versions 2–6 have one alignment pattern, at (size−7, size−7)
    const c = size - 7;
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) set(c + dx, c + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
  }
  drawFormat(m, fn, 0); // reserve the format areas (and the dark module)
  return { size, m, fn };
}

function drawFormat(m, fn, bits) {
  const size = m.length;
  const set = (x, y, dark) => { m[y][x] = dark; if (fn) fn[y][x] = true; };
  const bit = (i) => ((bits >>> i) & 1) === 1;
  for (let i = 0; i <= 5; i++) set(8, i, bit(i));
  set(8, 7, bit(6));
  set(8, 8, bit(7));
  set(7, 8, bit(8));
  for (let i = 9; i < 15; i++) set(14 - i, 8, bit(i));
  for (let i = 0; i < 8; i++) set(size - 1 - i, 8, bit(i));
  for (let i = 8; i < 15; i++) set(8, size - 15 + i, bit(i));
  set(8, size - 8, true); // the dark module
}

/** Visits the data modules in placement order (two-column zigzag from the bottom right). */
export function forEachDataModule(fn, visit) {
  const size = fn.length;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const y = upward ? size - 1 - vert : vert;
        if (!fn[y][x]) visit(x, y);
      }
    }
  }
}

export const MASKS = [
  (x, y) => (x + y) % 2 === 0,
  (x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

function penalty(m) {
  const size = m.length;
  let score = 0;
  const lines = [];
  for (let i = 0; i < size; i++) {
    lines.push(m[i]);
    lines.push(m.map((row) => row[i]));
  }
  for (const line of lines) {
    // N1: runs of five or more
    let run = 1;
    for (let i = 1; i <= size; i++) {
      if (i < size && line[i] === line[i - 1]) run++;
      else {
        if (run >= 5) score += run - 2;
        run = 1;
      }
    }
    // N3: 1:1:3:1:1 finder-like patterns with four light modules on one side
    const s = line.map((d) => (d ? '1' : '0')).join('');
    for (const pat of ['10111010000', '00001011101']) {
      for (let i = s.indexOf(pat); i >= 0; i = s.indexOf(pat, i + 1)) score += 40;
    }
  }
  // N2: 2×2 blocks of one colour
  for (let y = 0; y < size - 1; y++) {
    for (let x = 0; x < size - 1; x++) {
      const c = m[y][x];
      if (c === m[y][x + 1] && c === m[y + 1][x] && c === m[y + 1][x + 1]) score += 3;
    }
  }
  // N4: balance of dark and light
  let dark = 0;
  for (const row of m) for (const d of row) if (d) dark++;
  const k = Math.ceil(Math.abs(dark * 20 - size * size * 10) / (size * size)) - 1;
  return score + Math.max(0, k) * 10;
}

/**
 * Encodes `text` (UTF-8, byte mode) at the smallest version 1–6 that holds it.
 * @returns {{version: number, ecl: string, mask: number, size: number, modules: boolean[][]}}
 * @throws RangeError when it does not fit in version 6
 */
export function encodeQr(text, { ecl = 'M', mask: forcedMask = -1 } = {}) {
  if (!EC_LEVELS[ecl]) throw new RangeError(`unsupported error correction level ${ecl}`);
  const bytes = [...new TextEncoder().encode(text)];
  let version = 1;
  while (version <= MAX_VERSION && 12 + bytes.length * 8 > dataCapacity(version, ecl) * 8) version++;
  if (version > MAX_VERSION) throw new RangeError(`${bytes.length} bytes do not fit in a version ${MAX_VERSION}-${ecl} QR code`);
  const codewords = finalCodewords(dataCodewords(bytes, version, ecl), version, ecl);
  const { size, m, fn } = functionPatterns(version);
  let i = 0;
  const nbits = codewords.length * 8;
  forEachDataModule(fn, (x, y) => {
    m[y][x] = i < nbits && ((codewords[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
    i++;
  });
  if (i !== nbits + REMAINDER_BITS[version - 1]) throw new Error(`internal: ${i} data modules for ${nbits} bits`);
  let best = null;
  for (let k = 0; k < 8; k++) {
    if (forcedMask >= 0 && k !== forcedMask) continue;
    const t = m.map((row) => row.slice());
    forEachDataModule(fn, (x, y) => { if (MASKS[k](x, y)) t[y][x] = !t[y][x]; });
    drawFormat(t, null, formatBits(ecl, k));
    const p = forcedMask >= 0 ? 0 : penalty(t);
    if (!best || p < best.p) best = { p, mask: k, modules: t };
  }
  return { version, ecl, mask: best.mask, size, modules: best.modules };
}

/** Paints the QR code of `text` on `canvas` (4-module quiet zone). Returns false if it cannot. */
export function drawQr(canvas, text) {
  let qr;
  try {
    qr = encodeQr(text, { ecl: 'M' });
  } catch {
    try {
      qr = encodeQr(text, { ecl: 'L' });
    } catch {
      return false;
    }
  }
  const g = canvas.getContext('2d');
  if (!g) return false;
  const n = qr.size + 8;
  const scale = Math.max(1, Math.floor(Math.min(canvas.width, canvas.height) / n));
  const off = Math.floor((canvas.width - n * scale) / 2);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#000';
  for (let y = 0; y < qr.size; y++) {
    for (let x = 0; x < qr.size; x++) {
      if (qr.modules[y][x]) g.fillRect(off + (x + 4) * scale, off + (y + 4) * scale, scale, scale);
    }
  }
  canvas.dataset.version = String(qr.version);
  return true;
}
