// NTP-style clock offset estimation (pure). Local time is performance.now() in ms; server time is
// µs since the epoch. One probe gives rtt = (t3 − t0) − (t2 − t1)/1000 ms and
// offset = (t1 + t2)/2 − (t0 + t3)/2 × 1000 µs (server = local × 1000 + offset), wrong by at most
// rtt/2. Of each burst of probes only the lowest-RTT sample is kept; over the kept history's sharp
// samples (round trip within 2× + 1 ms of the best) a line
// offset(t) = a + b·t is fitted (weights 1/rtt²), so drift between the clocks is tracked (as far as
// the round trips make it significant: noisy probes do not invent drift). Two bursts
// in a row far off the line mean the server clock stepped (or another gateway answers): the history
// restarts from them.

export class ClockFilter {
  constructor({ historyMs = 300_000, maxPoints = 40, minSpanMs = 30_000, maxDriftPpm = 500, stepUs = 10_000,
    sharpFactor = 2, sharpSlackMs = 1 } = {}) {
    this.historyMs = historyMs;
    this.maxPoints = maxPoints;
    this.minSpanMs = minSpanMs;
    this.maxDriftPpm = maxDriftPpm;
    this.stepUs = stepUs;
    this.sharpFactor = sharpFactor;
    this.sharpSlackMs = sharpSlackMs;
    this.reset();
  }

  reset() {
    this.points = []; // {t: local ms, offset: µs, rtt: ms, suspect: bool}
    this.pending = null; // best sample of the burst in progress
    this.pendingBurst = null;
    this.fit = null; // {t0, a, b}: offset(t) = a + b (t − t0), b in µs per ms
    this.samples = 0;
    this.rejected = 0;
    this.steps = 0;
  }

  /**
   * Adds one ping/pong. t0, t3: local send/receive ms; t1, t2: server receive/send µs; burst: id of
   * the probe round it belongs to. Returns the sample {t, offset, rtt} or null if it is impossible.
   */
  addSample(t0, t1, t2, t3, burst = 0) {
    const rtt = t3 - t0 - (t2 - t1) / 1000;
    if (!(rtt >= 0) || t2 < t1 || !Number.isFinite(t1) || !Number.isFinite(t2) || rtt > 10_000) {
      this.rejected++;
      return null;
    }
    this.samples++;
    const s = { t: (t0 + t3) / 2, offset: (t1 + t2) / 2 - ((t0 + t3) / 2) * 1000, rtt, suspect: false };
    if (this.pendingBurst !== burst && this.pending) this.#commit(this.pending);
    if (this.pendingBurst !== burst || !this.pending || s.rtt < this.pending.rtt) this.pending = s;
    this.pendingBurst = burst;
    this.#refit();
    return s;
  }

  /** Closes the burst in progress (its best sample joins the history). */
  endBurst() {
    if (this.pending) this.#commit(this.pending);
    this.pending = null;
    this.pendingBurst = null;
    this.#refit();
  }

  get ready() {
    return this.fit !== null;
  }

  /** Estimated server − local offset in µs at local time `t` ms. */
  offsetUs(t) {
    if (!this.fit) return 0;
    return this.fit.a + this.fit.b * (t - this.fit.t0);
  }

  /** Drift of the server clock against the local clock, parts per million. */
  get driftPpm() {
    return this.fit ? this.fit.b * 1000 : 0;
  }

  /** Lowest round trip among the kept samples, ms. */
  get bestRttMs() {
    let best = Infinity;
    for (const p of this.#usable()) best = Math.min(best, p.rtt);
    return best;
  }

  #usable() {
    const pts = this.points.filter((p) => !p.suspect);
    if (this.pending && !this.#isOff(this.pending)) pts.push(this.pending);
    const all = pts.length > 0 ? pts : this.pending ? [this.pending] : this.points.slice(-1);
    // Only the sharp ones: a sample's error is not random noise around the truth but a one-sided
    // delay of up to its round trip (a busy page answers late, always the same way), so samples
    // with round trips far above the best would bias the line, however little they weigh.
    let best = Infinity;
    for (const p of all) best = Math.min(best, p.rtt);
    return all.filter((p) => p.rtt <= best * this.sharpFactor + this.sharpSlackMs);
  }

  // Off the line by more than both samples' uncertainty: the new one's round trip plus the best one
  // behind the line (a first burst taken while the page was busy loading can have round trips of
  // half a second; a later, sharper sample that disagrees with it is news, not an outlier).
  #isOff(p) {
    if (!this.fit) return false;
    let lineRtt = Infinity;
    for (const q of this.points) if (!q.suspect) lineRtt = Math.min(lineRtt, q.rtt);
    if (lineRtt === Infinity) lineRtt = 0;
    return Math.abs(p.offset - this.offsetUs(p.t)) > Math.max(this.stepUs, (p.rtt + lineRtt) * 1000);
  }

  #commit(p) {
    if (this.#isOff(p)) {
      const last = this.points[this.points.length - 1];
      p.suspect = true;
      if (last && last.suspect && Math.sign(last.offset - this.offsetUs(last.t)) === Math.sign(p.offset - this.offsetUs(p.t))) {
        // two in a row on the same side: the clock stepped; start over from them
        this.steps++;
        last.suspect = false;
        p.suspect = false;
        this.points = [last, p];
        this.fit = null;
        return;
      }
    } else {
      // a lone outlier followed by a good point was a spike: forget it
      this.points = this.points.filter((q) => !q.suspect);
    }
    this.points.push(p);
    const horizon = p.t - this.historyMs;
    while (this.points.length > this.maxPoints || (this.points.length > 2 && this.points[0].t < horizon)) {
      this.points.shift();
    }
  }

  #refit() {
    const pts = this.#usable();
    if (pts.length === 0) {
      this.fit = null;
      return;
    }
    const t0 = pts[pts.length - 1].t;
    const y0 = pts[pts.length - 1].offset;
    let sw = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (const p of pts) {
      const w = 1 / Math.max(p.rtt, 0.25) ** 2;
      const x = p.t - t0;
      const y = p.offset - y0;
      sw += w;
      sx += w * x;
      sy += w * y;
      sxx += w * x * x;
      sxy += w * x * y;
    }
    const span = pts[pts.length - 1].t - pts[0].t;
    let b = 0;
    const det = sw * sxx - sx * sx;
    if (pts.length >= 3 && span >= this.minSpanMs && det > 0) {
      b = (sw * sxy - sx * sy) / det;
      // Only as much drift as the data supports: a sample's offset is wrong by up to ±rtt/2 (σ ≈
      // rtt/(2√3)), so the slope's standard error is sqrt(1 / Σ(x − x̄)²/σ²). On a loaded machine
      // (RTTs of 40 ms) a 30–100 s history gives ±100–200 ppm of noise: a fitted slope of that
      // size moved two guests of one machine 0.4 ms apart per second. Shrink b towards 0 by its
      // significance (b·max(0, 1 − (se/b)²)): real drift with good probes is kept almost whole.
      const se = Math.sqrt((1e6 / 12) * (sw / det)); // µs per ms; weights are 1/rtt² with rtt in ms, y in µs
      const k = b !== 0 ? 1 - (se / b) ** 2 : 0;
      b = k > 0 ? b * k : 0;
      const max = this.maxDriftPpm / 1000;
      b = Math.max(-max, Math.min(max, b));
    }
    // intercept at t0 given slope b (weighted mean of residuals)
    const a = y0 + (sy - b * sx) / sw;
    this.fit = { t0, a, b };
  }
}
