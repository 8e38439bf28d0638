// Cover art in the studio: a file's embedded picture, scaled in the browser to fit ART_MAX_SIDE and
// encoded as JPEG at the best quality that fits ART_MAX_BYTES (the encode also drops whatever else
// the original carried: EXIF, comments), uploaded once to the room and named by its hash in
// track:set. Guests load it by URL, cacheable for good; it never rides the sockets.
import { Limits } from './protocol.js';

/** Qualities tried in turn, best first: a 512×512 cover is usually 40–90 KB at the first. */
export const QUALITIES = Object.freeze([0.86, 0.75, 0.65, 0.5, 0.35, 0.2]);
const SMALLEST_SIDE = 64;

/** The size that fits `max`×`max`, keeping the aspect ratio; never larger than the original, at least 1 px a side. */
export function fitWithin(width, height, max) {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function toBlob(canvas, type, quality) {
  if (typeof canvas.convertToBlob === 'function') return canvas.convertToBlob({ type, quality }); // OffscreenCanvas
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

/** The first encoding of the canvas, best quality first, that fits `maxBytes`; null if none does. */
export async function encodeUnder(canvas, maxBytes, type = 'image/jpeg', qualities = QUALITIES) {
  for (const q of qualities) {
    const blob = await toBlob(canvas, type, q);
    if (!blob || blob.type !== type) return null; // this browser cannot encode it
    if (blob.size <= maxBytes) return blob;
  }
  return null;
}

/**
 * The cover (a Blob of any image type the browser decodes) as a JPEG Blob within `maxSide` px and
 * `maxBytes`; a side halves while even the lowest quality is too big. Null if it is not an image.
 * `env` is the browser's by default (OffscreenCanvas where there is one); tests pass fakes.
 */
export async function scaleCover(cover, { maxSide = Limits.ART_MAX_SIDE, maxBytes = Limits.ART_MAX_BYTES, env = browserEnv() } = {}) {
  let bitmap;
  try {
    bitmap = await env.decode(cover);
  } catch {
    return null; // not an image this browser decodes
  }
  try {
    let { width, height } = fitWithin(bitmap.width, bitmap.height, maxSide);
    for (;;) {
      const canvas = env.canvas(width, height);
      const g = canvas.getContext('2d');
      g.fillStyle = '#000'; // JPEG has no transparency
      g.fillRect(0, 0, width, height);
      g.drawImage(bitmap, 0, 0, width, height);
      const blob = await encodeUnder(canvas, maxBytes);
      if (blob || Math.max(width, height) <= SMALLEST_SIDE) return blob;
      ({ width, height } = fitWithin(width, height, Math.floor(Math.max(width, height) / 2)));
    }
  } finally {
    bitmap.close?.();
  }
}

/** A canvas of this size to draw and encode on: an OffscreenCanvas where there is one. */
export function newCanvas(w, h) {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(w, h);
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  return c;
}

function browserEnv() {
  return { decode: (blob) => createImageBitmap(blob), canvas: newCanvas };
}

/**
 * Uploads covers for a room with the host's token: each picture is scaled and sent once, its hash
 * remembered for a minute (a room keeps its 32 newest: one not sent for long may be gone).
 */
export class CoverUploads {
  /**
   * @param {object} o
   * @param {(blob: Blob) => Promise<{art: string}>} o.put  PUT /api/rooms/{id}/art with the host's token
   * @param {(cover: Blob) => Promise<Blob|null>} [o.scale]
   * @param {() => number} [o.now]  ms
   */
  constructor({ put, scale = (c) => scaleCover(c), now = () => Date.now() }) {
    this.put = put;
    this.scale = scale;
    this.now = now;
    this.scaled = new WeakMap(); // cover → Promise<Blob|null>
    this.sent = new WeakMap(); // cover → {at, art: Promise<string|null>}
  }

  /** The hash of the cover's art in the room (uploading it if need be), or null if it has none that fits. */
  art(cover) {
    if (!cover) return Promise.resolve(null);
    const last = this.sent.get(cover);
    if (last && this.now() - last.at < 60_000) return last.art;
    if (!this.scaled.has(cover)) this.scaled.set(cover, this.scale(cover).catch(() => null));
    const art = this.scaled.get(cover).then((blob) => (blob ? this.put(blob).then((r) => r.art) : null));
    const entry = { at: this.now(), art };
    this.sent.set(cover, entry);
    art.catch(() => { if (this.sent.get(cover) === entry) this.sent.delete(cover); }); // try again next time
    return art;
  }
}
