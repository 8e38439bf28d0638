// Host encoding: 20 ms planar 48 kHz blocks → Opus packets with WebCodecs AudioEncoder
// (opus: frameDuration 20000, application 'audio', signal 'music'), or 16-bit PCM packets when
// AudioEncoder is missing (relay-service then encodes them with Concentus). Each packet keeps the
// capture time (server clock µs) of its block; packets are framed with protocol.js and handed to
// `send(bytes)` one per frame, with sequence numbers and the discontinuity flag.
import { encodeFrame, FLAG_DISCONTINUITY, Limits } from './protocol.js';

/**
 * Blocks waiting in the WebCodecs encoder beyond this many (200 ms) are dropped, with a gap: a host
 * whose encoder cannot keep up in real time (a loaded machine) must not queue more and more audio
 * and deliver it ever later; guests play T + D, so audio queued past D is worth nothing.
 */
export const MAX_ENCODE_QUEUE = 10;

export async function opusSupported(bitrate) {
  if (typeof AudioEncoder === 'undefined') return null;
  for (const config of [
    { codec: 'opus', sampleRate: 48000, numberOfChannels: 2, bitrate, opus: { frameDuration: 20000, application: 'audio', signal: 'music' } },
    { codec: 'opus', sampleRate: 48000, numberOfChannels: 2, bitrate, opus: { frameDuration: 20000 } },
    { codec: 'opus', sampleRate: 48000, numberOfChannels: 2, bitrate },
  ]) {
    try {
      const r = await AudioEncoder.isConfigSupported(config);
      if (r.supported) return r.config || config;
    } catch { /* try the next */ }
  }
  return null;
}

/**
 * Chromium's AudioEncoder stamps its outputs by counting samples from the first input's timestamp
 * (and from the first input after a configure()); later input timestamps are ignored. So a dropped
 * block, a re-anchored or slewed capture stamp never reached the packets: every drop made all later
 * stamps 20 ms early for good (measured: browser-host audio arriving "1–3.7 s after capture" was
 * mostly this). Blocks therefore go in stamped with their index (k × 20 ms, no holes), and each
 * output is matched back to its block's capture time through a small ring; an output with no block
 * (the padding packet a flush adds) is dropped.
 */
export const STAMP_RING = 256;

/** Packets kept while holding (1 s): a handoff learnt late still starts at its cut. */
const HELD_PACKETS = 50;

export class FrameEncoder {
  /**
   * @param {(bytes: Uint8Array) => void} send
   * @param {{bitrate: number, forcePcm?: boolean}} o
   */
  constructor(send, { bitrate = 128000, forcePcm = false } = {}) {
    this.send = send;
    this.bitrate = bitrate;
    this.forcePcm = forcePcm;
    this.sequence = Math.floor(Math.random() * 0x100000000) >>> 0;
    this.discontinuity = true;
    this.encoder = null;
    this.codec = null;
    this.sentPackets = 0;
    this.sentBytes = 0;
    this.errors = 0;
    this.droppedBlocks = 0;
    this.gapAtBlock = null; // the first block encoded after a drop: its packet carries the discontinuity
    this.nextBlock = 0; // index of the next block handed to the encoder
    this.ring = new Array(STAMP_RING).fill(null); // block index → {block, captureUs}
    this.unmatched = 0; // outputs with no block of ours (flush padding)
    // Passing the aux: only packets captured in [fromUs, untilUs) go out; the others are encoded (the
    // encoder stays warm) and held, the last second of them, for a start cut that is learnt late.
    this.fromUs = -Infinity;
    this.untilUs = Infinity;
    this.held = [];
    this.heldPackets = 0;
  }

  /**
   * Sends only packets that start at or after `fromUs` and end by `untilUs` (server µs), each within
   * Limits.AUX_CUT_SLACK_US: the two sides of an aux handoff. Held packets already due go out now.
   */
  setWindow(fromUs = -Infinity, untilUs = Infinity) {
    this.fromUs = fromUs;
    this.untilUs = untilUs;
    const held = this.held;
    this.held = [];
    // only a start (a cut this page broadcasts from) takes held packets; the rest are dropped
    if (fromUs !== -Infinity) for (const h of held) if (this.#inWindow(h.captureUs)) this.#sendPacket(h.packet, h.captureUs);
  }

  #inWindow(captureUs) {
    // the gateway's rule (RoomLocal.mayBroadcast): from the cut, or ending by it, within the slack
    return captureUs >= this.fromUs - Limits.AUX_CUT_SLACK_US
      && captureUs + Limits.PACKET_DURATION_US <= this.untilUs + Limits.AUX_CUT_SLACK_US;
  }

  /** True while it sends nothing (before the cut it starts at, or after the one it ends at). */
  get holding() {
    return this.fromUs === Infinity || this.untilUs === -Infinity;
  }

  /** Picks the codec; returns 'opus' or 'pcm'. */
  async open() {
    const config = this.forcePcm ? null : await opusSupported(this.bitrate);
    if (!config) {
      this.codec = 'pcm';
      return this.codec;
    }
    this.config = config;
    this.encoder = new AudioEncoder({
      output: (chunk) => this.#onChunk(chunk),
      error: (e) => {
        this.errors++;
        this.onError?.(e);
      },
    });
    this.encoder.configure(config);
    this.codec = 'opus';
    return this.codec;
  }

  /** Changes the Opus bitrate (re-configures the encoder: a short discontinuity). */
  setBitrate(bitrate) {
    this.bitrate = bitrate;
    if (this.encoder && this.encoder.state === 'configured') {
      this.config = { ...this.config, bitrate };
      this.encoder.configure(this.config);
    }
  }

  /** Marks the next packet as following a gap (dropped blocks, restart). */
  markGap() {
    this.discontinuity = true;
  }

  /** One 20 ms block of 960 planar samples per channel, captured at `captureUs` (server clock). */
  encode(l, r, captureUs) {
    if (this.codec === 'pcm') {
      const bytes = new Uint8Array(Limits.PCM_PACKET_BYTES);
      const dv = new DataView(bytes.buffer);
      for (let i = 0; i < Limits.PACKET_SAMPLES; i++) {
        dv.setInt16(i * 4, Math.max(-32768, Math.min(32767, Math.round(l[i] * 32767))), true);
        dv.setInt16(i * 4 + 2, Math.max(-32768, Math.min(32767, Math.round(r[i] * 32767))), true);
      }
      this.#sendPacket(bytes, captureUs);
      return;
    }
    if (!this.encoder || this.encoder.state !== 'configured') return;
    if (this.encoder.encodeQueueSize > MAX_ENCODE_QUEUE) {
      this.droppedBlocks++;
      this.gapAtBlock = -1; // set to the next accepted block
      return;
    }
    const block = this.nextBlock++;
    if (this.gapAtBlock === -1) this.gapAtBlock = block;
    this.ring[block % STAMP_RING] = { block, captureUs: Math.round(captureUs) };
    const data = new Float32Array(Limits.PACKET_SAMPLES * 2);
    data.set(l, 0);
    data.set(r, Limits.PACKET_SAMPLES);
    const audio = new AudioData({ format: 'f32-planar', sampleRate: 48000, numberOfFrames: Limits.PACKET_SAMPLES,
      numberOfChannels: 2, timestamp: block * Limits.PACKET_DURATION_US, data });
    this.encoder.encode(audio);
    audio.close();
  }

  #onChunk(chunk) {
    const bytes = new Uint8Array(chunk.byteLength);
    chunk.copyTo(bytes);
    if (bytes.length < 1 || bytes.length > Limits.MAX_OPUS_PACKET) return;
    const block = Math.round(chunk.timestamp / Limits.PACKET_DURATION_US);
    const stamp = this.ring[block % STAMP_RING];
    if (!stamp || stamp.block !== block) {
      this.unmatched++;
      return;
    }
    this.ring[block % STAMP_RING] = null;
    if (this.gapAtBlock !== null && this.gapAtBlock !== -1 && block >= this.gapAtBlock) {
      this.discontinuity = true; // the packets before the drop went out unflagged, in order
      this.gapAtBlock = null;
    }
    this.#sendPacket(bytes, stamp.captureUs);
  }

  #sendPacket(packet, captureUs) {
    if (!this.#inWindow(captureUs)) {
      this.heldPackets++;
      // kept (the last second) for a start cut that is learnt late: the handoff to this page, or
      // back to it when the member with the aux left (a cut that is already past when it arrives)
      this.held.push({ packet, captureUs });
      if (this.held.length > HELD_PACKETS) this.held.shift();
      this.discontinuity = true; // whatever goes out next follows a gap in what this encoder sent
      return;
    }
    const frame = encodeFrame({ codec: this.codec, tier: 'high', sequence: this.sequence, captureTimeUs: captureUs,
      flags: this.discontinuity ? FLAG_DISCONTINUITY : 0, packets: [packet] });
    this.discontinuity = false;
    this.sequence = (this.sequence + 1) >>> 0;
    this.sentPackets++;
    this.sentBytes += frame.length;
    this.send(frame);
  }

  close() {
    try {
      if (this.encoder && this.encoder.state !== 'closed') this.encoder.close();
    } catch { /* closed */ }
    this.encoder = null;
  }
}
