// Track requests on the pages (PROTOCOL §7d): the guest's form with its own requests, and the
// studio's queue. Text goes in with textContent only.
import { ProtocolError, requestResolve, requestSend, requestsOpen } from './protocol.js';
import { MyRequests, RequestQueue, requestErrorText, requestStateText } from './requests.js';
import { el, errorText, say } from './ui.js';

/** The guest page: a one-field form, shown while the host takes requests, and the guest's own requests. */
export class GuestRequests {
  /**
   * @param {object} o
   * @param {HTMLFormElement} o.form  hidden while requests are off
   * @param {HTMLInputElement} o.input
   * @param {HTMLElement} o.note  aria-live note next to the form
   * @param {HTMLElement} o.list  the guest's own requests
   * @param {(m: object) => boolean} o.send
   * @param {() => string} o.roomId
   * @param {() => string} o.me  this member's user id (a co-host's queue holds everyone's)
   */
  constructor({ form, input, note, list, send, roomId, me }) {
    Object.assign(this, { form, input, note, list, send, roomId, me });
    this.mine = new MyRequests();
    this.open = false;
    this.pendingText = null;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.render();
  }

  submit() {
    let m;
    try {
      m = requestSend(this.roomId(), this.input.value);
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      say(this.note, requestErrorText(e.code) || errorText(e.code, e.message), 8000);
      return;
    }
    if (!this.send(m)) {
      say(this.note, 'Not connected. Try again in a moment.', 6000);
      return;
    }
    this.pendingText = m.text;
    say(this.note, '');
  }

  /** requests:queue (own open requests) and requests:open. */
  setOpen(open) {
    this.open = Boolean(open);
    this.render();
  }

  queue(m) {
    this.setOpen(m.open);
    for (const r of m.requests || []) {
      if (r.userId === this.me()) this.mine.update({ requestId: r.id, text: r.text, state: 'requested' });
    }
    this.render();
  }

  update(m) {
    if (m.state === 'requested' && m.text === this.pendingText) {
      this.pendingText = null;
      this.input.value = ''; // the list below shows it, "Requested"
    }
    this.mine.update(m);
    this.render();
  }

  refused(code, message, retryAfter) {
    say(this.note, requestErrorText(code, retryAfter) || errorText(code, message), 10000);
  }

  render() {
    this.form.hidden = !this.open;
    const items = this.mine.list();
    this.list.hidden = items.length === 0;
    this.list.replaceChildren(...items.map((r) => el('li', { class: 'request', dataset: { state: r.state } },
      el('span', { class: 'request-text', text: r.text }),
      el('span', { class: 'request-state', text: requestStateText(r.state) }))));
  }
}

/** The studio: the queue with Played / Dismiss per request, a count and the on/off switch. */
export class StudioRequests {
  /**
   * @param {object} o
   * @param {HTMLElement} o.list
   * @param {HTMLElement} o.count  the badge
   * @param {HTMLInputElement} o.toggle  checkbox "Take requests"
   * @param {HTMLElement} o.empty  shown when there are none
   * @param {HTMLElement} o.note
   * @param {(m: object) => boolean} o.send
   * @param {() => string} o.roomId
   */
  constructor({ list, count, toggle, empty, note, send, roomId }) {
    Object.assign(this, { list, count, toggle, empty, note, send, roomId });
    this.queue = new RequestQueue();
    this.open = true; // as the server last said (a refused switch goes back to it)
    toggle.addEventListener('change', () => {
      if (!this.send(requestsOpen(this.roomId(), toggle.checked))) toggle.checked = !toggle.checked;
    });
    this.render();
  }

  replace(m) {
    this.queue.replace(m.requests);
    this.setOpen(m.open);
    this.render();
  }

  added(r) {
    if (this.queue.add(r)) this.render();
  }

  resolved(id) {
    if (this.queue.remove(id)) this.render();
  }

  setOpen(open) {
    this.open = Boolean(open);
    this.toggle.checked = this.open;
  }

  refused(code, message) {
    this.toggle.checked = this.open;
    if (code === 'request_not_found') this.render();
    say(this.note, requestErrorText(code) || errorText(code, message), 6000);
  }

  resolve(r, outcome, buttons) {
    if (this.send(requestResolve(this.roomId(), r.id, outcome))) {
      for (const b of buttons) b.disabled = true; // until request:resolved takes the row away
    }
  }

  row(r) {
    const played = el('button', { type: 'button', class: 'primary', text: 'Played', 'aria-label': `Mark “${r.text}” played` });
    const dismiss = el('button', { type: 'button', text: 'Dismiss', 'aria-label': `Dismiss “${r.text}”` });
    played.addEventListener('click', () => this.resolve(r, 'played', [played, dismiss]));
    dismiss.addEventListener('click', () => this.resolve(r, 'dismissed', [played, dismiss]));
    return el('li', { class: 'request', dataset: { requestId: r.id } },
      el('div', { class: 'request-body' },
        el('span', { class: 'request-who', text: r.username }),
        el('span', { class: 'request-text', text: r.text })),
      el('div', { class: 'row request-actions' }, played, dismiss));
  }

  render() {
    const items = this.queue.list();
    this.count.textContent = String(items.length);
    this.count.hidden = items.length === 0;
    this.empty.hidden = items.length > 0;
    this.list.replaceChildren(...items.map((r) => this.row(r)));
  }
}
