import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dataCapacity, encodeQr, finalCodewords, formatBits, forEachDataModule, MASKS, reedSolomon,
} from '../src/main/resources/META-INF/resources/js/qr.js';

test('Reed–Solomon: the standard\'s worked example (HELLO WORLD, 1-M) gives its 10 codewords', () => {
  const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
  assert.deepEqual(reedSolomon(data, 10), [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
});

test('format bits match the published table', () => {
  assert.equal(formatBits('L', 0).toString(2).padStart(15, '0'), '111011111000100');
  assert.equal(formatBits('L', 7).toString(2).padStart(15, '0'), '110100101110110');
  assert.equal(formatBits('M', 0).toString(2).padStart(15, '0'), '101010000010010');
  assert.equal(formatBits('M', 5).toString(2).padStart(15, '0'), '100000011001110');
});

test('capacities of versions 1–6', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((v) => dataCapacity(v, 'L')), [19, 34, 55, 80, 108, 136]);
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((v) => dataCapacity(v, 'M')), [16, 28, 44, 64, 86, 108]);
});

/** Reads a matrix back: format bits from the first copy, unmask, collect the codewords. */
function readBack(qr) {
  const { modules: m, size } = qr;
  let bits = 0;
  const at = (x, y) => (m[y][x] ? 1 : 0);
  const pos = [[8, 0], [8, 1], [8, 2], [8, 3], [8, 4], [8, 5], [8, 7], [8, 8], [7, 8], [5, 8], [4, 8], [3, 8], [2, 8], [1, 8], [0, 8]];
  pos.forEach(([x, y], i) => { bits |= at(x, y) << i; });
  let found = null;
  for (const ecl of ['L', 'M']) for (let k = 0; k < 8; k++) if (formatBits(ecl, k) === bits) found = { ecl, mask: k };
  assert.ok(found, 'the format bits are a valid code word');
  // second copy agrees
  let bits2 = 0;
  for (let i = 0; i < 8; i++) bits2 |= at(size - 1 - i, 8) << i;
  for (let i = 8; i < 15; i++) bits2 |= at(8, size - 15 + i) << i;
  assert.equal(bits2, bits);
  // function modules of this version, rebuilt from an empty encode of the same version
  const probe = encodeQr('x'.repeat(0), { ecl: found.ecl });
  assert.ok(probe);
  return found;
}

test('a room URL round-trips: finders, timing, format and the data codewords read back', () => {
  const url = 'https://roomcast.example/room/Ab3_x-9QzK1m';
  for (const ecl of ['L', 'M']) {
    const qr = encodeQr(url, { ecl });
    assert.equal(qr.size, 17 + 4 * qr.version);
    const { ecl: e, mask } = readBack(qr);
    assert.equal(e, ecl);
    assert.equal(mask, qr.mask);
    // finder corners and timing
    for (const [x, y] of [[0, 0], [6, 6], [qr.size - 1, 0], [0, qr.size - 1]]) assert.equal(qr.modules[y][x], true);
    for (let i = 8; i < qr.size - 8; i++) assert.equal(qr.modules[6][i], i % 2 === 0);
    // unmask the data area and compare with the codewords the encoder meant to place
    const bare = encodeQr(url, { ecl, mask: qr.mask }); // same mask: same matrix
    assert.deepEqual(bare.modules, qr.modules);
    const fnGrid = functionGrid(qr);
    const bitsRead = [];
    forEachDataModule(fnGrid, (x, y) => bitsRead.push(qr.modules[y][x] !== MASKS[qr.mask](x, y)));
    const cw = [];
    for (let i = 0; i + 8 <= bitsRead.length; i += 8) cw.push(bitsRead.slice(i, i + 8).reduce((a, b) => (a << 1) | (b ? 1 : 0), 0));
    // deinterleave block 0's data start: mode 0100, length, then the URL's bytes
    const bytes = [...new TextEncoder().encode(url)];
    const expectData = [];
    const bitsOut = [0, 1, 0, 0, ...[7, 6, 5, 4, 3, 2, 1, 0].map((i) => (bytes.length >> i) & 1)];
    for (const b of bytes) for (let i = 7; i >= 0; i--) bitsOut.push((b >> i) & 1);
    bitsOut.push(0, 0, 0, 0);
    while (bitsOut.length % 8) bitsOut.push(0);
    for (let i = 0; i < bitsOut.length; i += 8) expectData.push(bitsOut.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
    const cap = dataCapacity(qr.version, ecl);
    for (let p = 0xec; expectData.length < cap; p ^= 0xec ^ 0x11) expectData.push(p);
    assert.deepEqual(cw.slice(0, finalCodewords(expectData, qr.version, ecl).length), finalCodewords(expectData, qr.version, ecl));
  }
});

/** Which modules are function patterns, for a matrix of this version (finders, timing, alignment, format). */
function functionGrid(qr) {
  const size = qr.size;
  const fn = Array.from({ length: size }, () => new Array(size).fill(false));
  const mark = (x0, y0, x1, y1) => { for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (x >= 0 && y >= 0 && x < size && y < size) fn[y][x] = true; };
  mark(0, 0, 8, 8);
  mark(size - 8, 0, size - 1, 8);
  mark(0, size - 8, 8, size - 1);
  mark(6, 0, 6, size - 1);
  mark(0, 6, size - 1, 6);
  if (qr.version >= 2) mark(size - 9, size - 9, size - 5, size - 5);
  return fn;
}

test('the smallest version is chosen, and text beyond version 6 is refused', () => {
  assert.equal(encodeQr('hi', { ecl: 'L' }).version, 1);
  assert.equal(encodeQr('a'.repeat(17), { ecl: 'L' }).version, 1);
  assert.equal(encodeQr('a'.repeat(18), { ecl: 'L' }).version, 2);
  assert.equal(encodeQr('a'.repeat(134), { ecl: 'L' }).version, 6);
  assert.throws(() => encodeQr('a'.repeat(135), { ecl: 'L' }), RangeError);
});
