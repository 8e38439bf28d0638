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
  const starts = [];
  for (const t of pings) if (!starts.length || t - starts[starts.length - 1] > 1000) starts.push(t);
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

test('on a quiet page: three quick bursts after the first, then about every 10 s', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    let now = 0;
    const clock = () => now;
    const socket = new FakeSocket(clock, () => 0);
    const c = new Clock(socket, { now: clock });
    for (; now < 60_000; now += 10) mock.timers.tick(10);
    const gaps = burstStarts(socket.pings).map((t, i, a) => (i ? t - a[i - 1] : 0)).slice(1);
    assert.equal(gaps.filter((g) => g < 3_000).length, 3, `gaps ${gaps.map((g) => (g / 1000).toFixed(1))}`);
    assert.ok(gaps.slice(3).every((g) => g > 8_000), `gaps ${gaps.map((g) => (g / 1000).toFixed(1))}`);
    c.stop();
  } finally {
    mock.timers.reset();
  }
});
