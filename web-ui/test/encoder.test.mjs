import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameEncoder } from '../src/main/resources/META-INF/resources/js/encoder.js';
import { decodeFrame, FLAG_DISCONTINUITY, Limits } from '../src/main/resources/META-INF/resources/js/protocol.js';

// Node has no WebCodecs AudioEncoder, so the wrapper takes its PCM path here (the Opus path runs in
// Chromium: system-tests HostPageIT decodes what the host page sends).

function block(fn) {
  const l = new Float32Array(Limits.PACKET_SAMPLES);
  const r = new Float32Array(Limits.PACKET_SAMPLES);
  for (let i = 0; i < l.length; i++) [l[i], r[i]] = fn(i);
  return [l, r];
}

test('without AudioEncoder the host sends 20 ms PCM frames the server can check: codec, tier, sequence, capture time', async () => {
  const sent = [];
  const enc = new FrameEncoder((bytes) => sent.push(bytes), { bitrate: 128000 });
  assert.equal(await enc.open(), 'pcm');
  const t0 = 1_732_406_400_000_000;
  for (let k = 0; k < 3; k++) enc.encode(...block(() => [0.25, -0.5]), t0 + k * 20_000);
  assert.equal(sent.length, 3);
  const frames = sent.map((b) => decodeFrame(b));
  for (let k = 0; k < 3; k++) {
    assert.equal(frames[k].codec, 'pcm');
    assert.equal(frames[k].tier, 'high');
    assert.equal(frames[k].packets.length, 1);
    assert.equal(frames[k].packets[0].length, Limits.PCM_PACKET_BYTES);
    assert.equal(frames[k].captureTimeUs, t0 + k * 20_000);
    assert.equal(frames[k].sequence, (frames[0].sequence + k) >>> 0);
  }
  assert.equal(frames[0].flags & FLAG_DISCONTINUITY, FLAG_DISCONTINUITY, 'the first packet follows nothing');
  assert.equal(frames[1].flags & FLAG_DISCONTINUITY, 0);
});

test('PCM is interleaved little-endian 16-bit, left first, and clipped instead of wrapping', async () => {
  const sent = [];
  const enc = new FrameEncoder((bytes) => sent.push(bytes), { forcePcm: true });
  await enc.open();
  enc.encode(...block((i) => (i === 0 ? [1.5, -2] : [0.5, -0.25])), 0);
  const pcm = decodeFrame(sent[0]).packets[0];
  const dv = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  assert.equal(dv.getInt16(0, true), 32767, 'left over full scale clips to the top');
  assert.equal(dv.getInt16(2, true), -32768, 'right under full scale clips to the bottom');
  assert.equal(dv.getInt16(4, true), Math.round(0.5 * 32767));
  assert.equal(dv.getInt16(6, true), Math.round(-0.25 * 32767));
});

test('a gap (dropped blocks, a restart) marks the next packet as a discontinuity', async () => {
  const sent = [];
  const enc = new FrameEncoder((bytes) => sent.push(bytes), { forcePcm: true });
  await enc.open();
  enc.encode(...block(() => [0, 0]), 0);
  enc.encode(...block(() => [0, 0]), 20_000);
  enc.markGap();
  enc.encode(...block(() => [0, 0]), 100_000);
  const flags = sent.map((b) => decodeFrame(b).flags & FLAG_DISCONTINUITY);
  assert.deepEqual(flags, [FLAG_DISCONTINUITY, 0, FLAG_DISCONTINUITY]);
});

/**
 * A stand-in for WebCodecs (node has none) that stamps outputs the way Chromium 156's AudioEncoder
 * does (probed with 30 blocks and a 300 ms hole, docs/SYNC.md): the first input's timestamp after
 * each configure(), plus 20 ms per packet; later input timestamps are ignored. Queues blocks until
 * the test drains it; flush() adds a padding packet.
 */
function chromiumLikeEncoder() {
  const queue = [];
  const enc = { queue, output: null, base: null, count: 0 };
  globalThis.AudioData = class { constructor(o) { this.timestamp = o.timestamp; } close() {} };
  globalThis.AudioEncoder = class {
    static async isConfigSupported(config) { return { supported: true, config }; }
    constructor(o) { enc.output = o.output; this.state = 'unconfigured'; }
    configure() { this.state = 'configured'; enc.base = null; enc.count = 0; }
    encode(a) {
      if (enc.base === null) enc.base = a.timestamp;
      queue.push(enc.base + enc.count++ * 20_000);
    }
    get encodeQueueSize() { return queue.length; }
    close() { this.state = 'closed'; }
  };
  enc.drain = () => {
    while (queue.length) enc.output({ byteLength: 3, timestamp: queue.shift(), copyTo: (b) => b.set([0xfc, 1, 2]) });
  };
  enc.flush = () => {
    enc.drain();
    enc.output({ byteLength: 3, timestamp: enc.base + enc.count++ * 20_000, copyTo: (b) => b.set([0xfc, 1, 2]) });
  };
  return enc;
}

function removeEncoder() {
  delete globalThis.AudioEncoder;
  delete globalThis.AudioData;
}

test('every Opus packet carries its own block\'s capture time, though the encoder only counts samples: holes, a step back and slewing stamps all arrive; a flush\'s padding packet is not sent', async () => {
  const fake = chromiumLikeEncoder();
  try {
    const sent = [];
    const enc = new FrameEncoder((bytes) => sent.push(decodeFrame(bytes)), { bitrate: 128000 });
    assert.equal(await enc.open(), 'opus');
    const t0 = 1_732_406_400_000_000;
    const [l, r] = block(() => [0.1, 0.1]);
    const stamps = [];
    for (let k = 0; k < 30; k++) {
      // a 300 ms hole after block 10, a 100 ms step back after block 20, +7 µs of slew per block
      stamps.push(t0 + k * 20_000 + (k >= 10 ? 300_000 : 0) - (k >= 20 ? 100_000 : 0) + k * 7);
      enc.encode(l, r, stamps[k]);
      fake.drain();
    }
    fake.flush();
    assert.deepEqual(sent.map((f) => f.captureTimeUs), stamps);
    assert.equal(enc.unmatched, 1, 'the padding packet');
  } finally {
    removeEncoder();
  }
});

test('a WebCodecs encoder that falls behind: blocks beyond 10 queued are dropped, the first packet after the drop is flagged', async () => {
  const fake = chromiumLikeEncoder();
  const queue = fake.queue;
  const drain = fake.drain;
  try {
    const sent = [];
    const enc = new FrameEncoder((bytes) => sent.push(decodeFrame(bytes)), { bitrate: 128000 });
    assert.equal(await enc.open(), 'opus');
    const t0 = 1_732_406_400_000_000;
    const [l, r] = block(() => [0.1, 0.1]);
    for (let k = 0; k < 30; k++) enc.encode(l, r, t0 + k * 20_000); // a stalled encoder: nothing comes out
    assert.equal(queue.length, 11, 'at most 200 ms (+1 block) wait in the encoder');
    assert.equal(enc.droppedBlocks, 19);
    drain();
    enc.encode(l, r, t0 + 30 * 20_000); // the encoder is back: the next block goes in
    drain();
    assert.equal(sent.length, 12);
    assert.deepEqual(sent.slice(0, 11).map((f) => f.captureTimeUs), Array.from({ length: 11 }, (_, k) => t0 + k * 20_000));
    assert.equal(sent[11].captureTimeUs, t0 + 30 * 20_000);
    assert.deepEqual(sent.map((f) => (f.flags & FLAG_DISCONTINUITY) !== 0), [true, ...Array(10).fill(false), true]);
  } finally {
    removeEncoder();
  }
});

test('passing the aux: a held encoder sends nothing, then only from the cut; the old side only what ends by the cut', async () => {
  const sent = [];
  const enc = new FrameEncoder((bytes) => sent.push(bytes), { forcePcm: true });
  await enc.open();
  const cut = 1_000_000;
  enc.setWindow(Infinity, Infinity); // holding: the page took a source but has not got the aux yet
  assert.equal(enc.holding, true);
  for (let t = 0; t < 900_000; t += 20_000) enc.encode(...block(() => [0.1, 0.1]), t);
  assert.equal(sent.length, 0, 'nothing goes out while holding');
  enc.setWindow(cut, Infinity); // the handoff: send from the cut
  assert.equal(enc.holding, false);
  assert.equal(sent.length, 0, 'held packets before the cut stay held');
  for (let t = 900_000; t < 1_100_000; t += 20_000) enc.encode(...block(() => [0.1, 0.1]), t);
  const from = sent.map((b) => decodeFrame(b));
  assert.deepEqual(from.map((f) => f.captureTimeUs), [1_000_000, 1_020_000, 1_040_000, 1_060_000, 1_080_000]);
  assert.equal(from[0].flags & FLAG_DISCONTINUITY, FLAG_DISCONTINUITY, 'the first packet sent follows a gap in what this page sent');
  assert.equal(from[1].flags & FLAG_DISCONTINUITY, 0);

  // the old broadcaster, its grid 13 ms off the cut: the packet ending 7 ms past it goes (within the
  // 10 ms slack), the next one does not, nor anything later
  sent.length = 0;
  enc.setWindow(-Infinity, 2_000_000);
  for (let t = 1_927_000; t < 2_100_000; t += 20_000) enc.encode(...block(() => [0.1, 0.1]), t);
  assert.deepEqual(sent.map((b) => decodeFrame(b).captureTimeUs), [1_927_000, 1_947_000, 1_967_000, 1_987_000]);
  sent.length = 0;
  enc.setWindow(-Infinity, 3_000_000); // a grid 5 ms off: the straddling packet would end 15 ms late, so it is held
  for (let t = 2_935_000; t < 3_100_000; t += 20_000) enc.encode(...block(() => [0.1, 0.1]), t);
  assert.deepEqual(sent.map((b) => decodeFrame(b).captureTimeUs), [2_935_000, 2_955_000, 2_975_000]);
});

test('a cut learnt late: packets held from before it that start at the cut go out at once', async () => {
  const sent = [];
  const enc = new FrameEncoder((bytes) => sent.push(bytes), { forcePcm: true });
  await enc.open();
  enc.setWindow(Infinity, Infinity);
  for (let t = 0; t < 2_000_000; t += 20_000) enc.encode(...block(() => [0, 0]), t);
  enc.setWindow(1_900_000, Infinity); // the handoff arrived 100 ms after its cut
  assert.deepEqual(sent.map((b) => decodeFrame(b).captureTimeUs), [1_900_000, 1_920_000, 1_940_000, 1_960_000, 1_980_000]);
  enc.setWindow(Infinity, Infinity);
  for (let t = 2_000_000; t < 3_200_000; t += 20_000) enc.encode(...block(() => [0, 0]), t);
  sent.length = 0;
  enc.setWindow(0, Infinity); // a cut older than what is held: only the last second was kept
  assert.equal(sent.length, 50);
  assert.equal(decodeFrame(sent[0]).captureTimeUs, 2_200_000);
});

test('the aux comes back at a cut already past (the member with it left): the last second since the old cut goes out, nothing older', async () => {
  const sent = [];
  const enc = new FrameEncoder((bytes) => sent.push(bytes), { forcePcm: true });
  await enc.open();
  enc.setWindow(-Infinity, 1_000_000); // passed the aux away at 1 s
  for (let t = 0; t < 3_000_000; t += 20_000) enc.encode(...block(() => [0, 0]), t);
  assert.equal(sent.length, 50, 'sent up to the cut only');
  sent.length = 0;
  enc.setWindow(2_500_000, Infinity); // back at 2.5 s, learnt at 3 s
  assert.deepEqual(sent.map((b) => decodeFrame(b).captureTimeUs),
    Array.from({ length: 25 }, (_, i) => 2_500_000 + i * 20_000));
  assert.equal(decodeFrame(sent[0]).flags & FLAG_DISCONTINUITY, FLAG_DISCONTINUITY);
});
