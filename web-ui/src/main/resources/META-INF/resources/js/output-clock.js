// Maps AudioContext time to the performance.now() moment it is heard (pure). Fed with
// getOutputTimestamp() readings ({contextTime, performanceTime}: the sample at contextTime leaves
// the speaker at performanceTime), which already include the output device's latency. Readings
// spike and sometimes come back empty, so each is validated, the offset p − c·1000 is taken as the
// median of the recent ones and followed slowly; a lasting jump (the audio clock slipped: device
// change, interruption, a render thread that fell behind under load) is followed at once: beyond
// `slipMs` as soon as the median moves, and from `jumpMs` (3 ms) up as soon as `confirm` (3)
// consecutive readings agree on the new offset (within `agreeMs`) — 0.3 s instead of the ~2 s the
// median plus slow follow would take, time in which a guest plays a few ms off. Isolated spikes
// never agree three times in a row. Without valid readings it falls back to
// currentTime + outputLatency.

export class OutputClock {
  constructor({ window = 15, follow = 0.1, slipMs = 15, jumpMs = 3, confirm = 3, agreeMs = 1 } = {}) {
    this.window = window;
    this.follow = follow;
    this.slipMs = slipMs;
    this.jumpMs = jumpMs;
    this.confirm = confirm;
    this.agreeMs = agreeMs;
    this.reset();
  }

  reset() {
    this.recent = [];
    this.offset = null; // ms: perf = contextTime·1000 + offset
    this.valid = 0;
    this.invalid = 0;
    this.slips = 0;
    this.jumps = 0;
    this.pending = []; // consecutive readings away from the offset by more than jumpMs
    this.fallback = true;
  }

  /**
   * One reading. `ts` = getOutputTimestamp(), `perfNow` = performance.now(), `currentTime` and
   * `latencyS` (outputLatency or baseLatency) of the context at the same moment.
   */
  add(ts, perfNow, currentTime, latencyS = 0) {
    const c = ts?.contextTime;
    const p = ts?.performanceTime;
    const ok = c > 0 && p > 0 && Number.isFinite(c) && Number.isFinite(p)
      && c <= currentTime + 0.001 && Math.abs(p - perfNow) < 1000;
    if (!ok) {
      this.invalid++;
      if (this.fallback || this.offset === null) {
        this.offset = perfNow - currentTime * 1000 + latencyS * 1000;
        this.fallback = true;
      }
      return false;
    }
    this.valid++;
    this.fallback = false;
    const v = p - c * 1000;
    this.recent.push(v);
    if (this.recent.length > this.window) this.recent.shift();
    if (this.offset !== null && Math.abs(v - this.offset) > this.jumpMs) {
      const q = this.pending;
      if (q.length > 0 && Math.abs(v - q[0]) > this.agreeMs) q.length = 0; // a different story: start over
      q.push(v);
      if (q.length >= this.confirm) {
        const jump = [...q].sort((a, b) => a - b)[q.length >> 1];
        this.offset = jump;
        this.recent = [...q]; // the old readings must not pull the median back
        this.pending = [];
        this.jumps++;
        this.slips++;
        return true;
      }
    } else {
      this.pending.length = 0;
    }
    const median = [...this.recent].sort((a, b) => a - b)[this.recent.length >> 1];
    if (this.offset === null) {
      this.offset = median;
    } else if (Math.abs(median - this.offset) > this.slipMs) {
      this.slips++;
      this.offset = median; // a lasting jump: the median only moves after half the window agrees
    } else {
      this.offset += this.follow * (median - this.offset);
    }
    return true;
  }

  /** performance.now() ms at which context time `contextTime` (s) is heard. */
  perfAt(contextTime) {
    return contextTime * 1000 + (this.offset ?? 0);
  }

  /** Context time (s) heard at performance.now() `perfMs`. */
  contextAt(perfMs) {
    return (perfMs - (this.offset ?? 0)) / 1000;
  }
}
