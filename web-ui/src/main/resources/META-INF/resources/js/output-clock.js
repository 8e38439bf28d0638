// Maps AudioContext time to the performance.now() moment it is heard (pure), per engine, as each
// engine really reports it (measured against a PulseAudio recording, docs/SYNC.md "Engines"):
//
// - 'timestamp' (Chromium): getOutputTimestamp() = {contextTime, performanceTime}, the sample at
//   contextTime leaves the output at performanceTime, output latency included.
// - 'timestamp+latency' (Firefox): getOutputTimestamp() is currentTime and performance.now() both
//   pushed back by outputLatency, so the pair carries no latency: heard = pair + outputLatency.
// - 'context-time' (WebKit, and any engine without a usable timestamp): WebKit's performanceTime is
//   performance.now() + contextTime·1000 (fails the plausibility check below), outputLatency 0. The
//   page maps currentTime ↔ performance.now() (the median over readings, which jitter by one render
//   callback) plus outputLatency; where that is 0 the latency is unknown and ASSUMED_HIDDEN_MS
//   stands in for it, with an honest uncertainty (latencyKnown false: "approximate").
//
// Every reading is checked against the model before it is used: a timestamp must be plausible
// (positive, contextTime ≤ currentTime, performanceTime within PLAUSIBLE_MS of now) and, in the
// 'timestamp' model, agree with currentTime + outputLatency of the same moment within a render
// callback or so (the continuous cross-check; `crossCheckMs` is its median). A reading that fails
// is dropped; the model is re-decided from the last WINDOW readings every time, so a bad first
// second is never kept for good: once valid readings stop coming the page falls back to the
// context-time model and returns when they agree again.
//
// The chosen series of offsets (perf = contextTime·1000 + offset) is filtered as before: the median
// of recent values, followed slowly; a lasting jump (the audio clock slipped: device change,
// interruption, a render thread behind under load) is taken at once beyond `slipMs`, and from
// `jumpMs` up as soon as `confirm` consecutive readings agree on it (within `agreeMs`). Isolated
// spikes never agree three times in a row.

export const MODEL = Object.freeze({ TIMESTAMP: 'timestamp', SHIFTED: 'timestamp+latency', CONTEXT: 'context-time' });
/** A timestamp further than this from performance.now() is not one (WebKit's is now + contextTime). */
export const PLAUSIBLE_MS = 500;
/**
 * Output latency assumed where the engine reports none (WebKit: outputLatency 0). Measured at the
 * sink on WebKitGTK 2.50 + PulseAudio (CrossBrowserSyncIT, docs/SYNC.md): 17–19 ms on a quiet box,
 * 40–72 ms with the box busy and after an interruption; a phone's speaker is in that range,
 * Bluetooth is not. The middle of the range, and an uncertainty that covers both ends, until
 * calibration (#20) measures the real one.
 */
export const ASSUMED_HIDDEN_MS = 45;
/** How far off the assumed latency may honestly be (stated, shown as "approximate"). */
export const UNKNOWN_LATENCY_UNCERTAINTY_MS = 30;
const WINDOW = 20;
/** Output readings start once the context has run this long (s): before, every engine reports 0 or a stream still starting. */
export const FIRST_READ_AFTER_S = 1;
/** While the engine reports no output latency, it is asked again after 1, 2, 4, … up to this many ms. */
export const UNREPORTED_READ_BACKOFF_MAX_MS = 8000;

/**
 * Firefox (Gecko) on Linux: asking for `outputLatency` or `getOutputTimestamp()` can deadlock the
 * page for good. Both getters ask the audio process for the stream's latency (cubeb over AudioIPC,
 * synchronously, from the main thread, holding the audio graph's lock) until one answer is non-zero.
 * If the sound server's thread is then inside a data callback, that callback waits for the graph,
 * the graph for its lock, the lock's holder for the latency, and the latency for the sound server:
 * nobody moves again (thread dump in docs/SYNC.md "Engines"; 3 of 4 joins hung on a busy 2-core
 * box, rarer but never zero on a quiet one). A hung tab is worse than an approximate beat, so on
 * Gecko the page never asks: it maps currentTime ↔ now with the assumed latency and says its sync is
 * approximate. `geckoUserAgent` tells Gecko (Firefox's UA has "Gecko/2010…"; Chromium's and
 * WebKit's say "like Gecko").
 */
export function geckoUserAgent(userAgent) {
  return /\bGecko\/\d/.test(String(userAgent ?? ''));
}

/**
 * When the page may ask the context for its output mapping (`outputLatency`, then
 * `getOutputTimestamp()`): never where asking can hang the page (`neverAsk`: Gecko, above), not
 * before the context has run FIRST_READ_AFTER_S (every engine reports 0 or a stream still starting),
 * then `outputLatency` first and the timestamp only when a latency is reported; while the latency
 * reads 0 (WebKit always) ask again after 1, 2, 4, … s only. Pure: `ctx` needs `state`,
 * `currentTime`, `outputLatency` and `getOutputTimestamp()`.
 */
export class OutputReads {
  constructor({ neverAsk = false } = {}) {
    this.neverAsk = neverAsk;
    this.dueAt = 0;
    this.backoffMs = 0;
    this.latencyS = 0;
    this.asked = 0;
  }

  /**
   * One reading if one is due at `perfNow`: `{ ts, latencyS }` (ts null where the engine has no
   * getOutputTimestamp), else undefined (not asked; `latencyS` keeps the last answer).
   */
  read(ctx, perfNow) {
    if (this.neverAsk || !ctx || ctx.state !== 'running' || ctx.currentTime < FIRST_READ_AFTER_S || perfNow < this.dueAt) return undefined;
    this.asked++;
    const latencyS = Number(ctx.outputLatency) || 0;
    this.latencyS = latencyS > 0 ? latencyS : 0;
    if (this.latencyS > 0) {
      this.backoffMs = 0;
      return { ts: typeof ctx.getOutputTimestamp === 'function' ? ctx.getOutputTimestamp() : null, latencyS: this.latencyS };
    }
    this.backoffMs = Math.min(UNREPORTED_READ_BACKOFF_MAX_MS, Math.max(1000, this.backoffMs * 2));
    this.dueAt = perfNow + this.backoffMs;
    return undefined;
  }
}

function quantile(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))] : 0;
}

/** Median filter with jump detection over one series of offsets (ms). */
class OffsetFilter {
  constructor({ window, follow, slipMs, jumpMs, confirm, agreeMs }) {
    Object.assign(this, { window, follow, slipMs, jumpMs, confirm, agreeMs });
    this.reset();
  }

  reset() {
    this.recent = [];
    this.pending = [];
    this.offset = null;
  }

  /** Adds one value; returns 'jump' | 'slip' | null. `scale` widens the thresholds for jittery series. */
  add(v, scale = 0) {
    const jumpMs = Math.max(this.jumpMs, 1.5 * scale);
    const agreeMs = Math.max(this.agreeMs, scale / 2);
    this.recent.push(v);
    if (this.recent.length > this.window) this.recent.shift();
    if (this.offset !== null && Math.abs(v - this.offset) > jumpMs) {
      const q = this.pending;
      if (q.length > 0 && Math.abs(v - q[0]) > agreeMs) q.length = 0; // a different story: start over
      q.push(v);
      if (q.length >= this.confirm) {
        this.offset = [...q].sort((a, b) => a - b)[q.length >> 1];
        this.recent = [...q]; // the old readings must not pull the median back
        this.pending = [];
        return 'jump';
      }
    } else {
      this.pending.length = 0;
    }
    const median = [...this.recent].sort((a, b) => a - b)[this.recent.length >> 1];
    if (this.offset === null) {
      this.offset = median;
    } else if (Math.abs(median - this.offset) > this.slipMs) {
      this.offset = median; // a lasting jump: the median only moves after half the window agrees
      return 'slip';
    } else {
      this.offset += this.follow * (median - this.offset);
    }
    return null;
  }

  /** Half the interquartile range of the recent values (spikes do not count: the median ignores them). */
  halfSpread() {
    const s = [...this.recent].sort((a, b) => a - b);
    return (quantile(s, 0.75) - quantile(s, 0.25)) / 2;
  }
}

export class OutputClock {
  constructor({ window = 15, follow = 0.1, slipMs = 15, jumpMs = 3, confirm = 3, agreeMs = 1, crossToleranceMs = 25 } = {}) {
    this.filterOptions = { window, follow, slipMs, jumpMs, confirm, agreeMs };
    this.crossToleranceMs = crossToleranceMs;
    this.route = { extraMs: 0, uncertaintyMs: 0 };
    this.calibrationPmMs = null;
    this.reset();
  }

  /**
   * The speakers of this output were measured (speaker calibration or tap along, #21) to within
   * ±`pmMs`: where the engine hides its output latency, the assumed latency's error is then what the
   * measurement corrected, and sync is known to within ±pmMs instead of approximate. null: not
   * measured (a delay set by hand on the slider is not a measurement). Kept across reset().
   */
  setCalibration(pmMs) {
    this.calibrationPmMs = Number.isFinite(pmMs) && pmMs >= 0 ? pmMs : null;
  }

  /** True when the engine hides its output latency and a measurement stands in for it. */
  get calibrated() {
    return this.calibrationPmMs !== null && !this.#engineKnowsLatency();
  }

  #engineKnowsLatency() {
    return this.model !== MODEL.CONTEXT || this.latencyMs > 0;
  }

  /**
   * The output goes on through a path the context does not report (an <audio> element,
   * background-audio.js): `extraMs` more before it is heard, known to within `uncertaintyMs`; null: none.
   * Kept across reset().
   */
  setRoute(route) {
    this.route = { extraMs: route?.extraMs ?? 0, uncertaintyMs: route?.uncertaintyMs ?? 0 };
  }

  reset() {
    this.filter = new OffsetFilter(this.filterOptions);
    this.offset = null; // ms: perf = contextTime·1000 + offset
    this.model = MODEL.CONTEXT;
    this.kinds = []; // per recent reading: 'timestamp' | 'shifted' | 'disagree' | 'invalid'
    this.raw = []; // recent perf − currentTime·1000
    this.cross = []; // recent timestamp − (currentTime + latency) mappings, ms
    this.latencyMs = 0;
    this.valid = 0;
    this.invalid = 0; // timestamps dropped: implausible, or disagreeing with currentTime + latency
    this.slips = 0;
    this.jumps = 0;
    this.modelChanges = 0;
  }

  /** True when the page falls back to currentTime (no usable output timestamp). */
  get fallback() {
    return this.model === MODEL.CONTEXT;
  }

  /** False where the engine hides its output latency (an assumed value stands in) and no calibration measured it. */
  get latencyKnown() {
    return (this.#engineKnowsLatency() || this.calibrationPmMs !== null) && this.route.uncertaintyMs === 0;
  }

  /** Median of getOutputTimestamp − (currentTime + latency) over the recent readings (ms), or null. */
  get crossCheckMs() {
    if (this.cross.length === 0) return null;
    return [...this.cross].sort((a, b) => a - b)[this.cross.length >> 1];
  }

  /** How far the heard moment may honestly be off (ms): filter jitter, plus the assumed latency's (or the calibration's). */
  get uncertaintyMs() {
    const jitter = this.filter.halfSpread();
    if (this.model === MODEL.TIMESTAMP) return Math.max(1, jitter) + this.route.uncertaintyMs;
    const base = 1 + this.#rawHalfSpread() + this.route.uncertaintyMs;
    if (this.#engineKnowsLatency()) return base;
    return base + (this.calibrationPmMs ?? UNKNOWN_LATENCY_UNCERTAINTY_MS);
  }

  /**
   * One reading. `ts` = getOutputTimestamp() (or null: the engine gave none; undefined: not asked
   * this time, see OutputReads — neither dropped nor counted, the model stays), `perfNow` =
   * performance.now(), `currentTime`, `latencyS` = outputLatency of the context at the same moment
   * (the last one reported if not asked). Returns whether the reading was used.
   */
  add(ts, perfNow, currentTime, latencyS = 0) {
    const unread = ts === undefined;
    const latencyMs = Number.isFinite(latencyS) && latencyS > 0 ? latencyS * 1000 : 0;
    this.latencyMs = latencyMs;
    const r = perfNow - currentTime * 1000;
    this.raw.push(r);
    if (this.raw.length > WINDOW) this.raw.shift();

    const c = ts?.contextTime;
    const p = ts?.performanceTime;
    let kind = 'invalid';
    let g = null;
    if (c > 0 && p > 0 && Number.isFinite(c) && Number.isFinite(p) && c <= currentTime + 0.001
        && Math.abs(p - perfNow) < PLAUSIBLE_MS) {
      g = p - c * 1000;
      const shift = perfNow - p;
      const ctShift = (currentTime - c) * 1000;
      if (latencyMs > 0 && Math.abs(shift - latencyMs) < 1 && Math.abs(ctShift - latencyMs) < 1) {
        kind = 'shifted'; // the pair is (currentTime, now) pushed back by outputLatency: no latency in it
      } else {
        const cross = g - (r + latencyMs);
        this.cross.push(cross);
        if (this.cross.length > WINDOW) this.cross.shift();
        kind = Math.abs(cross) <= this.crossToleranceMs + 2 * this.#rawHalfSpread() ? 'timestamp' : 'disagree';
      }
    }
    if (!unread) {
      this.kinds.push(kind);
      if (this.kinds.length > WINDOW) this.kinds.shift();
    }

    const model = this.#decide();
    if (model !== this.model) {
      this.model = model;
      this.modelChanges++;
      this.filter.reset();
    }
    let v;
    let scale = 0;
    if (model === MODEL.TIMESTAMP) {
      v = kind === 'timestamp' ? g : null;
    } else if (model === MODEL.SHIFTED) {
      v = kind === 'shifted' ? g + latencyMs : null;
      scale = 2 * this.#rawHalfSpread();
    } else {
      // no usable timestamp: currentTime ↔ now, plus the latency the engine reports (else the assumed one)
      v = r + (latencyMs > 0 ? latencyMs : ASSUMED_HIDDEN_MS);
      scale = 2 * this.#rawHalfSpread();
    }
    if (unread) {
      // not asked: nothing dropped, nothing counted
    } else if (kind === 'invalid' || kind === 'disagree') this.invalid++; // dropped: re-measured on the next reading
    else this.valid++;
    if (v === null) {
      if (this.offset === null) this.offset = r + latencyMs;
      return false;
    }
    const event = this.filter.add(v, scale);
    if (event) {
      this.slips++;
      if (event === 'jump') this.jumps++;
    }
    this.offset = this.filter.offset;
    return true;
  }

  /** The model the recent readings support: a timestamp engine needs most of them valid. */
  #decide() {
    if (!this.kinds.length) return MODEL.CONTEXT; // nothing read yet (the first second): currentTime ↔ now
    let ts = 0;
    let shifted = 0;
    for (const k of this.kinds) {
      if (k === 'timestamp') ts++;
      else if (k === 'shifted') shifted++;
    }
    const need = Math.min(3, this.kinds.length);
    if (ts >= need && ts * 2 >= this.kinds.length) return MODEL.TIMESTAMP;
    if (shifted >= need && shifted * 2 >= this.kinds.length) return MODEL.SHIFTED;
    return MODEL.CONTEXT;
  }

  #rawHalfSpread() {
    const s = [...this.raw].sort((a, b) => a - b);
    return (quantile(s, 0.9) - quantile(s, 0.1)) / 2;
  }

  /**
   * How long after the graph renders a sample the model says it is heard (ms): what the player
   * already plays early for the output path (speaker calibration subtracts it), or null before the
   * first reading.
   */
  get modeledLatencyMs() {
    if (this.offset === null || this.raw.length === 0) return null;
    const s = [...this.raw].sort((a, b) => a - b);
    return this.offset + this.route.extraMs - quantile(s, 0.5);
  }

  /** performance.now() ms at which context time `contextTime` (s) is heard. */
  perfAt(contextTime) {
    return contextTime * 1000 + (this.offset ?? 0) + this.route.extraMs;
  }

  /** Context time (s) heard at performance.now() `perfMs`. */
  contextAt(perfMs) {
    return (perfMs - (this.offset ?? 0) - this.route.extraMs) / 1000;
  }
}
