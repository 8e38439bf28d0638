// The tab peek: frames scaled within 320 px and 64 KB; sent every interval while running, skipped
// while one is still on its way; stopping tells the server after the frame in flight; the guest's
// view shows only decoded frames, newest only, and hides at once or when frames stop coming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PEEK_QUALITIES, PeekSender, encodeFrame } from '../src/main/resources/META-INF/resources/js/peek.js';
import { peekNote } from '../src/main/resources/META-INF/resources/js/peek-switch.js';
import { PeekView } from '../src/main/resources/META-INF/resources/js/peek-view.js';
import { Limits } from '../src/main/resources/META-INF/resources/js/protocol.js';

function fakeEnv(bytesPerPixel) {
  const log = [];
  return {
    log,
    canvas: (width, height) => ({
      getContext: () => ({ drawImage: (_f, x, y, w, h) => log.push({ drawn: [x, y, w, h] }) }),
      convertToBlob: async ({ type, quality }) => {
        log.push({ width, height, quality });
        return { type, size: Math.round(width * height * bytesPerPixel(quality)) };
      },
    }),
  };
}

test('a 1920×1080 tab becomes a 320×180 JPEG at quality 0.6 when it fits', async () => {
  const env = fakeEnv(() => 0.3);
  const blob = await encodeFrame({}, 1920, 1080, { env });
  assert.equal(blob.type, 'image/jpeg');
  assert.deepEqual(env.log[0].drawn, [0, 0, 320, 180]);
  assert.equal(env.log[1].quality, PEEK_QUALITIES[0]);
  assert.equal(PEEK_QUALITIES[0], 0.6);
});

test('a portrait screen fits 320 px tall too; quality drops until the frame is under 64 KB, null if nothing fits', async () => {
  const env = fakeEnv((q) => q * 2); // 0.6 → 1.2 B/px: 180×320 = 69 KB, too big; 0.45 → 52 KB fits
  const blob = await encodeFrame({}, 1080, 1920, { env });
  assert.deepEqual(env.log[0].drawn, [0, 0, 180, 320]);
  assert.deepEqual(env.log.slice(1).map((e) => e.quality), [0.6, 0.45]);
  assert.ok(blob.size <= Limits.PEEK_MAX_BYTES);
  assert.equal(await encodeFrame({}, 1080, 1920, { env: fakeEnv(() => 10) }), null);
});

function fakeTimers() {
  const t = { fns: new Map(), next: 1 };
  t.setInterval = (fn) => { t.fns.set(t.next, fn); return t.next++; };
  t.clearInterval = (id) => t.fns.delete(id);
  t.tick = () => [...t.fns.values()].forEach((fn) => fn());
  return t;
}

const settle = () => new Promise((r) => setTimeout(r, 0));

test('a frame goes out at once and then every tick; a tick while one is on its way is skipped', async () => {
  const timers = fakeTimers();
  const puts = [];
  let release;
  const sender = new PeekSender({ put: async (b) => { puts.push(b); return { at: puts.length }; }, remove: async () => {}, timers });
  let n = 0;
  const frames = { grab: () => new Promise((r) => { release = () => r(`frame${++n}`); }), close() {} };
  sender.start(frames);
  timers.tick(); // the first is still being grabbed: skipped
  release();
  await settle();
  assert.deepEqual(puts, ['frame1']);
  timers.tick();
  release();
  await settle();
  assert.deepEqual(puts, ['frame1', 'frame2']);
});

test('stopping closes the frames, waits for the frame in flight, then tells the server once; nothing goes out after', async () => {
  const timers = fakeTimers();
  const calls = [];
  let landPut;
  const sender = new PeekSender({
    put: (b) => { calls.push(`put ${b}`); return new Promise((r) => { landPut = () => { calls.push('put landed'); r({}); }; }); },
    remove: async () => { calls.push('delete'); },
    timers,
  });
  let closed = false;
  sender.start({ grab: async () => 'f', close() { closed = true; } });
  await settle();
  const stopped = sender.stop();
  assert.ok(closed);
  assert.equal(timers.fns.size, 0, 'no timer left');
  await settle();
  assert.deepEqual(calls, ['put f'], 'no DELETE before the PUT on its way has landed');
  landPut();
  await stopped;
  assert.deepEqual(calls, ['put f', 'put landed', 'delete']);
  await sender.stop(); // already stopped: nothing more
  assert.deepEqual(calls, ['put f', 'put landed', 'delete']);
});

test('stopping while a frame is still being encoded tells the server at once, and that frame never goes out', async () => {
  const timers = fakeTimers();
  const calls = [];
  let encoded;
  const sender = new PeekSender({ put: async (b) => { calls.push(`put ${b}`); return {}; }, remove: async () => { calls.push('delete'); }, timers });
  sender.start({ grab: () => new Promise((r) => { encoded = () => r('late'); }), close() {} });
  await sender.stop();
  assert.deepEqual(calls, ['delete']);
  encoded();
  await settle();
  assert.deepEqual(calls, ['delete'], 'the frame encoded after the stop is dropped');
});

test('a frame refused as too soon is skipped quietly; any other refusal is told', async () => {
  const timers = fakeTimers();
  const errors = [];
  let code = 'rate_limited';
  const sender = new PeekSender({ put: async () => { throw Object.assign(new Error('no'), { code }); }, remove: async () => {}, timers });
  sender.on('error', (e) => errors.push(e.code));
  sender.start({ grab: async () => 'f', close() {} });
  await settle();
  code = 'forbidden';
  timers.tick();
  await settle();
  assert.deepEqual(errors, ['forbidden']);
});

test('the switch says why the peek is unavailable or what guests see', () => {
  const base = { supported: true, on: true, display: true, video: true, live: true, sending: true };
  assert.match(peekNote({ ...base, supported: false }), /cannot share/);
  assert.match(peekNote({ ...base, on: false }), /^Off/);
  assert.match(peekNote({ ...base, display: false }), /tab you share next/);
  assert.match(peekNote({ ...base, video: false }), /Share the tab again/);
  assert.match(peekNote({ ...base, live: false }), /once you go live/);
  assert.match(peekNote(base), /Guests see a small picture/);
});

function fakeView() {
  const images = [];
  const figure = { hidden: true };
  const img = { src: undefined, removeAttribute(a) { if (a === 'src') this.src = undefined; } };
  const t = { fns: new Map(), next: 1 };
  t.setTimeout = (fn) => { t.fns.set(t.next, fn); return t.next++; };
  t.clearTimeout = (id) => t.fns.delete(id);
  t.fire = () => [...t.fns.values()].forEach((fn) => fn());
  const view = new PeekView({ figure, img, timers: t, newImage: () => { const i = {}; images.push(i); return i; } });
  return { view, figure, img, images, timers: t };
}

test('the guest shows a frame once it decoded, never an older one after a newer, and hides at once on stop', () => {
  const { view, figure, img, images } = fakeView();
  view.frame({ url: '/api/rooms/AbC123_-xYz9/peek?v=2', at: 2 });
  assert.equal(figure.hidden, true, 'not before the picture decoded');
  images[0].onload();
  assert.equal(figure.hidden, false);
  assert.equal(img.src, '/api/rooms/AbC123_-xYz9/peek?v=2');
  view.frame({ url: '/api/rooms/AbC123_-xYz9/peek?v=1', at: 1 }); // late and older: ignored
  assert.equal(images.length, 1);
  view.frame({ url: '/api/rooms/AbC123_-xYz9/peek?v=3', at: 3 });
  view.hide();
  images[1].onload(); // decoded after the stop: must not show the peek again
  assert.equal(figure.hidden, true);
  assert.equal(img.src, undefined);
});

test('the guest hides the peek when no frame came for the TTL, and ignores URLs off this API', () => {
  const { view, figure, images, timers } = fakeView();
  view.frame({ url: 'https://evil.example/x.jpg', at: 5 });
  view.frame({ url: 'javascript:alert(1)', at: 5 });
  assert.equal(images.length, 0);
  view.frame({ url: '/api/rooms/AbC123_-xYz9/peek?v=5', at: 5 });
  images[0].onload();
  assert.equal(figure.hidden, false);
  timers.fire();
  assert.equal(figure.hidden, true);
});
