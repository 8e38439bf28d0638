// A fake server clock (µs) with timers, for the pure timing modules that take nowUs/setTimer/clearTimer
// (now-playing.js, reactions.js): advance(ms) moves the clock on and fires due timers in order.
export function fakeTimers(startUs) {
  const t = { now: startUs, timers: [] };
  t.nowUs = () => t.now;
  t.setTimer = (fn, ms) => {
    const timer = { fn, at: t.now + ms * 1000 };
    t.timers.push(timer);
    return timer;
  };
  t.clearTimer = (timer) => {
    t.timers = t.timers.filter((x) => x !== timer);
  };
  t.advance = (ms) => {
    const end = t.now + ms * 1000;
    for (;;) {
      t.timers.sort((a, b) => a.at - b.at);
      const next = t.timers[0];
      if (!next || next.at > end) break;
      t.timers.shift();
      t.now = next.at;
      next.fn();
    }
    t.now = end;
  };
  return t;
}
