// Speaker calibration (issue #21), the pure part: the test signal, finding each click of it in what
// the microphone recorded, and deciding whether the result can be trusted. No audio API here: the
// page plays the clicks through the music's own output path and records the microphone on the same
// AudioContext clock (an AudioWorklet indexing samples by currentFrame), then hands both to these
// functions. The recipe and its measurements: docs/SYNC.md "Calibrating a speaker".
//
// The model. A click scheduled at context frame F reaches the recorder at frame A; the round trip
// R = A − F is the output path (graph → speaker), the air, and the input path (microphone →
// graph). The player already plays its modeled output latency early (what it reads or assumes), so
// what is left for the nudge is R − inputMs − modeled output. The model is taken per click (what it
// was while that click played): a busy machine's output can slip by tens of ms mid-run, and the model
// moves with it, so the difference holds still where the round trip alone does not.

/** A short linear chirp (1 → 8 kHz, Hann window): sharp in time, easy to tell from music and noise. */
export function chirpClick(sampleRate, { ms = 10, f0 = 1000, f1 = 8000, amp = 0.5 } = {}) {
  const n = Math.round((sampleRate * ms) / 1000);
  const t = new Float32Array(n);
  const T = n / sampleRate;
  for (let i = 0; i < n; i++) {
    const x = i / sampleRate;
    const phase = 2 * Math.PI * (f0 * x + ((f1 - f0) * x * x) / (2 * T));
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    t[i] = amp * w * Math.sin(phase);
  }
  return t;
}

/**
 * Gaps between `count` clicks, each between minMs and maxMs (uneven, so an echo of one click or a
 * periodic noise cannot line up with the next); deterministic for a seed.
 */
export function clickGapsMs(count, { minMs = 700, maxMs = 1100, seed = 1 } = {}) {
  let s = seed >>> 0;
  const gaps = [];
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    gaps.push(minMs + (s / 4294967296) * (maxMs - minMs));
  }
  return gaps;
}

/**
 * The lag (frames, 0 ≤ lag < maxLag) at which `tmpl` best matches `rec` from index `from` on, and
 * how well (normalized cross-correlation, −1…1).
 */
export function findClick(rec, from, maxLag, tmpl) {
  const m = tmpl.length;
  let te = 0;
  for (let k = 0; k < m; k++) te += tmpl[k] * tmpl[k];
  let we = 0;
  for (let k = 0; k < m; k++) {
    const v = rec[from + k] || 0;
    we += v * v;
  }
  let best = -Infinity;
  let bestLag = -1;
  for (let lag = 0; lag < maxLag; lag++) {
    const o = from + lag;
    let c = 0;
    for (let k = 0; k < m; k++) c += tmpl[k] * (rec[o + k] || 0);
    const coef = c / Math.sqrt(te * Math.max(we, 1e-12));
    if (coef > best) {
      best = coef;
      bestLag = lag;
    }
    const out = rec[o] || 0;
    const inn = rec[o + m] || 0;
    we = Math.max(0, we + inn * inn - out * out);
  }
  return { lag: bestLag, coef: best };
}

/** Root mean square of rec[from, from + n). */
export function rms(rec, from, n) {
  let e = 0;
  let k = 0;
  for (let i = Math.max(0, from); i < Math.min(rec.length, from + n); i++, k++) e += rec[i] * rec[i];
  return k ? Math.sqrt(e / k) : 0;
}

export const REFUSAL = Object.freeze({
  NOT_HEARD: 'not_heard', // the microphone did not hear the clicks (headphones, muted, another room)
  TOO_NOISY: 'too_noisy', // it heard them, but not clearly enough above the room's noise
  UNSTEADY: 'unsteady', // the clicks came back at different delays: nothing to trust
});

/** The median of a non-empty list of numbers. */
export const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Finds every click in the recording and decides.
 * @param {Float32Array} rec  the microphone, rec[i] recorded at context frame recStart + i
 * @param {number} recStart  context frame of rec[0]
 * @param {number[]} scheduled  context frames the clicks were scheduled at
 * @param {Float32Array} tmpl  the click as played
 * @param {object} o
 * @param {number} o.sampleRate
 * @param {number[]} [o.outputMs]  the player's modeled output latency while each click played (ms; 0s if not given)
 * @param {number} [o.maxRoundTripMs]  how late a click may come back (the window searched)
 * @param {number} [o.quietFrames]  frames of room noise recorded before the first click was played
 * @param {number} [o.noisyRms]  room noise above this (−40 dBFS) is a noisy room
 * @param {number} [o.maxSpreadMs]  how far the clicks' paths (round trip less modeled output) may differ
 * @returns {{ok: true, roundTripMs: number, pathMs: number, spreadMs: number, snrDb: number, coef: number, clicks: object[]}
 *   | {ok: false, reason: string, snrDb: number, coef: number, clicks: object[]}}
 *   pathMs: the round trip less the modeled output, the median of the clicks that agree on it
 */
export function measureRoundTrip(rec, recStart, scheduled, tmpl, {
  sampleRate, outputMs = [], maxRoundTripMs = 650, quietFrames = 0, minCoef = 0.5, minSnrDb = 3, maxSpreadMs = 4, minClicks = 3,
  noisyRms = 0.01,
} = {}) {
  const maxLag = Math.round((maxRoundTripMs * sampleRate) / 1000);
  const noise = quietFrames > 0 ? rms(rec, scheduled[0] - recStart - quietFrames, quietFrames) : 0;
  const clicks = scheduled.map((frame, i) => {
    const from = frame - recStart;
    const { lag, coef } = findClick(rec, from, maxLag, tmpl);
    const level = rms(rec, from + lag, tmpl.length);
    const snrDb = noise > 0 ? 20 * Math.log10(Math.max(level, 1e-12) / noise) : Infinity;
    const roundTripMs = (lag * 1000) / sampleRate;
    return { roundTripMs, pathMs: roundTripMs - (outputMs[i] ?? 0), coef, snrDb };
  });
  const coef = median(clicks.map((c) => c.coef));
  const snrDb = median(clicks.map((c) => c.snrDb));
  const heard = clicks.filter((c) => c.coef >= minCoef);
  if (heard.length < minClicks) {
    // nothing that looks like the click: drowned in a loud room, or not there at all (a quiet room)
    return { ok: false, reason: noise > noisyRms ? REFUSAL.TOO_NOISY : REFUSAL.NOT_HEARD, snrDb, coef, clicks };
  }
  if (snrDb < minSnrDb) return { ok: false, reason: REFUSAL.TOO_NOISY, snrDb, coef, clicks };
  // all the clicks heard but one (a cough) must agree: a path that slipped halfway through without
  // the model seeing it (a busy machine's input path keeps lost time) gives two answers, and picking
  // either would be a guess
  const enough = Math.max(minClicks, heard.length - 1);
  const agree = (key) => {
    const mid = median(heard.map((c) => c[key]));
    return heard.filter((c) => Math.abs(c[key] - mid) <= maxSpreadMs / 2);
  };
  const agreeing = agree('pathMs');
  if (agreeing.length >= enough) {
    const paths = agreeing.map((c) => c.pathMs);
    return {
      ok: true, roundTripMs: median(agreeing.map((c) => c.roundTripMs)), pathMs: median(paths),
      spreadMs: Math.max(...paths) - Math.min(...paths), snrDb, coef, clicks,
    };
  }
  // the round trip held still and the model moved: the model's reading was what wandered (Firefox's
  // output clock jumps for a second or two after the microphone opens or closes, and its readings
  // scatter by a few ms), not the path. The path is then the steady round trip less the model's
  // median over the clicks, which one wild reading cannot move.
  const steady = agree('roundTripMs');
  if (steady.length >= enough) {
    const trips = steady.map((c) => c.roundTripMs);
    const roundTripMs = median(trips);
    return {
      ok: true, roundTripMs, pathMs: roundTripMs - median(heard.map((c) => c.roundTripMs - c.pathMs)),
      spreadMs: Math.max(...trips) - Math.min(...trips), snrDb, coef, clicks,
    };
  }
  return { ok: false, reason: REFUSAL.UNSTEADY, snrDb, coef, clicks };
}

/**
 * The speaker delay to set (the nudge, ms, whole and within the slider's −200…500): the path a click
 * took beyond what the player already plays early for (measureRoundTrip's pathMs) less the input path.
 */
/**
 * The modeled output latency while each click played: the median of the samples ({t: context s, ms})
 * taken within `halfWindowS` of it (the model is sampled every ~100 ms and wanders by a few ms between
 * samples), or the nearest sample when none is that close.
 * @param {{t: number, ms: number}[]} samples
 * @param {number[]} clickTimesS  context times the clicks were played at
 */
export function outputAtClicks(samples, clickTimesS, { halfWindowS = 0.25 } = {}) {
  return clickTimesS.map((t) => {
    const near = samples.filter((x) => Math.abs(x.t - t) <= halfWindowS);
    if (near.length) return median(near.map((x) => x.ms));
    let best = samples[0];
    for (const x of samples) if (Math.abs(x.t - t) < Math.abs(best.t - t)) best = x;
    return best ? best.ms : 0;
  });
}

export function speakerDelayMs({ pathMs, inputMs }) {
  const ms = Math.round(pathMs - inputMs);
  return Math.max(-200, Math.min(500, ms));
}
