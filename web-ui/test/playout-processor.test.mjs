// The play-out AudioWorklet's process() under node, with the worklet globals stubbed: what a guest
// plays when its audio arrives late, on time, or after a slip of the audio clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prng } from './support/prng.mjs';

const SR = 48000;
const Q = 128;
let Processor;
globalThis.sampleRate = SR;
globalThis.currentFrame = 0;
globalThis.AudioWorkletProcessor = class { constructor() { this.port = { postMessage() {}, onmessage: null }; } };
globalThis.registerProcessor = (name, cls) => { Processor = cls; };
await import('../src/main/resources/META-INF/resources/js/playout-processor.js');

/** A processor in postMessage mode whose stream sample i has the value i (so what plays is its index). */
function setup() {
  const p = new Processor({ processorOptions: { capacity: 1 << 20, sab: null } });
  let written = 0;
  const feed = (n) => {
    const l = new Float32Array(n).map((_, k) => written + k);
    p.onMessage({ type: 'samples', l, r: l });
    written += n;
  };
  p.onMessage({ type: 'play' });
  p.onMessage({ type: 'anchor', write: 0, index: 0 });
  const L = new Float32Array(Q);
  const R = new Float32Array(Q);
  const render = () => {
    p.process([], [[L, R]]);
    globalThis.currentFrame += Q;
    return L;
  };
  return { p, feed, render, get written() { return written; } };
}

/** Counts seams: places where the played index does not advance by one (a jump or a repeat). */
function seams(blocks) {
  let n = 0;
  let prev = null;
  for (const b of blocks) {
    for (const v of b) {
      if (prev !== null && v !== 0 && prev !== 0 && v !== prev + 1) n++;
      prev = v;
    }
  }
  return n;
}

test('a guest whose audio arrives 300 ms late plays it continuously, says it is late, and never jumps', () => {
  globalThis.currentFrame = 0;
  const s = setup();
  const rnd = prng(9);
  // the target: index 0 should play at frame 0; audio arrives 300 ms after it was due, in jittery bursts
  s.p.onMessage({ type: 'target', frame: 0, index: 0 });
  const blocks = [];
  let lateSeen = 0;
  for (let q = 0; q < 1500; q++) { // 4 s
    const f = globalThis.currentFrame;
    const due = f - 0.3 * SR + rnd.uniform(-0.04, 0.04) * SR; // what has arrived by now
    if (due > s.written) s.feed(Math.floor(due - s.written));
    blocks.push(Float32Array.from(s.render()));
    if (s.p.late) lateSeen++;
  }
  assert.ok(lateSeen > 1000, `late most of the time (${lateSeen})`);
  assert.equal(seams(blocks), 0, 'no jumps or repeats: continuous, late');
});

test('when the late guest has buffered enough it jumps to the target once and is in sync', () => {
  globalThis.currentFrame = 0;
  const s = setup();
  s.p.onMessage({ type: 'target', frame: 0, index: 0 });
  const blocks = [];
  for (let q = 0; q < 400; q++) { // arrives 300 ms late for ~1 s ...
    const due = globalThis.currentFrame - 0.3 * SR;
    if (due > s.written) s.feed(Math.floor(due - s.written));
    blocks.push(Float32Array.from(s.render()));
  }
  assert.equal(s.p.late, true);
  s.feed(SR); // ... then the network catches up: a second more arrives at once
  const after = [];
  for (let q = 0; q < 100; q++) after.push(Float32Array.from(s.render()));
  assert.equal(s.p.late, false);
  assert.ok(Math.abs(s.p.err) < 2, `in sync after the jump (err ${s.p.err} samples)`);
  assert.equal(seams([...blocks, ...after]), 1, 'exactly one seam');
});

test('an on-time guest re-aligns a 5 ms error at once (one seam) and slides a 2 ms error without seams beyond single samples', () => {
  globalThis.currentFrame = 0;
  const s = setup();
  s.feed(3 * SR);
  s.p.onMessage({ type: 'target', frame: 0, index: 0 });
  for (let q = 0; q < 50; q++) s.render();
  assert.ok(Math.abs(s.p.err) < 1);
  // the mapping jumps by 5 ms (e.g. the output clock took a slip): one re-align
  s.p.onMessage({ type: 'target', frame: globalThis.currentFrame, index: globalThis.currentFrame + 0.005 * SR });
  s.render();
  s.render();
  assert.ok(Math.abs(s.p.err) < 1, `re-aligned at once: err ${s.p.err}`);
  // 2 ms: slid away by dropping single samples within about half a second
  const f = globalThis.currentFrame;
  s.p.onMessage({ type: 'target', frame: f, index: s.p.targetIndex + (f - s.p.targetFrame) + 0.002 * SR });
  const before = s.p.drift.resyncs;
  for (let q = 0; q < Math.ceil((1.5 * SR) / Q); q++) s.render();
  assert.equal(s.p.drift.resyncs, before, 'no re-align for 2 ms');
  assert.ok(Math.abs(s.p.err) < 0.5 * SR / 1000, `slid within 1.5 s: err ${s.p.err}`);
  assert.ok(s.p.drift.dropped > 60, `by dropping single samples (${s.p.drift.dropped})`);
});
