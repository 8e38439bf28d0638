import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DriftCorrector, RESYNC } from '../src/main/resources/META-INF/resources/js/drift.js';
import { prng } from './support/prng.mjs';

const SR = 48000;
const Q = 128;

/**
 * A play head that consumes Q samples per quantum (plus what the corrector drops, minus what it
 * inserts) against a target that advances Q·(1 + ppm) per quantum; the measured error carries the
 * target mapping's jitter (gaussian, `noiseMs`).
 */
function run({ seed, ppm, initialMs = 0, seconds = 600, noiseMs = 0.3 }) {
  const rnd = prng(seed);
  const dc = new DriftCorrector({ sampleRate: SR });
  let target = (initialMs * SR) / 1000;
  let head = 0;
  const trace = [];
  let resyncs = 0;
  const quanta = Math.round((seconds * SR) / Q);
  for (let i = 0; i < quanta; i++) {
    const measured = target - head + (rnd.gauss() * noiseMs * SR) / 1000;
    const n = dc.update(measured, Q);
    if (n === RESYNC) {
      head = target;
      resyncs++;
    } else {
      head += n;
    }
    head += Q;
    target += Q * (1 + ppm / 1e6);
    if (i % 375 === 0) trace.push({ s: (i * Q) / SR, errMs: ((target - head) * 1000) / SR });
  }
  return { trace, resyncs, dc };
}

test('clock drift of up to ±300 ppm is held within 2 ms through measurement noise, without resyncs', () => {
  for (const [seed, ppm] of [[1, 80], [2, -80], [3, 300], [4, -300], [5, 0]]) {
    const { trace, resyncs, dc } = run({ seed, ppm });
    const worst = Math.max(...trace.filter((t) => t.s > 10).map((t) => Math.abs(t.errMs)));
    assert.equal(resyncs, 0);
    assert.ok(worst < 2, `seed ${seed} ppm ${ppm}: worst ${worst.toFixed(3)} ms`);
    // corrections are sparse: at most the drift plus a little noise-chasing
    const perSecond = (dc.dropped + dc.inserted) / 600;
    assert.ok(perSecond < (Math.abs(ppm) * SR) / 1e6 + 10, `${perSecond} corrections/s`);
  }
});

test('a 100 ms error is slid away in under a minute', () => {
  const { trace, resyncs } = run({ seed: 9, ppm: 20, initialMs: 100, seconds: 120 });
  assert.equal(resyncs, 0);
  const at60 = trace.filter((t) => t.s >= 60);
  assert.ok(Math.max(...at60.map((t) => Math.abs(t.errMs))) < 2);
});

test('errors beyond 200 ms are a full resync', () => {
  for (const initialMs of [250, -400]) {
    const { trace, resyncs } = run({ seed: 12, ppm: 0, initialMs, seconds: 20 });
    assert.equal(resyncs, 1);
    assert.ok(Math.abs(trace[trace.length - 1].errMs) < 2);
  }
});

test('noise alone causes almost no corrections', () => {
  const { dc } = run({ seed: 21, ppm: 0, seconds: 300, noiseMs: 0.3 });
  assert.ok(dc.dropped + dc.inserted < 50, `${dc.dropped + dc.inserted} corrections`);
});
