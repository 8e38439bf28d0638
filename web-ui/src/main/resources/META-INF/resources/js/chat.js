// Chat list and input. Messages are rendered with createElement/textContent only: chat text is
// never parsed as HTML.
import { cleanChat, ProtocolError } from './protocol.js';
import { el, formatClock } from './ui.js';

const MAX_ITEMS = 300;

export class ChatView {
  /**
   * @param {HTMLElement} list   the #chat-list element (ol/ul)
   * @param {HTMLFormElement} form  a form containing #chat-input
   * @param {(text: string) => boolean} send  returns false when it could not be sent
   */
  constructor(list, form, send) {
    this.list = list;
    this.form = form;
    this.input = form.querySelector('#chat-input');
    this.note = form.querySelector('.chat-note');
    this.ids = new Set();
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      let text;
      try {
        text = cleanChat(this.input.value);
      } catch (err) {
        this.notice(err instanceof ProtocolError && err.code === 'chat_too_long'
          ? 'Messages are at most 500 characters.' : '');
        return;
      }
      if (send(text)) {
        this.input.value = '';
        this.notice('');
      } else {
        this.notice('Not connected: message not sent.');
      }
    });
  }

  notice(text) {
    if (this.note) this.note.textContent = text;
  }

  setEnabled(on) {
    this.input.disabled = !on;
    const button = this.form.querySelector('button');
    if (button) button.disabled = !on;
  }

  /** Replaces the list with the history (oldest first). */
  history(messages) {
    this.list.replaceChildren();
    this.ids.clear();
    for (const m of messages) this.add(m, false);
    this.#scroll(true);
  }

  add(m, scroll = true) {
    if (m.id && this.ids.has(m.id)) return;
    if (m.id) this.ids.add(m.id);
    const stick = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
    const item = el('li', { class: m.isHost ? 'chat-item from-host' : 'chat-item', dataset: { userId: m.userId || '' } },
      el('div', { class: 'chat-meta' },
        el('span', { class: 'chat-name', text: m.username }),
        m.isHost ? el('span', { class: 'badge host-badge', text: 'host' }) : null,
        el('time', { class: 'chat-time', datetime: new Date(m.timestamp).toISOString(), text: formatClock(m.timestamp) })),
      el('p', { class: 'chat-text', text: m.message }));
    this.list.append(item);
    while (this.list.children.length > MAX_ITEMS) this.list.firstElementChild.remove();
    if (scroll) this.#scroll(stick);
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

/** Renders participants into a list: host badge, "(you)", optional kick buttons. */
export function renderParticipants(list, participants, { youId, onKick } = {}) {
  const sorted = [...participants].sort((a, b) => (b.isHost - a.isHost) || a.username.localeCompare(b.username));
  list.replaceChildren(...sorted.map((p) => el('li', { class: 'participant', dataset: { userId: p.userId } },
    el('span', { class: 'participant-name', text: p.username }),
    p.isHost ? el('span', { class: 'badge host-badge', text: 'host' }) : null,
    p.userId === youId ? el('span', { class: 'you', text: '(you)' }) : null,
    onKick && !p.isHost && p.userId !== youId
      ? el('button', { class: 'kick', type: 'button', 'aria-label': `Remove ${p.username}`, text: 'Remove', onclick: () => onKick(p) })
      : null)));
}
