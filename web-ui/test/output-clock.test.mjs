import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputClock } from '../src/main/resources/META-INF/resources/js/output-clock.js';
import { prng } from './support/prng.mjs';

/** A context whose audio is heard `latencyMs` after it is rendered, read every 100 ms with spikes. */
function readings(rnd, { seconds, latencyMs = 40, slipAtS = null, slipMs = 0, spikeRate = 0.1 }) {
  const out = [];
  for (let t = 1; t < seconds; t += 0.1) {
    const perfNow = 5000 + t * 1000;
    const offset = 5000 + latencyMs + (slipAtS !== null && t >= slipAtS ? slipMs : 0);
    const currentTime = t + 0.01;
    let contextTime = t - latencyMs / 1000;
    let performanceTime = contextTime * 1000 + offset + rnd.gauss() * 0.2;
    if (rnd.next() < spikeRate) performanceTime += rnd.uniform(-40, 40);
    if (rnd.next() < 0.02) { contextTime = 0; performanceTime = 0; }
    out.push({ ts: { contextTime, performanceTime }, perfNow, currentTime, offset });
  }
  return out;
}

test('spiky output timestamps give a steady mapping within half a millisecond', () => {
  const rnd = prng(5);
  const oc = new OutputClock();
  let worst = 0;
  readings(rnd, { seconds: 60 }).forEach((r, i) => {
    oc.add(r.ts, r.perfNow, r.currentTime, 0.04);
    if (i > 30) worst = Math.max(worst, Math.abs(oc.offset - r.offset));
  });
  assert.ok(worst < 0.5, `worst ${worst}`);
  assert.equal(oc.slips, 0);
});

test('a lasting jump of the audio clock is followed within a second', () => {
  const rnd = prng(6);
  const oc = new OutputClock();
  const rs = readings(rnd, { seconds: 30, slipAtS: 15, slipMs: 50 });
  rs.forEach((r) => oc.add(r.ts, r.perfNow, r.currentTime));
  assert.ok(Math.abs(oc.offset - rs[rs.length - 1].offset) < 0.5);
  assert.ok(oc.slips >= 1);
});

test('without valid timestamps it falls back to currentTime plus output latency', () => {
  const oc = new OutputClock();
  oc.add({ contextTime: 0, performanceTime: 0 }, 1000, 0.5, 0.03);
  assert.equal(oc.fallback, true);
  assert.ok(Math.abs(oc.perfAt(0.5) - 1030) < 1e-9);
});

test('a small lasting jump (5 ms, a render slip under load) is followed within 0.3 s, isolated spikes are not', () => {
  for (const seed of [21, 22, 23, 24]) {
    const rnd = prng(seed);
    const oc = new OutputClock();
    const rs = readings(rnd, { seconds: 30, slipAtS: 15, slipMs: 5.8, spikeRate: 0.05 });
    let caughtAfter = null;
    rs.forEach((r, i) => {
      oc.add(r.ts, r.perfNow, r.currentTime);
      const t = 1 + i * 0.1;
      if (t >= 15 && caughtAfter === null && Math.abs(oc.offset - r.offset) < 0.5) caughtAfter = t - 15;
    });
    assert.ok(caughtAfter !== null && caughtAfter <= 0.45, `seed ${seed}: caught after ${caughtAfter} s`);
    assert.ok(Math.abs(oc.offset - rs[rs.length - 1].offset) < 0.5);
  }
  // steady readings with spikes: no jump is ever taken
  const rnd = prng(25);
  const oc = new OutputClock();
  readings(rnd, { seconds: 120, spikeRate: 0.3 }).forEach((r) => oc.add(r.ts, r.perfNow, r.currentTime));
  assert.equal(oc.jumps, 0);
});
