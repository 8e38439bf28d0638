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
    this.gapAtUs = null; // the first block encoded after a drop: its packet carries the discontinuity
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
      this.gapAtUs = -1; // set to the next accepted block
      return;
    }
    if (this.gapAtUs === -1) this.gapAtUs = captureUs;
    const data = new Float32Array(Limits.PACKET_SAMPLES * 2);
    data.set(l, 0);
    data.set(r, Limits.PACKET_SAMPLES);
    const audio = new AudioData({ format: 'f32-planar', sampleRate: 48000, numberOfFrames: Limits.PACKET_SAMPLES,
      numberOfChannels: 2, timestamp: Math.round(captureUs), data });
    this.encoder.encode(audio);
    audio.close();
  }

  #onChunk(chunk) {
    const bytes = new Uint8Array(chunk.byteLength);
    chunk.copyTo(bytes);
    if (bytes.length < 1 || bytes.length > Limits.MAX_OPUS_PACKET) return;
    if (this.gapAtUs !== null && this.gapAtUs !== -1 && chunk.timestamp >= this.gapAtUs) {
      this.discontinuity = true; // the packets before the drop went out unflagged, in order
      this.gapAtUs = null;
    }
    this.#sendPacket(bytes, chunk.timestamp);
  }

  #sendPacket(packet, captureUs) {
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
