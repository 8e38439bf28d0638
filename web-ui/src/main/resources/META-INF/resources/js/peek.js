// The tab peek in the studio: while the host lets guests see the shared tab and the room is live,
// one frame of the capture's video track every PEEK_INTERVAL_MS, scaled to fit PEEK_MAX_WIDTH ×
// PEEK_MAX_WIDTH and encoded as JPEG under PEEK_MAX_BYTES, goes to the room's one peek slot by REST
// (never the socket, never the audio path). Stopping tells the server at once (DELETE), after any
// upload still on its way, so no late frame brings the picture back.
import { encodeUnder, fitWithin, newCanvas } from './cover-art.js';
import { Emitter } from './emitter.js';
import { Limits } from './protocol.js';

/** JPEG qualities tried in turn: a 320 px tab is usually 10–25 KB at the first. */
export const PEEK_QUALITIES = Object.freeze([0.6, 0.45, 0.3, 0.2]);

/** The frame (anything drawImage takes, with its size) as a JPEG Blob within the peek's limits; null if none fits. */
export async function encodeFrame(frame, width, height, { env = { canvas: newCanvas } } = {}) {
  const size = fitWithin(width, height, Limits.PEEK_MAX_WIDTH);
  const canvas = env.canvas(size.width, size.height);
  canvas.getContext('2d').drawImage(frame, 0, 0, size.width, size.height);
  return encodeUnder(canvas, Limits.PEEK_MAX_BYTES, 'image/jpeg', PEEK_QUALITIES);
}

/** Frames of a live video track through a muted, unattached <video> (every engine can). */
export class VideoFrames {
  constructor(track) {
    this.video = document.createElement('video');
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.srcObject = new MediaStream([track]);
    this.ready = this.video.play();
  }

  /** The JPEG of the latest frame, or null while the track shows nothing yet. */
  async grab() {
    await this.ready;
    const { videoWidth: w, videoHeight: h } = this.video;
    return w > 0 && h > 0 ? encodeFrame(this.video, w, h) : null;
  }

  close() {
    this.video.pause();
    this.video.srcObject = null;
  }
}

/**
 * Sends the peek while running. Events: 'sent' (PeekUpload), 'error' (Error: a refusal other than
 * a frame too soon, or a network failure), 'stopped'.
 */
export class PeekSender extends Emitter {
  /**
   * @param {object} o
   * @param {(blob: Blob) => Promise<object>} o.put  PUT /api/rooms/{id}/peek with the host's token
   * @param {() => Promise<void>} o.remove  DELETE /api/rooms/{id}/peek with the host's token
   * @param {{setInterval: Function, clearInterval: Function}} [o.timers]
   * @param {number} [o.interval]  ms
   */
  constructor({ put, remove, timers = globalThis, interval = Limits.PEEK_INTERVAL_MS }) {
    super();
    this.put = put;
    this.remove = remove;
    this.timers = timers;
    this.interval = interval;
    this.frames = null;
    this.timer = null;
    this.putting = Promise.resolve(); // the upload on its way, if any
    this.busy = false;
  }

  get running() {
    return this.frames !== null;
  }

  /** Starts sending frames from `frames` ({grab(): Promise<Blob|null>, close()}): one now, then every interval. */
  start(frames) {
    if (this.running) this.stop();
    this.frames = frames;
    this.#tick();
    this.timer = this.timers.setInterval(() => this.#tick(), this.interval);
  }

  #tick() {
    const frames = this.frames;
    if (!frames || this.busy) return; // a slow encode or upload: skip this turn rather than queue
    this.busy = true;
    frames.grab()
      .then((blob) => {
        if (!blob || this.frames !== frames) return undefined; // stopped while encoding: nothing goes out
        const put = this.put(blob);
        this.putting = put.catch(() => {});
        return put.then((r) => this.emit('sent', r));
      })
      .catch((e) => {
        if (this.frames === frames && e?.code !== 'rate_limited') this.emit('error', e);
      })
      .finally(() => { this.busy = false; });
  }

  /**
   * Stops sending and tells the server the peek is off: at once, or once an upload already on its
   * way has landed (so it cannot bring the picture back after the DELETE); a frame still being
   * encoded is dropped.
   */
  async stop() {
    if (!this.running) return;
    this.timers.clearInterval(this.timer);
    this.timer = null;
    this.frames.close();
    this.frames = null;
    await this.putting;
    try {
      await this.remove();
    } catch (e) {
      this.emit('error', e);
    }
    this.emit('stopped');
  }
}
