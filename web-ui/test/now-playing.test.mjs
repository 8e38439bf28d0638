// A track change shows when it is heard (its stream time + D), not when the message arrives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NowPlayingTimeline, trackLine } from '../src/main/resources/META-INF/resources/js/now-playing.js';
import { fakeTimers } from './support/fake-timers.mjs';

function harness(delayMs = 5000) {
  const t = fakeTimers(1_000_000_000);
  t.shown = [];
  t.line = new NowPlayingTimeline({
    nowUs: t.nowUs,
    delayUs: () => delayMs * 1000,
    onShow: (track) => t.shown.push(track ? track.title : null),
    setTimer: t.setTimer,
    clearTimer: t.clearTimer,
  });
  return t;
}

test('a change captured now shows D later, to the microsecond of the timer', () => {
  const h = harness(5000);
  h.line.add({ title: 'B', atUs: h.now });
  assert.deepEqual(h.shown, [], 'not on arrival: the room hears it 5 s from now');
  h.advance(4999);
  assert.deepEqual(h.shown, []);
  h.advance(1);
  assert.deepEqual(h.shown, ['B']);
});

test('a late joiner sees the track already heard at once; quick skips show in order, each at its time', () => {
  const h = harness(1200);
  h.line.add({ title: 'A', atUs: h.now - 60_000_000 });
  assert.deepEqual(h.shown, ['A']);
  h.line.add({ title: 'B', atUs: h.now });
  h.line.add({ title: 'C', atUs: h.now + 300_000 });
  h.advance(1200);
  assert.deepEqual(h.shown, ['A', 'B']);
  h.advance(300);
  assert.deepEqual(h.shown, ['A', 'B', 'C']);
});

test('a change for an earlier stream time replaces what was pending after it; stop clears', () => {
  const h = harness(1000);
  h.line.add({ title: 'X', atUs: h.now + 500_000 });
  h.line.add({ title: 'Y', atUs: h.now + 100_000 }); // the host skipped back before X was heard
  h.advance(2000);
  assert.deepEqual(h.shown, ['Y']);
  h.line.clear();
  assert.deepEqual(h.shown, ['Y', null]);
  assert.equal(h.timers.length, 0);
});

test('trackLine', () => {
  assert.equal(trackLine({ title: 'Aurora', artist: 'Ana' }), 'Aurora — Ana');
  assert.equal(trackLine({ title: 'mix 04' }), 'mix 04');
  assert.equal(trackLine(null), '');
});

test('before the clock is synced a pending track waits at most a minute per look (no timer spin), and shows once re-timed', () => {
  let nowUs = 5_000_000; // an unsynced clock: performance.now() in µs, decades before the stream times
  const timers = [];
  const shown = [];
  const t = new NowPlayingTimeline({
    nowUs: () => nowUs, delayUs: () => 1_000_000, onShow: (x) => shown.push(x),
    setTimer: (fn, ms) => { timers.push(ms); return fn; }, clearTimer: () => {},
  });
  t.add({ title: 'Late joiner', atUs: 1.8e15 });
  assert.deepEqual(timers, [60_000], 'not an overflowing wait a browser would fire at once');
  assert.deepEqual(shown, []);
  nowUs = 1.8e15 + 2_000_000; // the clock synced: the track is 1 s past its heard moment
  t.retime();
  assert.equal(shown.length, 1);
  assert.equal(shown[0].title, 'Late joiner');
});
