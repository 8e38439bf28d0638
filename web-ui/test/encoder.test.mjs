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

test('a WebCodecs encoder that falls behind: blocks beyond 10 queued are dropped, the first packet after the drop is flagged', async () => {
  // a stand-in for WebCodecs (node has none): queues blocks until the test lets it produce output
  const queue = [];
  let output;
  globalThis.AudioData = class { constructor(o) { this.timestamp = o.timestamp; } close() {} };
  globalThis.AudioEncoder = class {
    static async isConfigSupported(config) { return { supported: true, config }; }
    constructor(o) { output = o.output; this.state = 'unconfigured'; }
    configure() { this.state = 'configured'; }
    encode(a) { queue.push(a.timestamp); }
    get encodeQueueSize() { return queue.length; }
    close() { this.state = 'closed'; }
  };
  const drain = () => {
    while (queue.length) {
      const ts = queue.shift();
      output({ byteLength: 3, timestamp: ts, copyTo: (b) => b.set([0xfc, 1, 2]) });
    }
  };
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
    delete globalThis.AudioEncoder;
    delete globalThis.AudioData;
  }
});
