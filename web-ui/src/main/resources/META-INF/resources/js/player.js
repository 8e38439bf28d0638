// Guest playback: binary frames → jitter buffer → WebCodecs AudioDecoder (Opus; the WASM decoder of
// opus-wasm.js where AudioDecoder is missing) or PCM → the
// play-out AudioWorklet ring, scheduled so that the packet captured at server time T is heard at
// server time T + D. Time mapping: server µs → performance.now() (clock.js) → context time
// (output-clock.js over getOutputTimestamp()). Opus's 312-sample decoder delay is part of the target.
import { chooseRoute, ELEMENT_ROUTE, ROUTE, routeEnv, ScreenWakeLock, stoppedInBackground } from './background-audio.js';
import { CTRL_READ, CTRL_WORDS, CTRL_WRITE, PLAYOUT_PROCESSOR, RING_SECONDS } from './constants.js';
import { Emitter } from './emitter.js';
import { JitterBuffer } from './jitter-buffer.js';
import { geckoUserAgent, OutputClock, OutputReads } from './output-clock.js';
import { WasmOpusDecoder } from './opus-wasm.js';
import { decodeFrame, FLAG_DISCONTINUITY, Limits, OPUS_DECODER_DELAY_SAMPLES } from './protocol.js';
import { Resampler } from './resampler.js';

const SR = Limits.SAMPLE_RATE;
const PACKET = Limits.PACKET_SAMPLES;
/** A hole longer than this in capture times restarts the stream instead of filling silence. */
const MAX_FILL_US = 2_000_000;

/** Writes planar samples into the worklet's ring: shared memory when possible, else messages. */
class RingWriter {
  constructor(node, capacity, sab) {
    this.node = node;
    this.capacity = capacity;
    this.sab = sab;
    this.write = 0; // frames written, mod 2^32
    this.overflows = 0;
    if (sab) {
      this.ctrl = new Int32Array(sab, 0, CTRL_WORDS);
      this.l = new Float32Array(sab, CTRL_WORDS * 4, capacity);
      this.r = new Float32Array(sab, CTRL_WORDS * 4 + capacity * 4, capacity);
    }
  }

  push(l, r) {
    const n = l.length;
    if (this.sab) {
      const read = Atomics.load(this.ctrl, CTRL_READ) >>> 0;
      if (((this.write - read) >>> 0) + n > this.capacity) {
        this.overflows++;
        return false;
      }
      const mask = this.capacity - 1;
      for (let i = 0; i < n; i++) {
        const k = (this.write + i) & mask;
        this.l[k] = l[i];
        this.r[k] = r[i];
      }
      this.write = (this.write + n) >>> 0;
      Atomics.store(this.ctrl, CTRL_WRITE, this.write | 0);
    } else {
      const lc = l.slice();
      const rc = r.slice();
      this.node.port.postMessage({ type: 'samples', l: lc, r: rc }, [lc.buffer, rc.buffer]);
      this.write = (this.write + n) >>> 0;
    }
    return true;
  }
}

const round1 = (x) => Math.round(x * 10) / 10;
/** At most this many packets in the backlog (8 s; it holds 6.5 s: the largest D is 5 s). */
const MAX_BACKLOG = 400;
/** The largest play-out delay a room can have (the Stable preset). */
const MAX_DELAY_MS = 5000;
/** Silence still to play before the audio (the worklet's hold) under which the page counts as playing, s. */
const HOLD_AUDIBLE_S = 0.15;

function nextPow2(n) {
  return 2 ** Math.ceil(Math.log2(n));
}

/**
 * Events: 'stats' (every stats interval), 'state' ({state}: idle|starting|waiting|playing|late|error),
 * 'error' (Error).
 */
export class Player extends Emitter {
  /**
   * `learnedRoute`: 'element' if this device was seen to stop a hidden page's context (settings);
   * events also 'route' ({route, learned}) when the play-out moves to the element for that reason.
   */
  constructor(clock, { delayMs = 400, nudgeMs = 0, volume = 1, learnedRoute = ROUTE.DIRECT } = {}) {
    super();
    this.clock = clock;
    this.delayMs = delayMs;
    this.nudgeMs = nudgeMs;
    this.volume = volume;
    this.ctx = null;
    this.jb = new JitterBuffer();
    this.out = new OutputClock();
    this.gecko = geckoUserAgent(globalThis.navigator?.userAgent); // its output getters can deadlock it (output-clock.js)
    this.outputReads = new OutputReads({ neverAsk: this.gecko });
    this.route = ROUTE.DIRECT; // where the play-out goes (background-audio.js): the context's output, or an <audio> element
    this.learnedRoute = learnedRoute;
    this.sink = null; // the node the play-out feeds: ctx.destination, or the element's MediaStream destination
    this.element = null;
    this.wakeLock = new ScreenWakeLock();
    this.stream = null; // {baseUs, nextUs, codec, written}
    this.decoder = null;
    this.decoderConfigured = false;
    this.timers = [];
    this.workletStats = null;
    this.statsId = 0; // the id of the last stats request sent to the worklet
    this.freshStatsId = 0; // replies to requests from this id on describe the current stream
    this.counters = { frames: 0, packets: 0, badFrames: 0, decoded: 0, decodeErrors: 0, gaps: 0, stale: 0, retimed: 0, interruptions: 0 };
    this.interruptedAt = null; // performance.now() when the context stopped running (interruption, background)
    // Capture times of the packets given to the WebCodecs decoder, in order: each output is stamped
    // from here, not from AudioData.timestamp. Chromium's decoder keeps counting from its first input
    // and ignores later input timestamps: after 12 lost packets its outputs were 240 ms early
    // (docs/SYNC.md), so a guest that missed packets (a skipped batch, a tier move) played early.
    this.decodeTs = [];
    this.arrivals = []; // recent {atUs, latencyMs, headroomMs}
    this.backlog = []; // the last 6.5 s of packets, listening or not (#keep): Join audio starts from it
    this.lastFrameAt = 0; // performance.now() of the last frame from the socket
    this.events = []; // the last 64 stream events (anchor, hole, overlap, tier): what a sync outlier went through
    this.state = 'idle';
    this.lastSyncErrorMs = 0;
    this.ready = false;
  }

  static supported() {
    return typeof AudioContext !== 'undefined' && typeof AudioWorkletNode !== 'undefined';
  }

  /** WebCodecs Opus; without it the page falls back to the vendored WASM decoder (opus-wasm.js). */
  static canDecodeOpus() {
    return typeof AudioDecoder !== 'undefined';
  }

  /** Must run inside a user gesture (the "Join audio" tap). */
  async start() {
    if (this.ctx) return;
    // Everything tied to the previous context goes: a new AudioContext starts its clock at 0, so the
    // old output mapping would put the target minutes away (Leave → Join audio stuck "late"), and old
    // worklet stats and arrivals would describe a player that no longer exists.
    this.out.reset();
    this.outputReads = new OutputReads({ neverAsk: this.gecko });
    this.workletStats = null;
    this.arrivals = [];
    this.stream = null;
    this.jb.reset();
    this.#setState('starting');
    // iOS: play through the silent switch, like a media app
    try {
      if (navigator.audioSession) navigator.audioSession.type = 'playback';
    } catch { /* not supported */ }
    let ctx;
    try {
      ctx = new AudioContext({ sampleRate: SR, latencyHint: 'playback' });
    } catch {
      ctx = new AudioContext({ latencyHint: 'playback' });
    }
    this.ctx = ctx;
    const resume = ctx.resume();
    // the route is chosen before the first await: the <audio> element's play() must run inside the tap
    this.route = chooseRoute(routeEnv(globalThis, this.learnedRoute));
    this.sink = this.route === ROUTE.ELEMENT ? this.#elementSink(ctx) : ctx.destination;
    this.out.setRoute(this.route === ROUTE.ELEMENT ? ELEMENT_ROUTE : null);
    await ctx.audioWorklet.addModule(new URL('./playout-processor.js', import.meta.url));
    const capacity = nextPow2(ctx.sampleRate * RING_SECONDS);
    const sab = globalThis.crossOriginIsolated && typeof SharedArrayBuffer !== 'undefined'
      ? new SharedArrayBuffer(CTRL_WORDS * 4 + capacity * 8) : null;
    this.node = new AudioWorkletNode(ctx, PLAYOUT_PROCESSOR, {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [2],
      processorOptions: { capacity, sab },
    });
    this.node.port.onmessage = (e) => {
      if (e.data.type !== 'stats') return;
      // a reply to a request sent before the last anchor/reset describes the stream that was replaced:
      // its `late` (from a stall upstream, e.g. the host reconnecting) must not be blamed on this guest
      this.workletStats = e.data.id >= this.freshStatsId ? e.data : { ...e.data, late: false };
    };
    this.writer = new RingWriter(this.node, capacity, sab);
    this.gain = ctx.createGain();
    this.gain.gain.value = this.volume;
    this.analyser = ctx.createAnalyser();
    this.analyser.fftSize = 2048;
    this.node.connect(this.gain);
    this.gain.connect(this.sink);
    this.gain.connect(this.analyser);
    this.resampler = ctx.sampleRate === SR ? null : new Resampler(SR, ctx.sampleRate, 2);
    this.node.port.postMessage({ type: 'play' });
    ctx.onstatechange = () => this.#contextState(ctx);
    this.wakeLock.want(true);
    this.visibility = () => {
      if (document.visibilityState === 'visible') this.#comeBack(ctx);
    };
    document.addEventListener('visibilitychange', this.visibility);
    // iOS may refuse resume() outside a gesture after an interruption: the next tap anywhere brings it back
    this.gesture = () => this.#comeBack(ctx);
    document.addEventListener('pointerdown', this.gesture, { passive: true });
    await resume;
    this.timers.push(setInterval(() => this.#retarget(), 100));
    this.timers.push(setInterval(() => this.node.port.postMessage({ type: 'stats', id: ++this.statsId }), 250));
    this.timers.push(setInterval(() => this.emit('stats', this.stats()), 2000));
    this.ready = true; // frames are taken from now on: node, ring and writer exist
    this.#retarget();
    if (this.clock.ready) this.#replayBacklog();
    else this.backlog = [];
    // the first stats soon, not after 2 s: the page says "Playing in sync." as soon as it is true
    for (const ms of [300, 700, 1200]) this.timers.push(setTimeout(() => this.ready && this.emit('stats', this.stats()), ms));
    this.#setState('waiting');
  }

  get started() {
    return this.ctx !== null;
  }

  setDelay(ms) {
    this.delayMs = ms;
    this.#retarget();
  }

  /** + plays earlier (for outputs that add latency the browser does not know, e.g. Bluetooth). */
  /** The speaker delay was measured to within ±pmMs (null: set by hand): OutputClock.setCalibration. */
  setCalibration(pmMs) {
    this.out.setCalibration(pmMs);
  }

  setNudge(ms) {
    this.nudgeMs = Math.max(-200, Math.min(500, ms));
    this.#retarget();
  }

  setVolume(v) {
    this.volume = v;
    if (this.gain && !this.held) this.gain.gain.setTargetAtTime(v, this.ctx.currentTime, 0.02);
  }

  /**
   * Silences the music while `on` (its clock, buffer and sync run on) — for speaker calibration,
   * whose clicks must be the only thing the microphone hears — and restores the volume after.
   */
  hold(on) {
    this.held = on;
    if (this.gain) this.gain.gain.setTargetAtTime(on ? 0 : this.volume, this.ctx.currentTime, 0.02);
  }

  /** What the player plays early for the output path (ms; OutputClock.modeledLatencyMs), 0 if not known yet. */
  modeledOutputMs() {
    return this.out.modeledLatencyMs ?? 0;
  }

  /** The broadcast stopped or restarted: forget the stream. */
  reset() {
    this.jb.reset();
    this.backlog = [];
    this.stream = null;
    if (this.decoder && this.decoder.state === 'configured') this.decoder.reset();
    this.decoderConfigured = false;
    this.decodeTs = [];
    this.wasm?.reset();
    this.resampler?.reset();
    if (this.node) this.node.port.postMessage({ type: 'stop' });
    if (this.node) this.node.port.postMessage({ type: 'play' });
    this.#staleStats();
    if (this.ctx) this.#setState('waiting');
  }

  /** Worklet stats requested before now describe the replaced stream (the port keeps messages in order). */
  #staleStats() {
    this.freshStatsId = this.statsId + 1;
    if (this.workletStats) this.workletStats = { ...this.workletStats, late: false };
    if (this.state === 'late') this.#setState('waiting'); // until a fresh reply says otherwise
  }

  /** One binary message from the socket. */
  handleFrame(buffer) {
    let f;
    try {
      f = decodeFrame(buffer);
    } catch {
      this.counters.badFrames++;
      return;
    }
    this.counters.frames++;
    const arrivedAt = performance.now();
    // frames again after a stall upstream (the host reconnecting): how late the worklet played while
    // nothing came is not this guest's connection; the next stats tell how the resumed stream plays
    if (this.lastFrameAt > 0 && arrivedAt - this.lastFrameAt > 1000) this.#staleStats();
    this.lastFrameAt = arrivedAt;
    const items = [];
    for (let i = 0; i < f.packets.length; i++) {
      items.push({
        sequence: (f.sequence + i) >>> 0,
        captureTimeUs: f.captureTimeUs + i * Limits.PACKET_DURATION_US,
        codec: f.codec,
        data: f.packets[i].slice(),
        discontinuity: i === 0 && (f.flags & FLAG_DISCONTINUITY) !== 0,
      });
    }
    this.#keep(items); // the same objects the jitter buffer gets: no copy
    if (!this.ready) return; // not joined audio yet (or left it): the backlog has it for Join audio
    const nowUs = this.clock.serverNowUs();
    const lastUs = f.captureTimeUs + (f.packets.length - 1) * Limits.PACKET_DURATION_US;
    const latencyMs = (nowUs - lastUs) / 1000;
    this.arrivals.push({ atUs: nowUs, latencyMs, headroomMs: this.delayMs - this.nudgeMs - latencyMs });
    while (this.arrivals.length > 0 && this.arrivals[0].atUs < nowUs - 2_000_000) this.arrivals.shift();
    for (const item of items) {
      this.counters.packets++;
      this.jb.push(item);
    }
    this.#pump();
  }

  /**
   * Keeps the packets of the last 6.5 s (the largest D + 1.5 s), listening or not, so Join audio (and
   * Leave → Join) plays at once from what is due now instead of waiting D for new packets (Stable: 5 s).
   */
  #keep(items) {
    if (items.length === 0) return;
    for (const item of items) this.backlog.push(item);
    const newest = this.backlog[this.backlog.length - 1].captureTimeUs;
    // the room's D is not known to a player that never started: keep enough for the largest (5 s)
    const horizonUs = (Math.max(this.delayMs, MAX_DELAY_MS) + 1500) * 1000;
    let drop = 0;
    while (drop < this.backlog.length && (newest - this.backlog[drop].captureTimeUs > horizonUs
      || this.backlog.length - drop > MAX_BACKLOG)) drop++;
    if (drop > 0) this.backlog.splice(0, drop);
  }

  /** Hands the kept packets that are not yet due to the jitter buffer (right after start). */
  #replayBacklog() {
    const kept = this.backlog; // kept on: a Leave → Join right after this one needs it again
    // what is due within the next 60 ms can no longer be decoded in time: start after it
    const dueUs = this.clock.serverNowUs() - (this.delayMs - this.nudgeMs) * 1000 + 60_000;
    for (const item of kept) if (item.captureTimeUs >= dueUs) this.jb.push(item);
    this.#pump();
  }

  #pump() {
    // give up on a missing packet once it is due to be decoded: 60 ms before it should be heard
    const deadline = this.clock.serverNowUs() - (this.delayMs - this.nudgeMs) * 1000 + 60_000;
    for (let item; (item = this.jb.pop(deadline));) {
      if (item.gap) {
        this.counters.gaps += item.count;
        continue; // the writer fills the hole when the next packet comes
      }
      this.#decode(item);
    }
  }

  #decode(p) {
    if (p.codec === 'pcm') {
      const dv = new DataView(p.data.buffer, p.data.byteOffset, p.data.byteLength);
      const l = new Float32Array(PACKET);
      const r = new Float32Array(PACKET);
      for (let i = 0; i < PACKET; i++) {
        l[i] = dv.getInt16(i * 4, true) / 32768;
        r[i] = dv.getInt16(i * 4 + 2, true) / 32768;
      }
      this.#write(p.captureTimeUs, l, r, 'pcm');
      return;
    }
    if (!Player.canDecodeOpus()) {
      // no WebCodecs: the vendored WASM decoder, loaded on first use; same output, same 312-sample delay
      if (!this.wasm || this.wasm.state === 'closed') {
        this.wasm = new WasmOpusDecoder({
          output: (ts, l, r) => {
            if (!this.ready) return;
            this.counters.decoded++;
            this.#write(ts, l, r, 'opus');
          },
          error: (e) => {
            this.counters.decodeErrors++;
            if (!this.wasmReported) {
              this.wasmReported = true;
              this.emit('error', new Error(`This browser has no WebCodecs Opus decoder and the fallback failed: ${e.message}`));
            }
          },
        });
        this.decoderKind = 'wasm';
      }
      this.wasm.decode(p.captureTimeUs, p.data);
      return;
    }
    this.decoderKind = 'webcodecs';
    if (!this.decoder || this.decoder.state === 'closed') {
      this.decoder = new AudioDecoder({
        output: (data) => this.#onDecoded(data),
        error: (e) => {
          this.counters.decodeErrors++;
          this.decoderConfigured = false;
          this.decodeTs = [];
          this.emit('error', e);
        },
      });
      this.decoderConfigured = false;
    }
    if (!this.decoderConfigured) {
      this.decoder.configure({ codec: 'opus', sampleRate: SR, numberOfChannels: 2 });
      this.decoderConfigured = true;
    }
    this.decodeTs.push(p.captureTimeUs);
    this.decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp: p.captureTimeUs, duration: 20000, data: p.data }));
  }

  #onDecoded(data) {
    try {
      // one output per 20 ms packet, in order; the decoder's own timestamp only if our queue ran dry
      const ts = this.decodeTs.length > 0 ? this.decodeTs.shift() : data.timestamp;
      if (!this.ready) return; // stopped while the decoder still had work
      const n = data.numberOfFrames;
      const l = new Float32Array(n);
      const r = new Float32Array(n);
      data.copyTo(l, { planeIndex: 0, format: 'f32-planar' });
      data.copyTo(r, { planeIndex: data.numberOfChannels > 1 ? 1 : 0, format: 'f32-planar' });
      this.counters.decoded++;
      if (Math.abs(ts - data.timestamp) >= 1000) this.counters.retimed++;
      this.#write(ts, l, r, 'opus');
    } finally {
      data.close();
    }
  }

  /** Keeps a stream event for window.roomcastDebug (bounded): `kind` and what it was about. */
  note(kind, detail = {}) {
    this.events.push({ atMs: Math.round(performance.now()), kind, ...detail });
    if (this.events.length > 64) this.events.shift();
  }

  /** Appends decoded 48 kHz audio captured at `captureUs` to the ring, keeping it contiguous. */
  #write(captureUs, l, r, codec) {
    let s = this.stream;
    const durUs = (l.length * 1e6) / SR;
    if (!s || s.overflowed || s.codec !== codec || captureUs - s.nextUs > MAX_FILL_US || s.nextUs - captureUs > MAX_FILL_US) {
      this.note('anchor', { captureUs, jumpMs: s ? Math.round((captureUs - s.nextUs) / 100) / 10 : null });
      this.#anchor(captureUs, codec);
      s = this.stream;
    } else if (captureUs - s.nextUs >= 1000) {
      // a hole (lost packets): fill it with silence so the stream stays in step with capture time
      const fill = Math.round(((captureUs - s.nextUs) * SR) / 1e6);
      this.note('hole', { captureUs, ms: Math.round((captureUs - s.nextUs) / 100) / 10 });
      const z = new Float32Array(fill);
      this.#append(z, z);
      s.written += fill;
      s.nextUs = captureUs;
    } else if (s.nextUs - captureUs >= durUs - 1000) {
      this.counters.stale++;
      this.note('overlap', { captureUs, ms: Math.round((s.nextUs - captureUs) / 100) / 10 });
      return; // overlaps what we already wrote
    } else if (s.nextUs - captureUs >= 1000) {
      // part of it was written already (the aux changed hands and the two broadcasters' packets
      // overlap at the cut): keep only the part after it, so the stream goes on without a hole
      const skip = Math.min(l.length, Math.round(((s.nextUs - captureUs) * SR) / 1e6));
      this.note('trim', { captureUs, ms: Math.round((s.nextUs - captureUs) / 100) / 10 });
      l = l.subarray(skip);
      r = r.subarray(skip);
      captureUs = s.nextUs;
    }
    // The host's stamps follow the server clock, not its sound card's: they run a few hundred ppm
    // off 48,000 samples per second and slew by microseconds per packet. Map stream index → capture
    // time through the newest packet, so the target (and so the drift corrector) follows them instead
    // of drifting from the anchor at 0.3 ms per second.
    s.baseUs = captureUs - (s.written * 1e6) / SR;
    this.#append(l, r);
    s.written += l.length;
    s.nextUs = captureUs + (l.length * 1e6) / SR;
  }

  #append(l, r) {
    if (this.resampler) [l, r] = this.resampler.process([l, r]);
    if (!this.writer.push(l, r) && this.stream) {
      // the shared ring was full (the context stood still while packets came): what follows would sit
      // at the wrong stream index, so anchor again on the next packet (the message ring drops its oldest instead)
      this.note('overflow', {});
      this.stream.overflowed = true;
    }
  }

  #anchor(captureUs, codec) {
    this.resampler?.reset();
    this.#staleStats();
    this.node.port.postMessage({ type: 'anchor', write: this.writer.write, index: 0 });
    this.stream = { baseUs: captureUs, nextUs: captureUs, codec, written: 0 }; // written: 48 kHz samples since the anchor
    this.#retarget();
  }

  /** Tells the worklet which stream index must be rendered at which context frame. */
  #retarget() {
    const ctx = this.ctx;
    if (!ctx || !this.stream || !this.clock.ready) return;
    const perfNow = performance.now();
    // asked only when due and never on Gecko (OutputReads: Firefox's getters can deadlock the page);
    // outputLatency only: baseLatency is the graph's own buffer, not the device's (WebKit
    // reports 0 for the latter and a 128-frame base; taking the base made the latency look "known")
    const reading = this.outputReads.read(ctx, perfNow);
    this.out.add(reading?.ts, perfNow, ctx.currentTime, this.outputReads.latencyS);
    const sr = ctx.sampleRate;
    const frame = Math.round(ctx.currentTime * sr);
    const heardAtPerf = this.out.perfAt(frame / sr);
    const serverUs = this.clock.toServerUs(heardAtPerf);
    const captureUs = serverUs - this.delayMs * 1000 + this.nudgeMs * 1000;
    const delay = this.stream.codec === 'opus' ? OPUS_DECODER_DELAY_SAMPLES : 0;
    const index48 = ((captureUs - this.stream.baseUs) * SR) / 1e6 + delay;
    this.node.port.postMessage({ type: 'target', frame, index: (index48 * sr) / SR });
  }

  /**
   * The context changed state. iOS says 'interrupted' (a call, Siri, another app took the audio
   * session) and a browser may suspend a context in the background: try to resume, and when it runs
   * again re-anchor, because everything the ring held was meant for a moment that has passed, the
   * audio clock stood still meanwhile (its mapping to performance.now() jumped) and a full ring
   * refused what arrived (its stream index no longer matches the ring).
   */
  #contextState(ctx) {
    if (ctx !== this.ctx) return;
    if (this.learnedRoute !== ROUTE.ELEMENT
        && stoppedInBackground({ state: ctx.state, hidden: document.visibilityState === 'hidden', route: this.route })) {
      this.learnedRoute = ROUTE.ELEMENT; // this platform stops a bare context with the screen off: the element from now on
      this.emit('route', { route: ROUTE.ELEMENT, learned: true });
    }
    if (ctx.state === 'running') {
      if (this.interruptedAt !== null) {
        this.note('resumed', { afterMs: Math.round(performance.now() - this.interruptedAt) });
        this.interruptedAt = null;
        this.#reanchor();
      }
    } else if (ctx.state !== 'closed') {
      if (this.interruptedAt === null) {
        this.interruptedAt = performance.now();
        this.counters.interruptions++;
        this.note('interrupted', { state: ctx.state });
      }
      ctx.resume().catch(() => {});
    }
    this.emit('context', ctx.state);
  }

  /** The tab is visible again (or the user tapped): resume a context that is not running. */
  #comeBack(ctx) {
    if (ctx !== this.ctx || ctx.state === 'closed') return;
    if (this.learnedRoute === ROUTE.ELEMENT && this.route === ROUTE.DIRECT && chooseRoute(routeEnv(globalThis, ROUTE.ELEMENT)) === ROUTE.ELEMENT) {
      this.#moveToElement(ctx);
    }
    if (ctx.state !== 'running') ctx.resume().catch(() => {});
  }

  /** An <audio> element playing the play-out through a MediaStream destination; returns that destination. */
  #elementSink(ctx) {
    const sink = ctx.createMediaStreamDestination();
    this.element = new Audio();
    this.element.srcObject = sink.stream;
    this.element.play().catch((e) => this.note('element', { error: String(e?.name ?? e) }));
    return sink;
  }

  /** The page is back after the platform stopped its audio in the background: on through the element, re-anchored. */
  #moveToElement(ctx) {
    const sink = this.#elementSink(ctx);
    this.gain.disconnect(this.sink);
    this.gain.connect(sink);
    this.sink = sink;
    this.route = ROUTE.ELEMENT;
    this.out.setRoute(ELEMENT_ROUTE);
    this.note('route', { route: ROUTE.ELEMENT });
    this.#reanchor();
  }

  /** Forget what the ring holds and the output mapping; the next decoded packet anchors again. */
  #reanchor() {
    this.#staleStats();
    this.out.reset();
    this.stream = null;
    this.resampler?.reset();
    if (this.node) {
      this.node.port.postMessage({ type: 'stop' });
      this.node.port.postMessage({ type: 'play' });
    }
  }

  #setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.emit('state', { state });
  }

  /** Player health, for stats:report, the page and window.roomcastDebug. */
  stats() {
    const w = this.workletStats;
    const sr = this.ctx ? this.ctx.sampleRate : SR;
    // only the last 2 s of arrivals: when frames stop coming, the delay shown must not stay frozen
    const since = this.clock.ready ? this.clock.serverNowUs() - 2_000_000 : -Infinity;
    while (this.arrivals.length > 0 && this.arrivals[0].atUs < since) this.arrivals.shift();
    const latencies = this.arrivals.map((a) => a.latencyMs).sort((a, b) => a - b);
    const headroom = this.arrivals.length ? Math.min(...this.arrivals.map((a) => a.headroomMs)) : null;
    const syncErrorMs = w ? (w.errFrames / sr) * 1000 : 0;
    this.lastSyncErrorMs = syncErrorMs;
    const late = Boolean(w && w.late);
    // 'playing' means audible: not while the worklet still plays silence until the target reaches what
    // it holds (a room live for less than D has nothing due yet: Stable's first 5 s). CI caught the page
    // saying "Playing in sync." 1.5 s into a 5 s hold, after a few quanta read before the first resync.
    const audible = w && w.buffered > 0 && (w.hold ?? 0) < HOLD_AUDIBLE_S * sr;
    if (this.ctx && w && w.played > 0) this.#setState(late ? 'late' : audible ? 'playing' : 'waiting');
    return {
      state: this.state,
      bufferMs: w ? (w.buffered / sr) * 1000 : 0,
      jitterBufferMs: this.jb.levelMs,
      latencyMs: latencies.length ? latencies[latencies.length >> 1] : 0,
      headroomMs: headroom,
      syncErrorMs,
      underruns: w ? w.underruns : 0,
      late,
      played: w ? w.played : 0,
      playedPackets: w ? Math.floor(w.played / ((PACKET * sr) / SR)) : 0,
      dropped: w ? w.dropped : 0,
      inserted: w ? w.inserted : 0,
      resyncs: w ? w.resyncs : 0,
      slips: (w ? w.slips : 0) + this.out.slips,
      overflows: this.writer ? this.writer.overflows + (w ? w.overflows : 0) : 0,
      clockOffsetUs: this.clock.offsetUs,
      clockRttMs: this.clock.rttMs,
      clockDriftPpm: this.clock.driftPpm,
      outputOffsetMs: this.out.offset,
      outputFallback: this.out.fallback,
      outputLatencyMs: this.outputReads.latencyS * 1000,
      // how the output clock is read on this engine (output-clock.js MODEL) and how sure the page is:
      // latencyKnown false = the engine hides its output latency, sync is approximate until calibrated
      outputModel: this.out.model,
      outputRoute: this.route,
      wakeLock: this.wakeLock.held,
      latencyKnown: this.out.latencyKnown,
      calibrated: this.out.calibrated,
      outputUncertaintyMs: round1(this.out.uncertaintyMs),
      // what a listener may be off from the room: the output mapping plus the clock sync (half the
      // best probe round trip bounds a probe's offset error)
      syncUncertaintyMs: round1(this.out.uncertaintyMs + (Number.isFinite(this.clock.rttMs) ? this.clock.rttMs / 2 : 0)),
      outputCrossCheckMs: this.out.crossCheckMs === null ? null : round1(this.out.crossCheckMs),
      outputDropped: this.out.invalid,
      contextState: this.ctx ? this.ctx.state : null,
      sampleRate: sr,
      shared: Boolean(this.writer && this.writer.sab),
      delayMs: this.delayMs,
      nudgeMs: this.nudgeMs,
      decoder: this.decoderKind || null,
      ...this.counters,
      jitter: { ...this.jb.stats },
    };
  }

  /** Releases the context, the nodes, the decoder and the wake lock. */
  async stop() {
    this.ready = false;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.visibility) document.removeEventListener('visibilitychange', this.visibility);
    if (this.gesture) document.removeEventListener('pointerdown', this.gesture);
    this.interruptedAt = null;
    try {
      this.decoder?.close();
    } catch { /* already closed */ }
    this.decoder = null;
    this.decodeTs = [];
    this.wasm?.close();
    this.wasm = null;
    this.wakeLock.want(false);
    if (this.element) {
      this.element.pause();
      this.element.srcObject = null;
      this.element = null;
    }
    this.sink = null;
    this.node?.disconnect();
    this.gain?.disconnect();
    const ctx = this.ctx;
    this.ctx = null;
    this.stream = null;
    this.jb.reset();
    this.out.reset();
    this.workletStats = null;
    this.arrivals = [];
    if (ctx) await ctx.close().catch(() => {});
    this.#setState('idle');
  }
}
