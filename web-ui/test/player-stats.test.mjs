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
