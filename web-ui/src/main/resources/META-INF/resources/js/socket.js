// The one WebSocket per tab: JSON control messages out, decoded server messages and binary audio
// frames in, automatic reconnect with exponential backoff and full jitter.
import { Emitter } from './emitter.js';
import { decodeServer, encodeClient } from './protocol.js';

/** Base URL of the gateway: window.ROOMCAST_GATEWAY, <meta name="roomcast-gateway">, or this origin. */
export function gatewayBase() {
  const fromWindow = typeof window !== 'undefined' ? window.ROOMCAST_GATEWAY : undefined;
  const meta = typeof document !== 'undefined' ? document.querySelector('meta[name="roomcast-gateway"]')?.content : undefined;
  const base = fromWindow || meta || location.origin;
  return base.replace(/\/+$/, '');
}

export function apiUrl(path) {
  return gatewayBase() + path;
}

export function wsUrl() {
  const u = new URL(gatewayBase() + '/ws');
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}

/** Backoff before attempt n (1-based): full jitter over min(max, base·2^(n−1)). */
export function backoffMs(attempt, baseMs = 500, maxMs = 15000, random = Math.random) {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * Events: 'open', 'close' {code, reason, willReconnect}, 'reconnecting' {attempt, delayMs},
 * 'message' (any decoded server message), '<type>' per server message type, 'binary' (ArrayBuffer).
 */
export class Socket extends Emitter {
  constructor(url = wsUrl(), { baseDelayMs = 500, maxDelayMs = 15000 } = {}) {
    super();
    this.url = url;
    this.baseDelayMs = baseDelayMs;
    this.maxDelayMs = maxDelayMs;
    this.ws = null;
    this.attempt = 0;
    this.closedByUser = false;
    this.timer = null;
    this.state = 'idle';
    this.sent = 0;
    this.received = 0;
    this.refusal = null; // close reason of the last refused connection
  }

  connect() {
    this.closedByUser = false;
    clearTimeout(this.timer);
    this.state = 'connecting';
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      this.#scheduleReconnect();
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.refusal = null;
      this.state = 'open';
      this.emit('open');
    };
    ws.onmessage = (ev) => {
      this.received++;
      if (typeof ev.data !== 'string') {
        this.emit('binary', ev.data);
        return;
      }
      let m;
      try {
        m = decodeServer(ev.data);
      } catch (e) {
        return; // unknown or malformed server message: ignore (newer server, older page)
      }
      if (m.type === 'server:draining') this.#drain(m.reconnectInMs);
      this.emit('message', m);
      this.emit(m.type, m);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.state = 'closed';
      const fatal = ev.reason === 'forbidden_origin' || ev.reason === 'kicked';
      const willReconnect = !this.closedByUser && !fatal;
      // a refused upgrade is accepted and closed at once with the reason (PROTOCOL.md §1)
      this.refusal = ev.reason === 'too_many_connections' || ev.reason === 'forbidden_origin' ? ev.reason : null;
      this.emit('close', { code: ev.code, reason: ev.reason, willReconnect });
      if (willReconnect) this.#scheduleReconnect(this.refusal ? 4 : 0);
    };
    ws.onerror = () => {}; // a close always follows
  }

  get isOpen() {
    return this.ws !== null && this.ws.readyState === 1;
  }

  /** Bytes queued by the browser but not yet sent. */
  get bufferedAmount() {
    return this.ws ? this.ws.bufferedAmount : 0;
  }

  /** Sends a control message object (from a protocol.js builder). Returns false when not open. */
  send(message) {
    if (!this.isOpen) return false;
    this.ws.send(encodeClient(message));
    this.sent++;
    return true;
  }

  sendBinary(bytes) {
    if (!this.isOpen) return false;
    this.ws.send(bytes);
    return true;
  }

  close() {
    this.closedByUser = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close(1000, 'bye');
    this.ws = null;
    this.state = 'closed';
  }

  #drain(reconnectInMs) {
    // spread reconnects of everyone on the node over the first half of the window
    const delay = Math.random() * Math.max(0, (reconnectInMs ?? 1000) / 2);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const ws = this.ws;
      this.ws = null;
      if (ws) ws.close(1000, 'draining');
      this.emit('close', { code: 1000, reason: 'draining', willReconnect: true });
      this.connect();
    }, delay);
  }

  /** `skip`: attempts to count ahead (a refused connection waits longer before trying again). */
  #scheduleReconnect(skip = 0) {
    this.attempt += 1 + skip;
    const delayMs = backoffMs(this.attempt, this.baseDelayMs, this.maxDelayMs);
    this.state = 'reconnecting';
    this.emit('reconnecting', { attempt: this.attempt, delayMs, refusal: this.refusal });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delayMs);
  }
}
