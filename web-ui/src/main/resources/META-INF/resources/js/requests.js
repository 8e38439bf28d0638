// Track requests (PROTOCOL §7d), the pure part: the studio's queue, a guest's own requests and the
// sentences both pages show. No DOM: tested in node (test/requests.test.mjs).
import { Limits } from './protocol.js';

/** What a guest reads for the state of its own request. */
export function requestStateText(state) {
  if (state === 'played') return 'Played';
  if (state === 'dismissed') return 'Dismissed by the host';
  return 'Requested';
}

/** A plain sentence for a refused request:send, request:resolve or requests:open (never a code). */
export function requestErrorText(code, retryAfter) {
  switch (code) {
    case 'bad_message':
      return `A request is 1 to ${Limits.REQUEST_TEXT_MAX} characters, like “Song — artist”.`;
    case 'rate_limited':
      return retryAfter > 0
        ? `You can ask for one track every ${Limits.REQUEST_INTERVAL_SECONDS} seconds. Try again in ${retryAfter} s.`
        : `You can ask for one track every ${Limits.REQUEST_INTERVAL_SECONDS} seconds. Try again in a moment.`;
    default:
      return null; // the page's usual words (ui.js ERROR_TEXT: requests_off, requests_full, request_not_found ...)
  }
}

/** The open requests the host and co-hosts see: by id, oldest first, at most REQUESTS_OPEN_MAX. */
export class RequestQueue {
  constructor() {
    this.items = new Map();
  }

  /** requests:queue: the whole queue (after a join or reload). */
  replace(requests = []) {
    this.items.clear();
    for (const r of requests) this.add(r);
  }

  /** request:added; a request already held is not added twice. */
  add(r) {
    if (!r || !Number.isSafeInteger(r.id) || this.items.has(r.id)) return false;
    this.items.set(r.id, r);
    return true;
  }

  /** request:resolved (by this page or another moderator). */
  remove(id) {
    return this.items.delete(id);
  }

  get size() {
    return this.items.size;
  }

  /** Oldest first (ids grow with time), newest last. */
  list() {
    return [...this.items.values()].sort((a, b) => a.id - b.id);
  }
}

/** A guest's own requests and their states, newest last; the oldest resolved ones go past `keep`. */
export class MyRequests {
  constructor(keep = 5) {
    this.keep = keep;
    this.items = new Map();
  }

  /** request:update, or an own open request of requests:queue (state requested). */
  update({ requestId, text, state }) {
    if (!Number.isSafeInteger(requestId)) return;
    this.items.set(requestId, { requestId, text, state });
    const all = [...this.items.values()].sort((a, b) => a.requestId - b.requestId);
    for (const r of all) {
      if (this.items.size <= this.keep) break;
      if (r.state !== 'requested') this.items.delete(r.requestId);
    }
  }

  list() {
    return [...this.items.values()].sort((a, b) => a.requestId - b.requestId);
  }
}
