// Automatic tier choice on the guest (pure): step down when the audio arrives with too little time
// to spare (or the buffer ran dry), step back up after a long healthy spell.
import { tierHigher, tierLower } from './protocol.js';

export class TierPolicy {
  constructor({ lowFraction = 0.15, healthyFraction = 0.5, upAfterMs = 30_000, cooldownMs = 10_000 } = {}) {
    this.lowFraction = lowFraction;
    this.healthyFraction = healthyFraction;
    this.upAfterMs = upAfterMs;
    this.cooldownMs = cooldownMs;
    this.lastChange = -Infinity;
    this.healthySince = null;
    this.lastUnderruns = 0;
  }

  /**
   * @param {string} tier the tier received now
   * @param {{headroomMs: number|null, underruns: number, late: boolean, delayMs: number}} s
   * @returns {string|null} the tier to ask for, or null to stay
   */
  update(tier, s, nowMs) {
    const newUnderruns = s.underruns > this.lastUnderruns;
    this.lastUnderruns = s.underruns;
    const headroom = s.headroomMs ?? s.delayMs;
    const bad = newUnderruns || s.late || headroom < this.lowFraction * s.delayMs;
    const healthy = !bad && headroom > this.healthyFraction * s.delayMs;
    if (bad) {
      this.healthySince = null;
      if (tier !== 'low' && nowMs - this.lastChange >= this.cooldownMs) {
        this.lastChange = nowMs;
        return tierLower(tier);
      }
      return null;
    }
    if (!healthy) {
      this.healthySince = null;
      return null;
    }
    if (this.healthySince === null) this.healthySince = nowMs;
    if (tier !== 'high' && nowMs - this.healthySince >= this.upAfterMs && nowMs - this.lastChange >= this.cooldownMs) {
      this.lastChange = nowMs;
      this.healthySince = nowMs;
      return tierHigher(tier);
    }
    return null;
  }
}
