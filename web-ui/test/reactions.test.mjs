// Reactions show when this page hears their stream time (atUs + D), not when the message arrives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AHEAD_DROP_US, LATE_DROP_US, MAX_PENDING, ReactionTimeline } from '../src/main/resources/META-INF/resources/js/reactions.js';
import { trackOffsetText } from '../src/main/resources/META-INF/resources/js/now-playing.js';
import { fakeTimers } from './support/fake-timers.mjs';

const FIRE = '\u{1F525}';
const CLAP = '\u{1F44F}';

function harness(delayMs = 1200) {
  const t = fakeTimers(1_000_000_000_000);
  t.shown = [];
  t.line = new ReactionTimeline({
    nowUs: t.nowUs,
    delayUs: () => delayMs * 1000,
    onShow: (r) => t.shown.push({ ...r, at: t.now }),
    setTimer: t.setTimer,
    clearTimer: t.clearTimer,
  });
  return t;
}

test('a reaction stamped with what its sender heard shows when this page hears that moment', () => {
  const h = harness(1200);
  // the sender heard T = now − D and the update arrives 300 ms later with T in the next slot's future
  const atUs = h.line.heardUs() + 400_000; // 400 ms ahead of what this page hears now
  h.line.update({ counts: [{ emoji: FIRE, atUs, count: 12 }] });
  assert.deepEqual(h.shown, [], 'not on arrival');
  h.advance(399);
  assert.deepEqual(h.shown, [], 'not a millisecond early');
  h.advance(1);
  assert.equal(h.shown.length, 1);
  assert.equal(h.shown[0].emoji, FIRE);
  assert.equal(h.shown[0].count, 12);
  assert.equal(h.shown[0].at - 1200_000, atUs, 'at atUs + D on the server clock');
  assert.equal(h.shown[0].lateUs, 0);
});

test('counts in one update show each at its own slot, in stream-time order', () => {
  const h = harness(5000);
  const base = h.line.heardUs();
  h.line.update({ counts: [
    { emoji: CLAP, atUs: base + 300_000, count: 2 },
    { emoji: FIRE, atUs: base + 100_000, count: 1 },
  ] });
  h.advance(150);
  assert.deepEqual(h.shown.map((r) => r.emoji), [FIRE]);
  h.advance(200);
  assert.deepEqual(h.shown.map((r) => r.emoji), [FIRE, CLAP]);
});

test('a reaction already heard is shown at once, up to 2 s late; older ones are dropped', () => {
  const h = harness(400);
  const heard = h.line.heardUs();
  h.line.update({ counts: [
    { emoji: FIRE, atUs: heard - 250_000, count: 1 },
    { emoji: CLAP, atUs: heard - LATE_DROP_US - 1, count: 5 },
  ] });
  assert.deepEqual(h.shown.map((r) => [r.emoji, r.lateUs]), [[FIRE, 250_000]]);
  assert.equal(h.line.dropped, 5);
});

test('a reaction too far ahead of this page is not one of the room: dropped', () => {
  const h = harness(400);
  h.line.update({ counts: [{ emoji: FIRE, atUs: h.line.heardUs() + AHEAD_DROP_US + 1, count: 3 }] });
  h.advance(20_000);
  assert.deepEqual(h.shown, []);
  assert.equal(h.line.dropped, 3);
});

test('the sender sees its own tap at once, and the room\'s echo of it is not shown again', () => {
  const h = harness(1200);
  const atUs = h.line.heardUs();
  h.line.sent(FIRE, atUs);
  assert.equal(h.shown.length, 1);
  assert.equal(h.shown[0].own, true);
  // the room's window: this page's one plus two from others, same slot
  h.line.update({ counts: [{ emoji: FIRE, atUs: Math.floor(atUs / 100_000) * 100_000, count: 3 }] });
  assert.equal(h.shown.length, 2);
  assert.equal(h.shown[1].count, 2, 'only the others\' two');
  // the ledger is spent: a later count in that slot is all others'
  h.line.update({ counts: [{ emoji: FIRE, atUs: Math.floor(atUs / 100_000) * 100_000, count: 1 }] });
  assert.equal(h.shown[2].count, 1);
});

test('a flood waits in a bounded queue; clear() forgets everything', () => {
  const h = harness(5000);
  const base = h.line.heardUs() + 1_000_000;
  const counts = [];
  for (let i = 0; i < MAX_PENDING + 50; i++) counts.push({ emoji: FIRE, atUs: base + i * 10_000, count: 1 });
  h.line.update({ counts });
  assert.equal(h.line.pending.length, MAX_PENDING);
  assert.equal(h.line.dropped, 50);
  h.line.clear();
  h.advance(60_000);
  assert.deepEqual(h.shown, []);
});

test('malformed counts are skipped, not thrown', () => {
  const h = harness(400);
  h.line.update({ counts: [null, { emoji: FIRE }, { emoji: FIRE, atUs: h.line.heardUs(), count: 0 }, { atUs: 1, count: 1 }] });
  h.line.update({});
  assert.deepEqual(h.shown, []);
});

test('a chat message says where in the current track its sender was', () => {
  const track = { title: 'x', atUs: 1_000_000_000 };
  assert.equal(trackOffsetText(track, track.atUs + 151_400_000), 'at 2:31 of the track');
  assert.equal(trackOffsetText(track, track.atUs), 'at 0:00 of the track');
  assert.equal(trackOffsetText(track, track.atUs + 3_725_000_000), 'at 1:02:05 of the track');
  assert.equal(trackOffsetText(track, track.atUs - 1), '', 'before this track: not its time');
  assert.equal(trackOffsetText(null, 5), '');
  assert.equal(trackOffsetText(track, undefined), '');
});
