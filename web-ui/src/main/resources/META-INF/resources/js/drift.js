// Drift corrector (pure, allocation-free: it runs inside the play-out AudioWorklet's process()).
// Input, once per render quantum: the sync error in samples, err = target − playHead (+ = the play
// head is behind, drop samples; − = ahead, insert samples). Output: how many single samples to drop
// (> 0) or insert (< 0) in this quantum, or RESYNC when the error is too large to slide away.
// Small errors are left alone (hysteresis: correct above `startMs`, stop below `stopMs`); the
// correction rate grows with the error up to `maxPpm`, so a few ms melt away inaudibly within
// seconds and a 100 ms error in well under a minute.

export const RESYNC = 0x7fffffff;

export class DriftCorrector {
  constructor({ sampleRate = 48000, startMs = 1, stopMs = 0.2, resyncMs = 200, horizonS = 2, minPpm = 100,
    maxPpm = 10_000, smoothing = 0.05 } = {}) {
    this.sampleRate = sampleRate;
    this.start = (startMs * sampleRate) / 1000;
    this.stop = (stopMs * sampleRate) / 1000;
    this.resync = (resyncMs * sampleRate) / 1000;
    this.horizon = horizonS * sampleRate;
    this.minRate = minPpm / 1e6;
    this.maxRate = maxPpm / 1e6;
    this.smoothing = smoothing;
    this.reset();
  }

  reset() {
    this.smoothed = 0;
    this.primed = false;
    this.active = false;
    this.acc = 0;
    this.dropped = 0;
    this.inserted = 0;
    this.resyncs = 0;
  }

  /**
   * @param {number} err sync error in samples (+ = behind)
   * @param {number} frames samples in this quantum
   * @returns {number} samples to drop (> 0) or insert (< 0) now, or RESYNC
   */
  update(err, frames) {
    if (Math.abs(err) >= this.resync) {
      this.resyncs++;
      this.smoothed = 0;
      this.primed = false;
      this.active = false;
      this.acc = 0;
      return RESYNC;
    }
    // smooth the measured error: the target mapping is updated with a little jitter
    this.smoothed = this.primed ? this.smoothed + this.smoothing * (err - this.smoothed) : err;
    this.primed = true;
    const mag = Math.abs(this.smoothed);
    if (this.active ? mag < this.stop : mag < this.start) {
      this.active = false;
      this.acc = 0;
      return 0;
    }
    this.active = true;
    let rate = mag / this.horizon;
    if (rate < this.minRate) rate = this.minRate;
    if (rate > this.maxRate) rate = this.maxRate;
    this.acc += rate * frames;
    let n = Math.floor(this.acc);
    if (n === 0) return 0;
    if (n > mag) n = Math.ceil(mag);
    this.acc -= n;
    // what we do now changes the error we will measure: keep the smoothed value honest
    if (this.smoothed > 0) {
      this.smoothed -= n;
      this.dropped += n;
      return n;
    }
    this.smoothed += n;
    this.inserted += n;
    return -n;
  }
}
