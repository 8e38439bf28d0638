import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Resampler } from '../src/main/resources/META-INF/resources/js/resampler.js';
import { prng } from './support/prng.mjs';

function run(inRate, outRate, freq, seconds, seed) {
  const rnd = prng(seed);
  const r = new Resampler(inRate, outRate, 2);
  const total = Math.round(inRate * seconds);
  const outL = [];
  const outR = [];
  for (let pos = 0; pos < total;) {
    const n = Math.min(total - pos, 1 + rnd.int(1000));
    const l = new Float32Array(n);
    const rr = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      l[i] = Math.sin((2 * Math.PI * freq * (pos + i)) / inRate);
      rr[i] = -l[i];
    }
    const [ol, or] = r.process([l, rr]);
    outL.push(...ol);
    outR.push(...or);
    pos += n;
  }
  return { outL, outR, total };
}

for (const [inRate, outRate] of [[44100, 48000], [96000, 48000], [48000, 44100], [32000, 48000], [48000, 48000]]) {
  test(`${inRate} Hz → ${outRate} Hz keeps a 1 kHz tone and the exact length over random block sizes`, () => {
    const { outL, outR, total } = run(inRate, outRate, 1000, 3, inRate ^ outRate);
    const expected = (total * outRate) / inRate;
    assert.ok(Math.abs(outL.length - expected) <= 3, `${outL.length} vs ${expected}`);
    let maxErr = 0;
    for (let k = 0; k < outL.length; k++) {
      const ideal = Math.sin((2 * Math.PI * 1000 * k) / outRate);
      maxErr = Math.max(maxErr, Math.abs(outL[k] - ideal), Math.abs(outR[k] + ideal));
    }
    // cubic interpolation: about -50 dB at 1 kHz from 44.1 kHz, -43 dB from 32 kHz
    assert.ok(maxErr < (inRate >= 44100 ? 3e-3 : 1e-2), `max error ${maxErr}`);
  });
}

test('one sample at a time gives the same output as one big block', () => {
  const a = new Resampler(44100, 48000, 1);
  const b = new Resampler(44100, 48000, 1);
  const x = Float32Array.from({ length: 4410 }, (_, i) => Math.sin(i / 7));
  const big = a.process([x])[0];
  const small = [];
  for (let i = 0; i < x.length; i++) small.push(...b.process([x.subarray(i, i + 1)])[0]);
  assert.equal(small.length, big.length);
  for (let i = 0; i < big.length; i++) assert.ok(Math.abs(small[i] - big[i]) < 1e-6);
});
