// Clock sync over the socket: clock:ping {id, t0 = performance.now()} → clock:pong {id, t0, t1, t2}
// (server µs). A burst of 8 probes at start (and after every reconnect), then bursts of 4: every
// ~0.5 s for the first few seconds (a page that just joined is busy — modules, audio, decoder — and
// answers most probes late; the more chances it has to catch a quiet moment, the sooner its estimate
// is sharp), then about 2 s apart while they still sharpen the best round trip (20 bursts at most), then
// every ~10 s. The filter (clock-filter.js) keeps the lowest-RTT samples and tracks drift. A burst
// closes as soon as all its answers are in (or after 1 s).
import { ClockFilter } from './clock-filter.js';
import { Emitter } from './emitter.js';
import { clockPing } from './protocol.js';

export class Clock extends Emitter {
  constructor(socket, { firstBurst = 8, burst = 4, spacingMs = 50, intervalMs = 10_000, fastBursts = 8,
    fastIntervalMs = 500, quickBursts = 3, quickIntervalMs = 2_000, maxQuickBursts = 20, answerWaitMs = 1000,
    now = () => performance.now() } = {}) {
    super();
    this.socket = socket;
    this.firstBurst = firstBurst;
    this.burstSize = burst;
    this.spacingMs = spacingMs;
    this.intervalMs = intervalMs;
    this.fastBursts = fastBursts;
    this.fastIntervalMs = fastIntervalMs;
    this.answerWaitMs = answerWaitMs;
    this.quickBursts = quickBursts;
    this.quickIntervalMs = quickIntervalMs;
    this.maxQuickBursts = maxQuickBursts;
    this.startBurst = 0;
    this.prevBestRttMs = Infinity;
    this.now = now;
    this.filter = new ClockFilter();
    this.pending = new Map(); // id → burst
    this.nextId = 1;
    this.burst = 0;
    this.open = null; // the burst waiting for answers: {id, startedAt, unanswered}
    this.timers = [];
    this.offs = [
      socket.on('open', () => this.restart()),
      socket.on('clock:pong', (m) => this.#onPong(m)),
    ];
    if (socket.isOpen) this.restart();
  }

  /** Drops the history (new connection: maybe another gateway) and probes again. */
  restart() {
    this.filter.reset();
    this.pending.clear();
    this.#clearTimers();
    this.open = null;
    this.startBurst = this.burst + 1;
    this.prevBestRttMs = Infinity;
    this.#runBurst(this.firstBurst);
  }

  get ready() {
    return this.filter.ready;
  }

  /** server − performance.now()·1000, µs. */
  get offsetUs() {
    return this.filter.offsetUs(this.now());
  }

  get rttMs() {
    return this.filter.bestRttMs;
  }

  get driftPpm() {
    return this.filter.driftPpm;
  }

  serverNowUs() {
    const t = this.now();
    return t * 1000 + this.filter.offsetUs(t);
  }

  /** performance.now() ms → server µs. */
  toServerUs(perfMs) {
    return perfMs * 1000 + this.filter.offsetUs(perfMs);
  }

  /** server µs → performance.now() ms (one fixed-point step is enough: drift is ppm). */
  toPerformanceMs(serverUs) {
    const guess = (serverUs - this.filter.offsetUs(this.now())) / 1000;
    return (serverUs - this.filter.offsetUs(guess)) / 1000;
  }

  stop() {
    this.#clearTimers();
    for (const off of this.offs) off();
  }

  #runBurst(n) {
    this.#clearTimers(); // the previous burst is closed: its close timer is moot
    const burst = ++this.burst;
    const open = { id: burst, startedAt: this.now(), unanswered: n };
    this.open = open;
    for (let i = 0; i < n; i++) {
      this.timers.push(setTimeout(() => {
        if (!this.socket.isOpen) {
          if (--open.unanswered === 0) this.#closeBurst(open);
          return;
        }
        const id = this.nextId++ & 0x7fffffff;
        this.pending.set(id, burst);
        this.socket.send(clockPing(id, this.now()));
      }, i * this.spacingMs));
    }
    this.timers.push(setTimeout(() => this.#closeBurst(open), n * this.spacingMs + this.answerWaitMs));
  }

  /** The burst's answers are in (or it waited long enough): commit it, then schedule the next. */
  #closeBurst(open) {
    if (this.open !== open) return;
    this.open = null;
    this.filter.endBurst();
    this.emit('sync', { offsetUs: this.offsetUs, rttMs: this.rttMs, driftPpm: this.driftPpm });
    // Fast bursts right after a (re)start, then quick ones for as long as each still sharpens the
    // best round trip a lot: a page that just loaded on a busy machine answers its first probes
    // hundreds of ms late for seconds, and sync should not wait 10 s per step.
    const since = open.id - this.startBurst;
    const best = this.rttMs;
    const sharpening = best > 5 && best < this.prevBestRttMs * 0.8;
    this.prevBestRttMs = best;
    let interval = this.intervalMs;
    if (since < this.fastBursts) interval = this.fastIntervalMs;
    else if (since < this.fastBursts + this.quickBursts || (since < this.maxQuickBursts && sharpening)) interval = this.quickIntervalMs;
    const next = interval * (0.9 + Math.random() * 0.2);
    const elapsed = this.now() - open.startedAt;
    this.timers.push(setTimeout(() => this.#runBurst(this.burstSize), Math.max(0, next - elapsed)));
  }

  #onPong(m) {
    const t3 = this.now();
    const burst = this.pending.get(m.id);
    if (burst === undefined) return;
    this.pending.delete(m.id);
    const wasReady = this.filter.ready;
    this.filter.addSample(m.t0, m.t1, m.t2, t3, burst);
    if (!wasReady && this.filter.ready) this.emit('ready');
    const open = this.open;
    if (open && open.id === burst && --open.unanswered === 0) this.#closeBurst(open);
  }

  #clearTimers() {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }
}
