import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TAP, TAP_REFUSAL, tapDelay } from '../src/main/resources/META-INF/resources/js/tap-along.js';

const heard = Array.from({ length: TAP.clicks }, (_, i) => 10_000 + i * TAP.intervalMs);
// a deterministic "human": taps `delay` after each click, give or take `jitter` ms
const tapsAt = (delay, jitter, { skip = [] } = {}) => heard
  .map((h, i) => h + delay + jitter * Math.sin(i * 2.3))
  .filter((_, i) => !skip.includes(i));

test('taps 180 ms after each click read as a 180 ms speaker delay', () => {
  const r = tapDelay(tapsAt(180, 15), heard);
  assert.equal(r.ok, true);
  assert.ok(Math.abs(r.delayMs - 180) <= 5, `read ${r.delayMs}`);
  assert.equal(r.used, TAP.clicks - TAP.warmup);
});

test('speakers a little early, and the slider ends: −30 reads −30, a delay past 500 is held at 500', () => {
  assert.ok(Math.abs(tapDelay(tapsAt(-30, 10), heard).delayMs + 30) <= 5);
  assert.equal(tapDelay(tapsAt(540, 5), heard).delayMs, 500);
});

test('the warm-up taps are not used: a late start does not move the result', () => {
  const taps = tapsAt(120, 10);
  taps[0] += 300; taps[1] += 250; taps[2] -= 150; // finding the beat
  const r = tapDelay(taps, heard);
  assert.ok(Math.abs(r.delayMs - 120) <= 5, `read ${r.delayMs}`);
});

test('missed clicks are fine: each tap belongs to the click it follows', () => {
  const r = tapDelay(tapsAt(300, 12, { skip: [5, 6, 9] }), heard);
  assert.equal(r.ok, true);
  assert.ok(Math.abs(r.delayMs - 300) <= 5, `read ${r.delayMs}`);
});

test('too few taps are refused, and so are taps that do not keep time', () => {
  assert.equal(tapDelay(tapsAt(100, 5).slice(0, 8), heard).reason, TAP_REFUSAL.TOO_FEW);
  assert.equal(tapDelay([], heard).reason, TAP_REFUSAL.TOO_FEW);
  const random = heard.map((h, i) => h + ((i * 7919) % 700) - 150);
  const r = tapDelay(random, heard);
  assert.equal(r.ok, false);
  assert.equal(r.reason, TAP_REFUSAL.UNSTEADY);
});
