import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { Clock } from '../src/main/resources/META-INF/resources/js/clock.js';
import { Emitter } from '../src/main/resources/META-INF/resources/js/emitter.js';

/**
 * A socket whose server answers each clock:ping after a one-sided delay that a function of the
 * local time decides (a page busy loading answers late), on fake timers.
 */
class FakeSocket extends Emitter {
  constructor(now, returnDelayMs) {
    super();
    this.now = now;
    this.returnDelayMs = returnDelayMs;
    this.isOpen = true;
    this.pings = [];
  }

  send(m) {
    this.pings.push(this.now());
    const t1 = 1.7e15 + (this.now() + 0.5) * 1000;
    setTimeout(() => this.emit('clock:pong', { id: m.id, t0: m.t0, t1, t2: t1 + 50 }), 1 + this.returnDelayMs(this.now()));
  }
}

function burstStarts(pings) {
  // probes within a burst are 50 ms apart; bursts start at least ~0.45 s apart
  const starts = [];
  let last = -Infinity;
  for (const t of pings) {
    if (t - last > 100) starts.push(t);
    last = t;
  }
  return starts;
}

test('bursts come about every 2 s while they keep sharpening the round trip, then about every 10 s', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const random = Math.random;
  Math.random = () => 0.5; // the Clock spreads its bursts ±10 %: fixed here, so the run is the same every time
  try {
    let now = 0;
    const clock = () => now;
    // busy for the first 20 s: answers 2 s late, then half as late in every 1.9 s step; quiet after that
    const socket = new FakeSocket(clock, (t) => (t < 20_000 ? 2_000 / 2 ** Math.floor(t / 1_900) : 0));
    const c = new Clock(socket, { now: clock });
    for (; now < 90_000; now += 1) mock.timers.tick(1);
    const gaps = burstStarts(socket.pings).map((t, i, a) => (i ? t - a[i - 1] : 0)).slice(1);
    const quick = gaps.filter((g) => g < 3_000).length;
    assert.ok(quick >= 6, `quick bursts while the round trip kept dropping: gaps ${gaps.map((g) => (g / 1000).toFixed(1))}`);
    assert.ok(gaps.slice(-3).every((g) => g > 8_000), `then the slow cadence: gaps ${gaps.map((g) => (g / 1000).toFixed(1))}`);
    assert.ok(c.rttMs < 5, `and the estimate is sharp by then (best round trip ${c.rttMs} ms)`);
    c.stop();
  } finally {
    Math.random = random;
    mock.timers.reset();
  }
});

test('on a quiet page: eight fast bursts after the first, three quick ones, then about every 10 s', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    let now = 0;
    const clock = () => now;
    const socket = new FakeSocket(clock, () => 0);
    const c = new Clock(socket, { now: clock });
    for (; now < 60_000; now += 10) mock.timers.tick(10);
    const gaps = burstStarts(socket.pings).map((t, i, a) => (i ? t - a[i - 1] : 0)).slice(1);
    const shown = `gaps ${gaps.map((g) => (g / 1000).toFixed(1))}`;
    assert.ok(gaps.slice(0, 8).every((g) => g >= 400 && g <= 600), `every ~0.5 s for the first ~4 s: ${shown}`);
    assert.ok(gaps.slice(8, 11).every((g) => g >= 1_700 && g <= 2_300), `then three ~2 s apart: ${shown}`);
    assert.ok(gaps.slice(11).length >= 3 && gaps.slice(11).every((g) => g > 8_000), `then every ~10 s: ${shown}`);
    c.stop();
  } finally {
    mock.timers.reset();
  }
});

test('a page busy right after joining is sharp within a second and a half, not after the first quick bursts', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const random = Math.random;
  Math.random = () => 0.5;
  try {
    let now = 0;
    const clock = () => now;
    // for its first 10 s the page handles an answer on time only in a 60 ms quiet moment every 700 ms
    // (at 600–660 ms of each): everything else comes back 200 ms late
    const socket = new FakeSocket(clock, (t) => (t < 10_000 && t % 700 < 600 ? 200 : 0));
    const c = new Clock(socket, { now: clock });
    for (; now < 1_500; now += 1) mock.timers.tick(1);
    const errorMs = Math.abs(c.offsetUs - 1.7e15) / 1000;
    assert.ok(errorMs < 2, `within 2 ms of the server's clock at 1.5 s: ${errorMs.toFixed(1)} ms off (round trip ${c.rttMs} ms)`);
    c.stop();
  } finally {
    Math.random = random;
    mock.timers.reset();
  }
});
