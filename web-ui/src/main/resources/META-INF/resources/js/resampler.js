// Streaming sample-rate converter (pure): any rate → any rate, planar channels, cubic Hermite
// interpolation. Used by the host when its AudioContext is not at 48 kHz (→ 48 kHz for the encoder)
// and by the guest when its AudioContext is not at 48 kHz (48 kHz → context rate). Keeps four
// samples of history per channel so blocks join without clicks, and keeps its fractional read
// position so the output count never drifts from inRate/outRate over a long stream.

const HISTORY = 4; // one more than the 3 the cubic needs: float rounding may leave t just under 2

export class Resampler {
  /**
   * @param {number} inRate input sample rate (Hz)
   * @param {number} outRate output sample rate (Hz)
   * @param {number} channels number of planar channels
   */
  constructor(inRate, outRate, channels = 2) {
    if (!(inRate > 0 && outRate > 0)) throw new RangeError('rates must be positive');
    this.inRate = inRate;
    this.outRate = outRate;
    this.channels = channels;
    this.step = inRate / outRate;
    this.passThrough = inRate === outRate;
    this.history = Array.from({ length: channels }, () => new Float32Array(HISTORY));
    this.t = HISTORY; // read position in the virtual array history ++ block
  }

  /** Most output samples one call with `inputLength` input samples can produce. */
  maxOutput(inputLength) {
    return Math.ceil((inputLength + 1) / this.step) + 1;
  }

  /**
   * Converts one block. `input` is an array of Float32Array (one per channel, same length).
   * Returns an array of Float32Array (new arrays unless `out` with enough room is given; then
   * subarrays of `out`).
   */
  process(input, out) {
    const n = input[0].length;
    if (this.passThrough) return input.map((c) => (out ? (out[0].set(c), c) : c.slice()));
    const len = HISTORY + n;
    const step = this.step;
    let count = 0;
    for (let t = this.t; Math.floor(t) + 2 < len; t += step) count++;
    const result = [];
    for (let ch = 0; ch < this.channels; ch++) {
      const hist = this.history[ch];
      const x = input[ch];
      const y = out && out[ch].length >= count ? out[ch].subarray(0, count) : new Float32Array(count);
      const at = (i) => (i < HISTORY ? hist[i] : x[i - HISTORY]);
      let t = this.t;
      for (let k = 0; k < count; k++, t += step) {
        const i = Math.floor(t);
        const f = t - i;
        const xm1 = at(i - 1);
        const x0 = at(i);
        const x1 = at(i + 1);
        const x2 = at(i + 2);
        // Catmull-Rom (cubic Hermite)
        const c1 = 0.5 * (x1 - xm1);
        const c2 = xm1 - 2.5 * x0 + 2 * x1 - 0.5 * x2;
        const c3 = 0.5 * (x2 - xm1) + 1.5 * (x0 - x1);
        y[k] = ((c3 * f + c2) * f + c1) * f + x0;
      }
      // new history: the last HISTORY samples of history ++ block
      const tail = new Float32Array(HISTORY);
      for (let j = 0; j < HISTORY; j++) tail[j] = at(len - HISTORY + j);
      this.history[ch] = tail;
      result.push(y);
    }
    this.t = this.t + count * step - n;
    return result;
  }

  reset() {
    for (const h of this.history) h.fill(0);
    this.t = HISTORY;
  }
}
