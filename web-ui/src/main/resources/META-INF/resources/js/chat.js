// Chat list and input. Messages are rendered with createElement/textContent only: chat text is
// never parsed as HTML. Links (http and https only) become <a rel="noopener noreferrer">.
// A sent message shows at once as "sending"; the server's echo confirms it. A message the server
// refuses for the rate limit goes back into the input (or, if the input is in use again, stays in
// the list marked "not sent" with a Retry button); the notice clears once sending is allowed again.
// The page mirrors the server's per-user bucket (burst 5, 1 a second) so it rarely gets there.
import { find as findLinks } from './vendor/linkifyjs/linkify.mjs';
import { cleanChat, ProtocolError } from './protocol.js';
import { el, formatClock } from './ui.js';

const MAX_ITEMS = 300;
const SAFE_SCHEMES = /^https?:\/\//i;

/** Token bucket like chat-service's (CHAT_RATE_BURST 5, CHAT_RATE_PER_SECOND 1). */
export class SendBudget {
  constructor({ burst = 5, perSecond = 1, now = () => performance.now() } = {}) {
    this.burst = burst;
    this.perMs = perSecond / 1000;
    this.now = now;
    this.tokens = burst;
    this.at = now();
  }

  #refill() {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (t - this.at) * this.perMs);
    this.at = t;
  }

  /** Takes a token if there is one. */
  take() {
    this.#refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** The server refused: it knows better; empty the bucket. */
  drain() {
    this.#refill();
    this.tokens = Math.min(this.tokens, 0);
  }

  /** Milliseconds until the next token. */
  waitMs() {
    this.#refill();
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.perMs);
  }
}

/** Appends `text` to `parent` as text nodes and safe links. */
export function appendLinkified(parent, text) {
  let at = 0;
  for (const link of findLinks(text, 'url')) {
    if (!SAFE_SCHEMES.test(link.href)) continue;
    if (link.start > at) parent.append(document.createTextNode(text.slice(at, link.start)));
    parent.append(el('a', { href: link.href, rel: 'noopener noreferrer', target: '_blank', text: link.value }));
    at = link.end;
  }
  if (at < text.length) parent.append(document.createTextNode(text.slice(at)));
}

/** 30 → "30 s", 60 → "1 minute", 300 → "5 minutes". */
export function formatSeconds(s) {
  if (s % 60 !== 0) return `${s} s`;
  return s === 60 ? '1 minute' : `${s / 60} minutes`;
}

export class ChatView {
  /**
   * @param {HTMLElement} list   the #chat-list element (ol/ul)
   * @param {HTMLFormElement} form  a form containing #chat-input and .chat-note
   * @param {(text: string) => boolean} send  returns false when it could not be sent
   * @param {{youId?: () => string|null, onUnread?: (n: number) => void, onDelete?: (m: object) => void,
   *   trackAt?: (atUs: number) => string}} [opts]
   *   trackAt: where in the current track a message's stream time is ("at 2:31 of the track", or '')
   *   onDelete: a moderator's page (host, co-host) — each message gets a Delete button that calls it
   *   (`setOnDelete` turns it on or off later, when a guest becomes a co-host or no longer is)
   */
  constructor(list, form, send, { youId = () => null, onUnread = () => {}, onDelete = null, trackAt = () => '' } = {}) {
    this.trackAt = trackAt;
    this.list = list;
    this.form = form;
    this.input = form.querySelector('#chat-input');
    this.button = form.querySelector('button[type=submit]');
    this.note = form.querySelector('.chat-note');
    this.send = send;
    this.youId = youId;
    this.onUnread = onUnread;
    this.onDelete = onDelete;
    this.mutedUntil = 0;
    this.muteTimer = null;
    this.slowSeconds = 0; // slow mode for this page's user (0: off, or the host / a co-host)
    this.slowUntil = 0; // Date.now() from which it may send again
    this.placeholder = this.input.placeholder;
    this.ids = new Set();
    this.pending = []; // {text, item} sent, not echoed yet, oldest first
    // a little slower than chat-service's 1/s: messages the page lets go a hair early would reach the
    // server's bucket early too (network jitter) and be refused after all
    this.budget = new SendBudget({ perSecond: 0.9 });
    this.cooldown = null;
    this.enabled = false;
    this.seen = true; // is the list in view?
    this.unread = 0;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#submit(this.input.value, true);
    });
  }

  #submit(raw, fromInput) {
    let text;
    try {
      text = cleanChat(raw);
    } catch (err) {
      this.notice(err instanceof ProtocolError && err.code === 'chat_too_long' ? 'Messages are at most 500 characters.' : '');
      return false;
    }
    if (this.slowSeconds && Date.now() < this.slowUntil) {
      this.#coolDown(this.slowUntil - Date.now(), 'Slow mode');
      return false; // the text stays where it is
    }
    if (!this.budget.take()) {
      this.#coolDown();
      return false; // the text stays where it is
    }
    if (!this.send(text)) {
      this.notice('Not connected: your message was not sent. It is still in the box.');
      return false;
    }
    if (this.slowSeconds) {
      this.slowUntil = Date.now() + this.slowSeconds * 1000;
      this.#coolDown(this.slowSeconds * 1000, 'Slow mode');
    }
    if (fromInput) this.input.value = '';
    this.notice('');
    const item = this.#item({ username: 'You', message: text, timestamp: Date.now(), userId: this.youId() }, 'pending');
    this.pending.push({ text, item });
    this.#append(item, true);
    return true;
  }

  /** Shows how long until sending is allowed again (the rate limit's or slow mode's wait); clears itself then. */
  #coolDown(wait = this.budget.waitMs(), why = 'Slow down') {
    clearTimeout(this.cooldown);
    const until = performance.now() + Math.max(250, wait);
    if (this.button) this.button.disabled = true;
    this.form.dataset.cooling = 'true';
    const tick = () => { // counts down once a second: a 5-minute slow mode must not read "300 s" all along
      if (this.mutedUntil > Date.now()) { // a mute says more, and holds the input itself
        this.cooldown = null;
        delete this.form.dataset.cooling;
        return;
      }
      const left = until - performance.now();
      if (left > 0) {
        this.notice(`${why}: you can send again in ${Math.max(1, Math.ceil(left / 1000))} s.`);
        this.cooldown = setTimeout(tick, Math.min(1000, left));
        return;
      }
      this.cooldown = null;
      delete this.form.dataset.cooling;
      if (this.button) this.button.disabled = !this.enabled;
      this.notice('');
    };
    tick();
  }

  /** The server refused the oldest unconfirmed message (error with ref chat:message; retryAfter in s). */
  refused(code, message, retryAfter) {
    const p = this.pending.shift();
    if (code === 'slow_mode') {
      const wait = (Number.isInteger(retryAfter) && retryAfter > 0 ? retryAfter : this.slowSeconds || 1) * 1000;
      this.slowUntil = Math.max(this.slowUntil, Date.now() + wait);
      if (!this.slowSeconds) this.slowSeconds = Math.ceil(wait / 1000); // the page missed the setting: hold to it
      if (p) this.#unsent(p);
      this.#coolDown(this.slowUntil - Date.now(), 'Slow mode');
      return;
    }
    if (code === 'muted') {
      if (p) this.#unsent(p);
      if (!this.mutedUntil) this.notice(message);
      return;
    }
    if (code === 'rate_limited') {
      this.budget.drain();
      if (p) this.#unsent(p);
      this.#coolDown();
      return;
    }
    if (p) p.item.remove();
    this.notice(message);
  }

  #unsent(p) {
    if (!this.input.value.trim()) {
      p.item.remove();
      this.input.value = p.text; // back where it was typed
      return;
    }
    p.item.classList.remove('pending');
    p.item.classList.add('unsent');
    p.item.dataset.state = 'unsent';
    const retry = el('button', { type: 'button', class: 'retry', text: 'Retry', 'aria-label': 'Retry sending this message' });
    retry.addEventListener('click', () => {
      if (this.#submit(p.text, false)) p.item.remove();
    });
    p.item.querySelector('.chat-meta').append(el('span', { class: 'unsent-note', text: 'not sent' }), retry);
  }

  notice(text) {
    if (this.note) this.note.textContent = text;
  }

  setEnabled(on) {
    this.enabled = on;
    const muted = this.mutedUntil > Date.now();
    this.input.disabled = !on || muted;
    if (this.button) this.button.disabled = !on || muted || Boolean(this.cooldown);
  }

  /** The host muted this page's user until `until` (ms since the epoch; 0 = lifted). */
  muted(until) {
    clearTimeout(this.muteTimer);
    this.mutedUntil = until > Date.now() ? until : 0;
    if (this.mutedUntil) {
      this.notice(`The host muted you in chat until ${formatClock(this.mutedUntil)}.`);
      this.muteTimer = setTimeout(() => this.muted(0), Math.min(this.mutedUntil - Date.now(), 2 ** 31 - 1));
    } else {
      this.notice('');
    }
    this.setEnabled(this.enabled);
  }

  /**
   * Slow mode (room:joined, room:settings): one message per `seconds` (0: off). `exempt`: the host
   * and co-hosts are not held to it. Said briefly in the input's placeholder while on.
   */
  setSlowMode(seconds, exempt = false) {
    this.slowSeconds = exempt || !(seconds > 0) ? 0 : seconds;
    if (!this.slowSeconds) this.slowUntil = 0;
    this.input.placeholder = seconds > 0 && !exempt ? `Slow mode · ${formatSeconds(seconds)}` : this.placeholder;
  }

  /** Delete buttons on (a moderator's page) or off. */
  setOnDelete(onDelete) {
    if (Boolean(onDelete) === Boolean(this.onDelete)) return;
    this.onDelete = onDelete;
    for (const item of this.list.querySelectorAll('li[data-id]')) {
      const old = item.querySelector('.chat-delete');
      if (!onDelete) old?.remove();
      else if (!old && item.dataset.state === 'sent') {
        const m = { id: item.dataset.id, username: item.querySelector('.chat-name')?.textContent ?? '' };
        item.querySelector('.chat-meta').append(this.#deleteButton(m));
      }
    }
  }

  #deleteButton(m) {
    return el('button', { type: 'button', class: 'chat-delete', text: 'Delete', 'aria-label': `Delete the message from ${m.username}`,
      onclick: () => this.onDelete?.(m) });
  }

  /** The host deleted this message: it goes from view (and stays gone if it comes again). */
  remove(id) {
    this.ids.add(id);
    for (const item of this.list.querySelectorAll('li[data-id]')) {
      if (item.dataset.id === id) item.remove();
    }
  }

  /** Whether the list is in view; out of view, others' messages count as unread. */
  setSeen(seen) {
    this.seen = seen;
    if (seen && this.unread) {
      this.unread = 0;
      this.onUnread(0);
    }
  }

  /** Replaces the list with the history (oldest first). */
  history(messages) {
    this.list.replaceChildren();
    this.ids.clear();
    for (const m of messages) this.add(m, false);
    this.#scroll(true);
    for (const p of this.pending) this.list.append(p.item); // still waiting for their echo
  }

  add(m, live = true) {
    if (m.id && this.ids.has(m.id)) return;
    if (m.id) this.ids.add(m.id);
    const you = this.youId();
    if (live && you && m.userId === you) {
      const i = this.pending.findIndex((p) => p.text === m.message);
      if (i >= 0) {
        const [p] = this.pending.splice(i, 1);
        p.item.replaceWith(this.#item(m));
        return;
      }
    }
    this.#append(this.#item(m), live);
    if (live && !this.seen && m.userId !== you) {
      this.unread++;
      this.onUnread(this.unread);
    }
  }

  #item(m, state = 'sent') {
    const text = el('p', { class: 'chat-text' });
    appendLinkified(text, m.message);
    const del = this.onDelete && m.id && state === 'sent' ? this.#deleteButton(m) : null;
    return el('li', { class: `chat-item${m.isHost ? ' from-host' : ''}${state === 'pending' ? ' pending' : ''}`,
      dataset: m.id ? { userId: m.userId || '', state, id: m.id } : { userId: m.userId || '', state } },
    el('div', { class: 'chat-meta' },
      el('span', { class: 'chat-name', text: m.username }),
      m.isHost ? el('span', { class: 'badge host-badge', text: 'host' }) : null,
      el('time', { class: 'chat-time', datetime: new Date(m.timestamp).toISOString(), text: state === 'pending' ? 'sending…' : formatClock(m.timestamp) }),
      Number.isFinite(m.atUs) && this.trackAt(m.atUs) ? el('span', { class: 'chat-at', text: this.trackAt(m.atUs) }) : null,
      del),
    text);
  }

  #append(item, scroll) {
    const stick = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
    this.list.append(item);
    while (this.list.children.length > MAX_ITEMS) this.list.firstElementChild.remove();
    if (scroll) this.#scroll(stick || item.dataset.state === 'pending');
  }

  /** A line from the system (joins, leaves), in the same list. */
  system(text) {
    this.list.append(el('li', { class: 'chat-item system', text }));
    this.#scroll(true);
  }

  #scroll(stick) {
    if (stick) this.list.scrollTop = this.list.scrollHeight;
  }
}

/**
 * Renders participants into a list: host and co-host badges, "(you)", and for a moderator (the host,
 * or a co-host for guests only: `viewerIsHost` false) Mute / Unmute (`onMute(p, muted)`,
 * `isMuted(userId)`) and Remove (`onKick(p)`) buttons; for the host Make / Remove co-host (`onCohost(p, isCohost)`)
 * and, while live, Pass the aux (`onPassAux(p)`). `auxUserId`: who has the aux (a badge unless it is the
 * host); `auxOfferId`: who it is offered to.
 */
export function renderParticipants(list, participants, {
  youId, onKick, onMute, onCohost, onPassAux, isMuted = () => false, viewerIsHost = true, auxUserId = null, auxOfferId = null,
} = {}) {
  const rank = (p) => (p.isHost ? 2 : p.isCohost ? 1 : 0);
  const sorted = [...participants].sort((a, b) => (rank(b) - rank(a)) || a.username.localeCompare(b.username));
  list.replaceChildren(...sorted.map((p) => {
    const other = !p.isHost && p.userId !== youId;
    const target = other && (viewerIsHost || !p.isCohost); // a co-host moderates guests only
    const muted = other && isMuted(p.userId);
    return el('li', { class: 'participant', dataset: { userId: p.userId } },
      el('span', { class: 'participant-name', text: p.username }),
      p.isHost ? el('span', { class: 'badge host-badge', text: 'host' }) : null,
      p.isCohost ? el('span', { class: 'badge cohost-badge', text: 'co-host' }) : null,
      muted ? el('span', { class: 'badge', text: 'chat muted' }) : null,
      !p.isHost && p.userId === auxUserId ? el('span', { class: 'badge aux-badge', text: 'has the aux' }) : null,
      p.userId === auxOfferId ? el('span', { class: 'badge', text: 'aux offered' }) : null,
      p.userId === youId ? el('span', { class: 'you', text: '(you)' }) : null,
      onCohost && other && viewerIsHost
        ? el('button', { class: 'cohost', type: 'button',
          'aria-label': `${p.isCohost ? 'Remove co-host' : 'Make co-host'}: ${p.username}`,
          text: p.isCohost ? 'Remove co-host' : 'Make co-host', onclick: () => onCohost(p, !p.isCohost) })
        : null,
      onPassAux && other && viewerIsHost && p.userId !== auxUserId && p.userId !== auxOfferId
        ? el('button', { class: 'pass-aux', type: 'button', 'aria-label': `Pass the aux to ${p.username}`,
          text: 'Pass the aux', onclick: () => onPassAux(p) })
        : null,
      onMute && target
        ? el('button', { class: 'mute', type: 'button', 'aria-label': `${muted ? 'Unmute chat' : 'Mute chat'} for ${p.username}`,
          text: muted ? 'Unmute chat' : 'Mute chat', onclick: () => onMute(p, muted) })
        : null,
      onKick && target
        ? el('button', { class: 'kick', type: 'button', 'aria-label': `Remove ${p.username}`, text: 'Remove', onclick: () => onKick(p) })
        : null);
  }));
}
