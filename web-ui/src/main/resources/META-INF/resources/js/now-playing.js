// What plays, shown when it is heard: a track:changed carries the stream time its track starts at
// (capture time, server µs), and the room plays stream time T at server time T + D, so a guest
// shows the new title at atUs + D — with the music, not when the message arrives (seconds early in
// the Stable preset). Pure: the clock and the timer are passed in (node-tested).

/** The longest a timeline's timer waits before it looks again (ms); see #tick. */
export const MAX_WAIT_MS = 60_000;

export class NowPlayingTimeline {
  /**
   * @param {object} o
   * @param {() => number} o.nowUs  server time now, µs
   * @param {() => number} o.delayUs  the room's play-out delay D, µs
   * @param {(track: object|null) => void} o.onShow  the track to show now (null: nothing)
   * @param {(fn: () => void, ms: number) => any} [o.setTimer]
   * @param {(t: any) => void} [o.clearTimer]
   */
  constructor({ nowUs, delayUs, onShow, setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (t) => clearTimeout(t) }) {
    this.nowUs = nowUs;
    this.delayUs = delayUs;
    this.onShow = onShow;
    // called as plain functions (a browser's setTimeout refuses to be called as a method of another object)
    this.setTimer = (fn, ms) => setTimer(fn, ms);
    this.clearTimer = (t) => clearTimer(t);
    this.pending = []; // not heard yet, by stream time
    this.shown = null;
    this.timer = null;
  }

  /** A track:changed (or room:joined's track): shown at once if already heard, else when it is. */
  add(track) {
    if (!track || !Number.isFinite(track.atUs)) return;
    // a later change at or before this stream time replaces what was pending after it
    this.pending = this.pending.filter((t) => t.atUs < track.atUs);
    this.pending.push(track);
    this.#tick();
  }

  /** The broadcast stopped, or the page left the room: nothing plays. */
  clear() {
    this.pending = [];
    this.clearTimer(this.timer);
    this.timer = null;
    if (this.shown !== null) {
      this.shown = null;
      this.onShow(null);
    }
  }

  /** The play-out delay changed, or the clock (re)synced: re-time what is pending. */
  retime() {
    this.#tick();
  }

  #tick() {
    this.clearTimer(this.timer);
    this.timer = null;
    const heardUs = this.nowUs() - this.delayUs();
    let due = null;
    while (this.pending.length > 0 && this.pending[0].atUs <= heardUs) due = this.pending.shift();
    if (due && due !== this.shown) {
      this.shown = due;
      this.onShow(due);
    }
    if (this.pending.length > 0) {
      // at most a minute at a time: before the clock is synced the wait reads as decades, which a
      // browser's timer takes as 0 (over 2^31 ms) and would spin on; re-timed when the clock syncs
      const waitMs = Math.min(MAX_WAIT_MS, Math.max(0, (this.pending[0].atUs - heardUs) / 1000));
      this.timer = this.setTimer(() => this.#tick(), waitMs);
    }
  }
}

/** "Windowlicker — Aphex Twin" (the artist only where there is one). */
export function trackLine(t) {
  if (!t) return '';
  return t.artist ? `${t.title} — ${t.artist}` : t.title;
}

/**
 * "at 2:31 of the track": where in the track `track` (started at stream time track.atUs) the stream
 * time `atUs` is, or '' where that is not known (no track, or atUs before it started or a day past).
 */
export function trackOffsetText(track, atUs) {
  if (!track || !Number.isFinite(track.atUs) || !Number.isFinite(atUs)) return '';
  const s = Math.floor((atUs - track.atUs) / 1e6);
  if (s < 0 || s >= 86400) return '';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return `at ${h > 0 ? `${h}:${String(m).padStart(2, '0')}` : m}:${ss} of the track`;
}
