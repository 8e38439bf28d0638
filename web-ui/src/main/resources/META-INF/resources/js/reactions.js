// Reactions on the beat: a reaction carries the stream time its sender was hearing (capture time,
// server µs), and the room plays stream time T at server time T + D, so every page shows it when its
// own play-out reaches T — on the drop it was a reaction to, not when the message arrives. The same
// mapping as now-playing.js (heard = server now − D). Pure: the clock and the timer are passed in
// (node-tested in test/reactions.test.mjs).
import { MAX_WAIT_MS } from './now-playing.js';
import { Limits } from './protocol.js';

/** A reaction heard more than this long ago (µs) is dropped: its moment has passed. Less: shown at once. */
export const LATE_DROP_US = 2_000_000;
/** A reaction more than this far ahead of what this page hears (µs) is not one of the room's: dropped. */
export const AHEAD_DROP_US = 10_000_000;
/** Most reactions waiting for their moment (the oldest go first past it): a flood grows nothing. */
export const MAX_PENDING = 256;

const slotOf = (atUs) => Math.floor(atUs / Limits.REACTION_SLOT_US) * Limits.REACTION_SLOT_US;

export class ReactionTimeline {
  /**
   * @param {object} o
   * @param {() => number} o.nowUs  server time now, µs
   * @param {() => number} o.delayUs  the room's play-out delay D, µs (0 for the host, who hears the capture)
   * @param {(r: {emoji: string, atUs: number, count: number, lateUs: number, arrivedUs: number, own?: boolean}) => void} o.onShow
   *   lateUs: how far past atUs this page's play-out was when shown; arrivedUs: the stream time it heard
   *   when the update arrived
   * @param {(fn: () => void, ms: number) => any} [o.setTimer]
   * @param {(t: any) => void} [o.clearTimer]
   * @param {boolean} [o.atOnce]  show every reaction as it arrives (the studio: it hears the capture live,
   *   D ahead of the guests, so every guest's reaction reaches it after its moment)
   */
  constructor({ nowUs, delayUs, onShow, setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (t) => clearTimeout(t),
    atOnce = false }) {
    this.atOnce = atOnce;
    this.nowUs = nowUs;
    this.delayUs = delayUs;
    this.onShow = onShow;
    this.setTimer = (fn, ms) => setTimer(fn, ms);
    this.clearTimer = (t) => clearTimer(t);
    this.pending = []; // by stream time
    this.own = new Map(); // "emoji slot" -> this page's reactions the server has not echoed yet
    this.timer = null;
    this.dropped = 0;
  }

  /** The stream time this page hears now (server µs): what a reaction or a chat message is stamped with. */
  heardUs() {
    return Math.round(this.nowUs() - this.delayUs());
  }

  /**
   * This page sent a reaction stamped `atUs`: shown at once (the tap's own feedback), and left out of
   * the room's next counts so it is not shown twice.
   */
  sent(emoji, atUs) {
    const key = `${emoji} ${slotOf(atUs)}`;
    this.own.set(key, (this.own.get(key) ?? 0) + 1);
    this.onShow({ emoji, atUs, count: 1, lateUs: 0, arrivedUs: atUs, own: true });
  }

  /** A reactions:update: each count shown when this page's play-out reaches its stream time. */
  update(m) {
    const heard = this.heardUs();
    for (const c of m?.counts ?? []) {
      if (!Number.isFinite(c?.atUs) || !(c.count > 0) || typeof c.emoji !== 'string') continue;
      let count = c.count;
      const key = `${c.emoji} ${slotOf(c.atUs)}`;
      const mine = this.own.get(key) ?? 0;
      if (mine > 0) {
        const take = Math.min(mine, count);
        count -= take;
        if (mine - take > 0) this.own.set(key, mine - take);
        else this.own.delete(key);
      }
      if (count <= 0) continue;
      if (this.atOnce) {
        this.onShow({ emoji: c.emoji, atUs: c.atUs, count, lateUs: heard - c.atUs, arrivedUs: heard });
        continue;
      }
      if (c.atUs < heard - LATE_DROP_US || c.atUs > heard + AHEAD_DROP_US) {
        this.dropped += count;
        continue;
      }
      this.pending.push({ emoji: c.emoji, atUs: c.atUs, count, arrivedUs: heard });
    }
    this.pending.sort((a, b) => a.atUs - b.atUs);
    while (this.pending.length > MAX_PENDING) this.dropped += this.pending.shift().count;
    this.#forgetOwn(heard);
    this.#tick();
  }

  /** The broadcast stopped or the page left: nothing is waiting. */
  clear() {
    this.pending = [];
    this.own.clear();
    this.clearTimer(this.timer);
    this.timer = null;
  }

  /** The play-out delay changed, or the clock (re)synced: re-time what is waiting. */
  retime() {
    this.#tick();
  }

  #forgetOwn(heard) {
    for (const key of this.own.keys()) {
      if (Number(key.split(' ')[1]) < heard - Limits.HEARD_AT_PAST_US) this.own.delete(key);
    }
  }

  #tick() {
    this.clearTimer(this.timer);
    this.timer = null;
    const heard = this.heardUs();
    while (this.pending.length > 0 && this.pending[0].atUs <= heard) {
      const r = this.pending.shift();
      this.onShow({ ...r, lateUs: heard - r.atUs });
    }
    if (this.pending.length > 0) {
      this.timer = this.setTimer(() => this.#tick(), Math.min(MAX_WAIT_MS, Math.max(0, (this.pending[0].atUs - heard) / 1000)));
    }
  }
}
