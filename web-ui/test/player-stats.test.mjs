import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Player } from '../src/main/resources/META-INF/resources/js/player.js';
import { prng } from './support/prng.mjs';

test('the network delay a guest shows covers the last 2 s only: when frames stop it does not stay frozen', () => {
  let nowUs = 1_800_000_000_000_000;
  const clock = { ready: true, serverNowUs: () => nowUs, offsetUs: 0, rttMs: 1, driftPpm: 0 };
  const p = new Player(clock, { delayMs: 1200 });
  const rnd = prng(4);
  for (let i = 0; i < 100; i++) {
    nowUs += 20_000;
    p.arrivals.push({ atUs: nowUs, latencyMs: 300 + rnd.uniform(-20, 20), headroomMs: 900 });
  }
  const live = p.stats();
  assert.ok(live.latencyMs > 250 && live.latencyMs < 350, `while frames come: ${live.latencyMs}`);
  nowUs += 5_000_000; // the relay stalls: nothing for 5 s
  const stalled = p.stats();
  assert.equal(stalled.latencyMs, 0);
  assert.equal(stalled.headroomMs, null);
});

test('stats carry the output model and an honest uncertainty: approximate where the engine hides its latency', () => {
  const clock = { ready: true, serverNowUs: () => 1_800_000_000_000_000, offsetUs: 0, rttMs: 6, driftPpm: 0 };
  const p = new Player(clock, { delayMs: 1200 });
  // WebKit: performanceTime = now + contextTime·1000, outputLatency 0
  for (let i = 0; i < 30; i++) {
    const perf = 5000 + i * 100;
    const ct = i * 0.1 + 0.5;
    p.out.add({ contextTime: ct - 0.00267, performanceTime: perf + (ct - 0.00267) * 1000 }, perf, ct, 0);
  }
  const s = p.stats();
  assert.equal(s.outputModel, 'context-time');
  assert.equal(s.latencyKnown, false);
  assert.ok(s.outputUncertaintyMs >= 25, `output ${s.outputUncertaintyMs}`);
  assert.ok(Math.abs(s.syncUncertaintyMs - (s.outputUncertaintyMs + 3)) <= 0.11, `sync ${s.syncUncertaintyMs}`);
  assert.ok(s.outputDropped >= 25, 'the broken timestamps were dropped');

  // Chromium: a timestamp with the latency in it, agreeing with currentTime + outputLatency
  const q = new Player(clock, { delayMs: 1200 });
  for (let i = 0; i < 30; i++) {
    const perf = 5000 + i * 100;
    const ct = i * 0.1 + 0.5;
    q.out.add({ contextTime: ct - 0.04, performanceTime: perf }, perf, ct, 0.04);
  }
  const t = q.stats();
  assert.equal(t.outputModel, 'timestamp');
  assert.equal(t.latencyKnown, true);
  assert.ok(t.outputUncertaintyMs <= 1.5 && t.syncUncertaintyMs <= 4.5, JSON.stringify(t));
});
