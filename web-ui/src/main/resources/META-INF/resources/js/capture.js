// Host capture: a tab or the whole system (getDisplayMedia), an input device (getUserMedia) or a
// playlist of local files, all through one AudioContext graph:
//   source → analyser (meter, spectrum) → capture worklet (20 ms blocks) → [resampler] → encoder
// Files also play to the host's own speakers. Blocks are stamped with their capture time in
// server-clock µs; stamps advance by exactly 20 ms per packet and are slewed gently (≤ 500 ppm)
// toward the measured time, so guests see a smooth timeline; a jump of > 50 ms restarts it.
import { BLOCK_MS, CAPTURE_PROCESSOR } from './constants.js';
import { Emitter } from './emitter.js';
import { FrameEncoder } from './encoder.js';
import { FilePlayer } from './file-player.js';
import { Limits } from './protocol.js';
import { Resampler } from './resampler.js';

const SR = Limits.SAMPLE_RATE;
const PACKET = Limits.PACKET_SAMPLES;
const RAW = { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 2 };

export class CaptureError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/**
 * What this browser can capture: tab/system audio is Chromium-only (Firefox and Safari share a
 * screen without its sound). `displayMissing` is the sentence to show where it is missing; input
 * devices and files work in every engine (checked in Firefox 153 and WebKitGTK 2.50, whose
 * AudioEncoder encodes Opus; without one the host sends PCM).
 */
export function captureSupport() {
  const ua = navigator.userAgent;
  const chromium = /Chrome\/|Edg\//.test(ua) && !/Firefox\//.test(ua);
  const browser = /Firefox\//.test(ua) ? 'firefox' : /Safari\//.test(ua) && !chromium ? 'safari' : chromium ? 'chromium' : 'other';
  const display = Boolean(navigator.mediaDevices?.getDisplayMedia) && chromium;
  const name = browser === 'firefox' ? 'Firefox' : browser === 'safari' ? 'Safari' : 'This browser';
  return {
    display,
    input: Boolean(navigator.mediaDevices?.getUserMedia),
    files: typeof AudioContext !== 'undefined',
    encoder: typeof AudioEncoder !== 'undefined',
    browser,
    displayMissing: display ? null : `${name} cannot share tab or system audio. Use an input device (a loopback such as `
      + 'BlackHole or VB-Cable) or play files, or open this page in Chrome or Edge.',
  };
}

export async function listInputDevices() {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((d) => d.kind === 'audioinput').map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Input ${i + 1}` }));
}

/**
 * Events: 'level' never (read `analyser`), 'track' (playlist index), 'ended' (source ended, e.g. the
 * user stopped sharing), 'error' (Error), 'stats' ({packets, bytes, dropped}).
 */
export class Capture extends Emitter {
  constructor(clock) {
    super();
    this.clock = clock;
    this.ctx = null;
    this.stream = null;
    this.source = null;
    this.files = null; // the playlist's player (file-player.js), made with the context
    this.encoder = null;
    this.kind = null;
    this.dropped = 0;
  }

  async #ensureContext() {
    if (this.ctx) return this.ctx;
    try {
      this.ctx = new AudioContext({ sampleRate: SR, latencyHint: 'interactive' });
    } catch {
      this.ctx = new AudioContext({ latencyHint: 'interactive' });
    }
    await this.ctx.audioWorklet.addModule(new URL('./capture-processor.js', import.meta.url));
    this.analyser = this.ctx.createAnalyser();
    this.analyser.fftSize = 2048;
    this.analyser.smoothingTimeConstant = 0.6;
    this.input = this.ctx.createGain(); // every source connects here
    this.input.connect(this.analyser);
    this.monitor = this.ctx.createGain(); // files: the host hears them too
    this.monitor.connect(this.ctx.destination);
    this.files = new FilePlayer(this.ctx, [this.input, this.monitor]);
    // the track and the stream time it starts at (track:set)
    this.files.on('track', (t, startAt) => this.emit('track', this.track, { ...t, atUs: this.streamTimeAt(startAt) }));
    // the next track and the context time it will start at (its stream time is read when it is announced)
    this.files.on('upcoming', (t, startAt) => this.emit('upcoming', t, startAt));
    this.files.on('state', (state) => this.emit('files', state));
    this.files.on('error', (e) => this.emit('error', new CaptureError(e.code, e.message)));
    this.files.on('ended', () => {
      if (this.kind === 'files') this.emit('ended');
    });
    return this.ctx;
  }

  /**
   * Tab or whole-system audio. Throws CaptureError('no_audio') if the user did not share audio.
   * With `keepVideo` (the host lets guests peek at the tab) the share's video track is kept, asked
   * down to 1 frame a second; otherwise it is stopped at once.
   */
  async openDisplay({ keepVideo = false } = {}) {
    await this.#ensureContext();
    this.#closeSource();
    const stream = await navigator.mediaDevices.getDisplayMedia({
      video: true, // Chrome requires video; stopped at once unless the peek keeps it
      audio: { ...RAW, suppressLocalAudioPlayback: false },
      systemAudio: 'include',
      selfBrowserSurface: 'exclude',
      surfaceSwitching: 'include',
      preferCurrentTab: false,
    });
    for (const t of stream.getVideoTracks()) {
      if (keepVideo) {
        t.applyConstraints({ frameRate: { max: 1 }, width: { max: 640 } }).catch(() => {}); // a hint: a peek needs little
      } else {
        t.stop();
        stream.removeTrack(t);
      }
    }
    if (stream.getAudioTracks().length === 0) {
      throw new CaptureError('no_audio',
        'No audio came with the share. Share again and tick "Share tab audio" (or "Share system audio").');
    }
    this.#useStream(stream, 'display');
    return stream.getAudioTracks()[0].label;
  }

  /** An input device: a loopback (BlackHole, VB-Cable) or a microphone. */
  async openDevice(deviceId) {
    await this.#ensureContext();
    this.#closeSource();
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { ...RAW, deviceId: deviceId ? { exact: deviceId } : undefined },
      video: false,
    });
    this.#useStream(stream, 'input');
    return stream.getAudioTracks()[0]?.label;
  }

  #useStream(stream, kind) {
    this.stream = stream;
    this.kind = kind;
    const track = stream.getAudioTracks()[0];
    track.addEventListener('ended', () => this.emit('ended'));
    this.inputLatencyMs = (track.getSettings?.().latency || 0.01) * 1000;
    this.source = this.ctx.createMediaStreamSource(stream);
    this.source.connect(this.input);
  }

  /** The shared tab's or screen's video, while a display source keeps one live (the peek); else null. */
  get videoTrack() {
    const t = this.kind === 'display' ? this.stream?.getVideoTracks()[0] : null;
    return t && t.readyState === 'live' ? t : null;
  }

  /** Stops the display source's video (the peek was turned off); its audio goes on. */
  dropVideo() {
    for (const t of this.stream?.getVideoTracks() ?? []) {
      t.stop();
      this.stream.removeTrack(t);
    }
  }

  /** A source is open: a stream, or the playlist playing or paused. */
  get hasSource() {
    return Boolean(this.source) || (this.kind === 'files' && this.files?.state !== 'stopped');
  }

  /** The playlist, in the host's order: {id, name, duration}. */
  get playlist() {
    return this.files?.list.items ?? [];
  }

  /** The index in the playlist of the track playing or paused (−1: none, or another source). */
  get track() {
    if (this.kind !== 'files' || !this.files || this.files.state === 'stopped') return -1;
    return this.files.list.indexOf(this.files.list.currentId);
  }

  /** Adds files to the playlist (decoded now; one that does not decode is an 'error'). Returns the playlist. */
  async addFiles(files) {
    await this.#ensureContext();
    await this.files.add(files);
    return this.playlist;
  }

  removeFile(index) {
    const t = this.playlist[index];
    if (t) this.files.remove(t.id);
  }

  /** Plays playlist entry `index` (then the next ones, gapless) into the graph and to the host's speakers. */
  async playFile(index = 0) {
    await this.#ensureContext();
    await this.ctx.resume();
    const t = this.playlist[index];
    if (!t) return;
    if (this.kind !== 'files') this.#closeSource();
    this.kind = 'files';
    this.inputLatencyMs = 0;
    this.files.play(t.id);
  }

  /**
   * Starts encoding and sending (with `hold`, encoding only, until a {@link cut} says from when).
   * Returns the AudioConfig to announce with broadcast:start.
   */
  async start(send, { bitrate = 128000, hold = false } = {}) {
    await this.#ensureContext();
    await this.ctx.resume();
    this.encoder = new FrameEncoder(send, { bitrate });
    if (hold) this.encoder.setWindow(Infinity, Infinity); // taking the aux: nothing goes out before the cut
    this.encoder.onError = (e) => this.emit('error', e);
    const codec = await this.encoder.open();
    this.node = new AudioWorkletNode(this.ctx, CAPTURE_PROCESSOR, { numberOfInputs: 1, numberOfOutputs: 0,
      channelCount: 2, channelCountMode: 'explicit', channelInterpretation: 'speakers' });
    const node = this.node;
    node.port.onmessage = (e) => this.#onBlock(node, e.data);
    this.input.connect(this.node);
    this.resampler = this.ctx.sampleRate === SR ? null : new Resampler(this.ctx.sampleRate, SR, 2);
    this.acc = { l: new Float32Array(PACKET * 4), r: new Float32Array(PACKET * 4), n: 0, startUs: 0 };
    this.stampUs = null;
    this.lastPacket = null;
    this.restamps = 0; // the stamps jumped back onto the measured time (the capture stalled or skipped)
    return { codec, sampleRate: SR, channels: 2, bitrate: Math.max(Limits.MIN_BITRATE, Math.min(Limits.MAX_BITRATE, bitrate)) };
  }

  setBitrate(bitrate) {
    this.encoder?.setBitrate(bitrate);
  }

  get live() {
    return Boolean(this.encoder);
  }

  #onBlock(node, buf) {
    // a block already on its way when sending stopped (the playlist ended, Stop) belongs to a node
    // that is gone: nothing to encode, nowhere to return its buffer
    if (node !== this.node) return;
    const sr = this.ctx.sampleRate;
    const frames = Math.round((sr * BLOCK_MS) / 1000);
    const startFrame = new Float64Array(buf, 0, 1)[0];
    let l = new Float32Array(buf, 8, frames).slice();
    let r = new Float32Array(buf, 8 + frames * 4, frames).slice();
    node.port.postMessage(buf, [buf]); // back to the pool
    if (!this.encoder || !this.clock.ready) return;
    // when was the block's first sample captured? render time of its frame, minus input latency
    const renderPerf = performance.now() - (this.ctx.currentTime - startFrame / sr) * 1000;
    const measuredUs = this.clock.toServerUs(renderPerf - (this.inputLatencyMs || 0));
    if (this.resampler) [l, r] = this.resampler.process([l, r]);
    const a = this.acc;
    if (a.n === 0) {
      a.startUs = measuredUs;
      a.startCtx = startFrame / sr; // context time of the accumulator's first sample, s
    }
    a.l.set(l, a.n);
    a.r.set(r, a.n);
    a.n += l.length;
    if (this.alignUs !== null && this.alignUs !== undefined && a.n > 0) this.#align(a);
    while (a.n >= PACKET) {
      this.#emitPacket(a.l.slice(0, PACKET), a.r.slice(0, PACKET), a.startUs);
      this.lastPacket = { ctxTime: a.startCtx, stampUs: this.stampUs };
      a.startCtx += Limits.PACKET_DURATION_US / 1e6;
      a.l.copyWithin(0, PACKET, a.n);
      a.r.copyWithin(0, PACKET, a.n);
      a.n -= PACKET;
      a.startUs += Limits.PACKET_DURATION_US;
    }
  }

  /**
   * Passing the aux to this page: drops the few samples that put a packet boundary exactly on the
   * cut `alignUs`, and restarts the stamps there, so that the first packet sent starts at the cut.
   */
  #align(a) {
    const phaseUs = ((this.alignUs - a.startUs) % Limits.PACKET_DURATION_US + Limits.PACKET_DURATION_US)
      % Limits.PACKET_DURATION_US;
    const skip = Math.min(a.n, Math.round((phaseUs * SR) / 1e6) % PACKET);
    a.l.copyWithin(0, skip, a.n);
    a.r.copyWithin(0, skip, a.n);
    a.n -= skip;
    a.startUs += (skip * 1e6) / SR;
    a.startCtx += skip / SR;
    this.stampUs = Math.round(a.startUs) - Limits.PACKET_DURATION_US; // the next stamp is the measured time, no slew
    this.alignUs = null;
    if (this.lastCut) this.lastCut.skipped = skip;
  }

  /**
   * The stream time (server µs, on the packets' own stamps) of the sample the graph renders at
   * context time `ctxTime`: where a track that starts then begins for guests (track:set).
   */
  streamTimeAt(ctxTime) {
    const lp = this.lastPacket;
    if (lp) return Math.round(lp.stampUs + (ctxTime - lp.ctxTime) * 1e6);
    const perf = performance.now() - ((this.ctx?.currentTime ?? ctxTime) - ctxTime) * 1000;
    return Math.round(this.clock.toServerUs(perf - (this.inputLatencyMs || 0)));
  }

  /** The stream time of what the source gives now. */
  streamTimeNow() {
    return this.streamTimeAt(this.ctx ? this.ctx.currentTime : 0);
  }

  /**
   * The aux's cut at `atUs` (server µs): `to` true, this page broadcasts from it (its packet grid
   * moved onto it); false, it stops sending what is captured from it on. The encoder keeps running.
   */
  cut(atUs, to) {
    if (!this.encoder) return;
    const aheadUs = atUs - this.clock.toServerUs(performance.now());
    this.lastCut = { atUs, to, aheadMs: Math.round(aheadUs / 1000), skipped: null };
    if (to) {
      // the grid moves onto the cut only ahead of it (a cut learnt late starts from the held packets)
      if (aheadUs > 40_000) this.alignUs = atUs;
      this.encoder.setWindow(atUs, Infinity);
    } else {
      this.encoder.setWindow(-Infinity, atUs);
    }
  }

  #emitPacket(l, r, measuredUs) {
    const expected = this.stampUs === null ? null : this.stampUs + Limits.PACKET_DURATION_US;
    if (expected === null || Math.abs(measuredUs - expected) > 50_000) {
      if (expected !== null) this.restamps++;
      this.stampUs = Math.round(measuredUs);
      this.encoder.markGap();
    } else {
      const slew = Math.max(-10, Math.min(10, (measuredUs - expected) * 0.02));
      this.stampUs = Math.round(expected + slew);
    }
    this.encoder.encode(l, r, this.stampUs);
  }

  /** Stops sending (the source keeps playing so the meter still moves). */
  stopSending() {
    if (this.node) {
      this.node.port.postMessage('stop');
      try {
        this.input.disconnect(this.node);
      } catch { /* not connected */ }
      this.node = null;
    }
    this.encoder?.close();
    this.encoder = null;
  }

  stats() {
    return { codec: this.encoder?.codec ?? null, packets: this.encoder?.sentPackets ?? 0,
      bytes: this.encoder?.sentBytes ?? 0, sampleRate: this.ctx?.sampleRate ?? 0, kind: this.kind,
      encoderDropped: this.encoder?.droppedBlocks ?? 0, held: this.encoder?.heldPackets ?? 0, restamps: this.restamps,
      lastCut: this.lastCut ?? null };
  }

  #closeSource() {
    this.files?.stop();
    if (this.source) {
      try {
        if (this.source.stop) this.source.stop();
      } catch { /* not started */ }
      this.source.disconnect();
      this.source = null;
    }
    if (this.stream) {
      for (const t of this.stream.getTracks()) t.stop();
      this.stream = null;
    }
  }

  /** Releases everything: tracks, nodes, the context. */
  async close() {
    this.stopSending();
    this.#closeSource();
    const ctx = this.ctx;
    this.ctx = null;
    if (ctx) await ctx.close().catch(() => {});
  }
}
