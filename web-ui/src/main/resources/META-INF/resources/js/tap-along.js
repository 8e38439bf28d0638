// "Tap along" (issue #21): the speaker delay by ear, for when the microphone cannot hear the speakers
// (headphones, AirPods, no microphone) or the room is too loud. The page plays a steady click through
// the music's own output path; the guest taps on each click they hear. Each tap is compared with the
// moment the page's output model says that click left the speakers with no speaker delay; the median
// difference is the speaker delay. Tapping is approximate — people tap a little ahead of a beat they
// expect, by a few tens of ms — so the page says "about" and how steady the taps were
// (docs/SYNC.md "Tap along").
import { chirpClick, median } from './calibration.js';

export const TAP = Object.freeze({
  clicks: 16,
  /** 80 a minute: comfortable to tap, and wide enough that a tap belongs to one click (see window). */
  intervalMs: 750,
  /** A tap belongs to the click it follows by −200…+550 ms: the slider's range, one click each. */
  windowMs: Object.freeze([-200, 550]),
  /** The first taps find the beat; they are not used. */
  warmup: 4,
  minTaps: 6,
  /** Taps whose middle half spreads more than this are not steady enough to set anything. */
  maxIqrMs: 80,
});

export const TAP_REFUSAL = Object.freeze({
  TOO_FEW: 'too_few', // fewer than minTaps taps after the warm-up landed near a click
  UNSTEADY: 'unsteady', // the taps did not keep time with the clicks
});

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];

/**
 * The speaker delay from taps.
 * @param {number[]} tapsMs  performance.now() of each tap, in order
 * @param {number[]} heardMs  performance.now() at which each click leaves the speakers per the output model (no speaker delay)
 * @returns {{ok: true, delayMs: number, iqrMs: number, used: number} | {ok: false, reason: string, used: number}}
 */
export function tapDelay(tapsMs, heardMs, { windowMs = TAP.windowMs, warmup = TAP.warmup, minTaps = TAP.minTaps, maxIqrMs = TAP.maxIqrMs } = {}) {
  const [lo, hi] = windowMs;
  const offsets = [];
  for (const tap of tapsMs) {
    const click = heardMs.find((h) => tap - h >= lo && tap - h < hi);
    if (click !== undefined) offsets.push(tap - click);
  }
  const used = offsets.slice(warmup);
  if (used.length < minTaps) return { ok: false, reason: TAP_REFUSAL.TOO_FEW, used: used.length };
  const sorted = [...used].sort((a, b) => a - b);
  const iqrMs = quantile(sorted, 0.75) - quantile(sorted, 0.25);
  if (iqrMs > maxIqrMs) return { ok: false, reason: TAP_REFUSAL.UNSTEADY, used: used.length, iqrMs };
  return { ok: true, delayMs: Math.max(-200, Math.min(500, Math.round(median(used)))), iqrMs, used: used.length };
}

/**
 * Plays the clicks on a started player (its music held) and collects taps until the last click has
 * passed. `taps` is filled by the page (pointerdown on the Tap button, Space) while this runs. Nothing
 * on the page should move with the clicks: a visual beat would be tapped to instead of the sound.
 * @param {import('./player.js').Player} player
 * @param {{taps: number[]}} o
 */
export async function tapAlong(player, { taps, clicks = TAP.clicks, intervalMs = TAP.intervalMs } = {}) {
  const ctx = player.ctx;
  if (!ctx) throw new Error('Join audio first.');
  const sr = ctx.sampleRate;
  const tmpl = chirpClick(sr, { ms: 12, f0: 1500, f1: 3000, amp: 0.6 });
  const buffer = ctx.createBuffer(1, tmpl.length, sr);
  buffer.copyToChannel(tmpl, 0);
  const nodes = [];
  const timers = [];
  player.hold(true);
  try {
    const first = ctx.currentTime + 0.8;
    const heardMs = [];
    for (let i = 0; i < clicks; i++) {
      const at = first + (i * intervalMs) / 1000;
      const s = ctx.createBufferSource();
      s.buffer = buffer;
      s.connect(player.sink);
      s.start(at);
      nodes.push(s);
      heardMs.push(player.out.perfAt(at));
    }
    if (globalThis.window?.roomcastDebug) window.roomcastDebug.tapAlong = { heardMs, intervalMs };
    const end = heardMs[heardMs.length - 1] + TAP.windowMs[1];
    await new Promise((resolve) => { timers.push(setTimeout(resolve, Math.max(0, end - performance.now()))); });
    return { ...tapDelay(taps, heardMs), taps: taps.length, clicks };
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const n of nodes) {
      try { n.disconnect(); } catch { /* already gone */ }
    }
    player.hold(false);
  }
}
