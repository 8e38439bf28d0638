// Cover art is scaled in the studio: within 512×512 and 256 KB, the best JPEG quality that fits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoverUploads, QUALITIES, encodeUnder, fitWithin, scaleCover } from '../src/main/resources/META-INF/resources/js/cover-art.js';

/**
 * A canvas whose JPEG weighs `bytesPerPixel(quality)` a pixel: what a real encoder does, roughly
 * (bigger for more pixels and higher quality). Records what was drawn and asked.
 */
function fakeEnv(bytesPerPixel, { type = 'image/jpeg' } = {}) {
  const log = { canvases: [], encodes: [] };
  return {
    log,
    decode: async (blob) => {
      const [w, h] = (await blob.text()).split('x').map(Number);
      if (!w || !h) throw new Error('not an image');
      return { width: w, height: h, close() { log.closed = true; } };
    },
    canvas: (width, height) => {
      const drawn = [];
      const c = {
        width, height, drawn,
        getContext: () => ({ fillRect() {}, drawImage: (_b, x, y, w, h) => drawn.push([x, y, w, h]), set fillStyle(_v) {} }),
        convertToBlob: async ({ type: asked, quality }) => {
          log.encodes.push({ width, height, quality });
          return { type: asked === 'image/jpeg' ? type : 'image/png', size: Math.round(width * height * bytesPerPixel(quality)) };
        },
      };
      log.canvases.push(c);
      return c;
    },
  };
}

const image = (w, h) => new Blob([`${w}x${h}`]);

test('fitWithin keeps the aspect ratio, never enlarges, never reaches 0', () => {
  assert.deepEqual(fitWithin(1000, 1000, 512), { width: 512, height: 512 });
  assert.deepEqual(fitWithin(1600, 900, 512), { width: 512, height: 288 });
  assert.deepEqual(fitWithin(300, 1200, 512), { width: 128, height: 512 });
  assert.deepEqual(fitWithin(200, 100, 512), { width: 200, height: 100 });
  assert.deepEqual(fitWithin(5000, 3, 512), { width: 512, height: 1 });
});

test('a 3000×3000 cover is drawn at 512×512 and encoded once when the best quality fits', async () => {
  const env = fakeEnv(() => 0.3); // ≈ 79 KB at 512²
  const blob = await scaleCover(image(3000, 3000), { env });
  assert.equal(blob.type, 'image/jpeg');
  assert.ok(blob.size <= 256 * 1024);
  assert.deepEqual(env.log.canvases.map((c) => [c.width, c.height]), [[512, 512]]);
  assert.deepEqual(env.log.canvases[0].drawn, [[0, 0, 512, 512]]);
  assert.deepEqual(env.log.encodes.map((e) => e.quality), [QUALITIES[0]]);
  assert.equal(env.log.closed, true);
});

test('a noisy cover too big at the best quality: quality steps down until it fits, no further', async () => {
  // 1.5 B/px at 0.86, ≈ 1.3 at 0.75, ≈ 1.0 at 0.65 (262 144 B at 512²: too big by a hair), 0.8 at 0.5
  const env = fakeEnv((q) => ({ 0.86: 1.5, 0.75: 1.3, 0.65: 1.0001, 0.5: 0.8 })[q] ?? 0.5);
  const blob = await scaleCover(image(1000, 1000), { env });
  assert.deepEqual(env.log.encodes.map((e) => e.quality), [0.86, 0.75, 0.65, 0.5]);
  assert.equal(blob.size, Math.round(512 * 512 * 0.8));
});

test('nothing fits even at the lowest quality: the side halves and it starts again from the best', async () => {
  const env = fakeEnv((q) => 4 + q); // > 4 B/px at every quality: 512² (≈ 1.1 MB) and 256² (≈ 270 KB) never fit, 128² (≈ 80 KB) does
  const blob = await scaleCover(image(512, 512), { env, maxBytes: 100_000 });
  assert.deepEqual([...new Set(env.log.encodes.map((e) => e.width))], [512, 256, 128]);
  assert.equal(blob.size <= 100_000, true);
  assert.equal(env.log.encodes.at(-1).quality, QUALITIES[0]);
});

test('not an image, or an encoder without JPEG: no cover (the track goes out without art)', async () => {
  assert.equal(await scaleCover(new Blob(['garbage']), { env: fakeEnv(() => 0.3) }), null);
  assert.equal(await scaleCover(image(600, 600), { env: fakeEnv(() => 0.3, { type: 'image/png' }) }), null);
  const env = fakeEnv(() => 0.3, { type: 'image/png' });
  assert.equal(await encodeUnder(env.canvas(10, 10), 1000), null);
});

test('CoverUploads: one scale and one upload per cover within a minute, again after; a failed upload is tried again', async () => {
  let now = 0;
  const puts = [];
  let fail = false;
  const uploads = new CoverUploads({
    now: () => now,
    scale: async (c) => new Blob([`scaled ${await c.text()}`]),
    put: async (blob) => {
      puts.push(await blob.text());
      if (fail) throw new Error('429');
      return { art: 'a'.repeat(64) };
    },
  });
  const cover = new Blob(['front']);
  assert.equal(await uploads.art(cover), 'a'.repeat(64));
  assert.equal(await uploads.art(cover), 'a'.repeat(64));
  assert.deepEqual(puts, ['scaled front']);
  now = 61_000;
  await uploads.art(cover);
  assert.equal(puts.length, 2);
  fail = true;
  now = 130_000;
  await assert.rejects(uploads.art(cover));
  fail = false;
  assert.equal(await uploads.art(cover), 'a'.repeat(64));
  assert.equal(puts.length, 4);
  assert.equal(await uploads.art(undefined), null);
});
