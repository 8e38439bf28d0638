// The reaction bar and the floating reactions over the page. Buttons are labelled for screen
// readers; the floats are decoration (aria-hidden) and only fade where the user asks for reduced
// motion (CSS). Taps are paced like the server's limit (a token bucket), so a thumb on a button never
// earns a refusal; what the server refuses is said next to the bar.
import { SendBudget } from './chat.js';
import { Limits, REACTIONS, reactionSend } from './protocol.js';
import { el } from './ui.js';

/** Most floats on screen at once: a flood of counts shows as a few emoji with ×N, not hundreds of nodes. */
const MAX_FLOATS = 24;
const FLOAT_MS = 2400;

/**
 * The picture of an emoji of the set: a vendored Twemoji SVG named by its code points without U+FE0F
 * (js/vendor/twemoji/README.md), so it looks the same where the system has no colour emoji font.
 */
export function emojiImage(emoji) {
  const name = [...emoji].map((c) => c.codePointAt(0).toString(16)).filter((h) => h !== 'fe0f').join('-');
  return el('img', { class: 'emoji', src: `/js/vendor/twemoji/${name}.svg`, alt: '', draggable: 'false' });
}

export class ReactionBar {
  /**
   * @param {object} o
   * @param {HTMLElement|null} o.bar  where the buttons go (null: show only, the studio without a bar)
   * @param {HTMLElement} o.layer  the float layer (aria-hidden)
   * @param {HTMLElement|null} o.note  a polite note next to the bar
   * @param {import('./reactions.js').ReactionTimeline} o.timeline
   * @param {(m: object) => boolean} o.send  sends a client message; false when not connected
   * @param {() => string} o.roomId
   * @param {() => boolean} o.live  reactions need a live broadcast
   */
  constructor({ bar, layer, note, timeline, send, roomId, live }) {
    this.layer = layer;
    this.note = note;
    this.timeline = timeline;
    this.sendMsg = send;
    this.roomId = roomId;
    this.live = live;
    this.budget = new SendBudget({ burst: Limits.REACTION_BURST, perSecond: Limits.REACTIONS_PER_SECOND });
    this.log = []; // what was shown, for tests (roomcastDebug.reactions): the last 100
    this.buttons = [];
    if (bar) {
      for (const r of REACTIONS) {
        const b = el('button', { type: 'button', class: 'reaction-button', 'aria-label': r.label, title: r.label,
          dataset: { emoji: r.emoji }, onclick: () => this.react(r.emoji) }, emojiImage(r.emoji));
        this.buttons.push(b);
        bar.append(b);
      }
    }
    this.setEnabled(false);
  }

  /** Reactions are for a live broadcast: the buttons follow it. */
  setEnabled(on) {
    for (const b of this.buttons) b.disabled = !on;
  }

  react(emoji) {
    if (!this.live()) {
      this.say('Reactions work while the room is live.');
      return false;
    }
    if (!this.budget.take()) return false; // faster than the room takes them: this tap is not sent
    const atUs = this.timeline.heardUs();
    if (!this.sendMsg(reactionSend(this.roomId(), emoji, atUs))) {
      this.say('Not connected: your reaction was not sent.');
      return false;
    }
    this.timeline.sent(emoji, atUs);
    return true;
  }

  /** The server refused a reaction (error with ref reaction:send). */
  refused(code) {
    if (code === 'rate_limited') this.budget.drain();
    this.say(code === 'rate_limited' ? 'Easy: a few reactions a second at most.'
      : code === 'not_live' ? 'Reactions work while the room is live.' : 'That reaction was not sent.');
  }

  say(text) {
    if (!this.note) return;
    this.note.textContent = text;
    clearTimeout(this.noteTimer);
    this.noteTimer = setTimeout(() => { this.note.textContent = ''; }, 4000);
  }

  /** A reaction whose moment this page plays now (ReactionTimeline's onShow). */
  show(r) {
    this.log.push({ ...r, shownAtPerf: performance.now() });
    if (this.log.length > 100) this.log.shift();
    while (this.layer.children.length >= MAX_FLOATS) this.layer.firstElementChild.remove();
    const f = el('span', { class: `reaction-float${r.own ? ' own' : ''}`, dataset: { emoji: r.emoji } },
      emojiImage(r.emoji), r.count > 1 ? el('small', { text: `×${r.count}` }) : null);
    f.style.left = `${8 + Math.random() * 76}%`;
    this.layer.append(f);
    setTimeout(() => f.remove(), FLOAT_MS);
  }
}
