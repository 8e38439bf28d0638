// The Opus fallback for browsers without WebCodecs AudioDecoder: the vendored WASM build of
// opus-decoder 0.7.12 (vendor/opus-decoder, MIT; libopus BSD), loaded lazily with a <script> tag
// the first time it is needed. Its output keeps libopus's 312-sample decoder delay (preSkip 0),
// exactly like the WebCodecs path, so the player's target (OPUS_DECODER_DELAY_SAMPLES) is the same
// for both. Packets that come while the module loads wait in a bounded queue, in order.

const SCRIPT = 'vendor/opus-decoder/opus-decoder.min.js';
const GLOBAL = 'opus-decoder';
/** At most this many packets (2 s) wait while the module loads; older ones are dropped. */
export const MAX_QUEUED = 100;

let loading = null;

/** Loads the vendored module once (a classic script: it is a UMD bundle); resolves to its exports. */
export function loadOpusWasm(doc = globalThis.document, base = import.meta.url) {
  if (globalThis[GLOBAL]?.OpusDecoder) return Promise.resolve(globalThis[GLOBAL]);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = doc.createElement('script');
      s.src = new URL(SCRIPT, base).href;
      s.async = true;
      s.onload = () => (globalThis[GLOBAL]?.OpusDecoder ? resolve(globalThis[GLOBAL])
        : reject(new Error('the WASM Opus decoder did not load')));
      s.onerror = () => reject(new Error('the WASM Opus decoder could not be fetched'));
      doc.head.append(s);
    }).catch((e) => {
      loading = null; // a later packet may try again
      throw e;
    });
  }
  return loading;
}

/**
 * Same role as a configured AudioDecoder in player.js: decode(timestampUs, bytes) → output(timestampUs,
 * left, right) in order; error(Error) on a load or decode failure.
 * `load` returns a promise of the module exports ({OpusDecoder}); injectable for tests.
 */
export class WasmOpusDecoder {
  constructor({ output, error, load = () => loadOpusWasm() }) {
    this.output = output;
    this.error = error;
    this.queue = [];
    this.dropped = 0;
    this.decoded = 0;
    this.errors = 0;
    this.state = 'loading'; // loading | ready | failed | closed
    this.dec = null;
    this.ready = Promise.resolve(load()).then(async (m) => {
      const dec = new m.OpusDecoder({ channels: 2, sampleRate: 48000, preSkip: 0 });
      await dec.ready;
      if (this.state === 'closed') {
        dec.free();
        return;
      }
      this.dec = dec;
      this.state = 'ready';
      const q = this.queue;
      this.queue = [];
      for (const [ts, data] of q) this.#decode(ts, data);
    }).catch((e) => {
      if (this.state === 'closed') return;
      this.state = 'failed';
      this.queue = [];
      this.error(e instanceof Error ? e : new Error(String(e)));
    });
  }

  decode(timestampUs, data) {
    if (this.state === 'ready') this.#decode(timestampUs, data);
    else if (this.state === 'loading') {
      this.queue.push([timestampUs, data]);
      if (this.queue.length > MAX_QUEUED) {
        this.queue.shift();
        this.dropped++;
      }
    }
  }

  #decode(timestampUs, data) {
    let r;
    try {
      r = this.dec.decodeFrame(data);
    } catch (e) {
      this.errors++;
      this.error(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    if (r.errors && r.errors.length) this.errors += r.errors.length;
    if (!r.samplesDecoded) return;
    const l = r.channelData[0];
    const right = r.channelData.length > 1 ? r.channelData[1] : l;
    this.decoded++;
    this.output(timestampUs, l.subarray(0, r.samplesDecoded), right.subarray(0, r.samplesDecoded));
  }

  /** A new stream: forget queued packets and the decoder's state (like AudioDecoder.reset()). */
  reset() {
    this.queue = [];
    if (this.state !== 'ready') return;
    // opus-decoder's reset() frees and re-creates its state asynchronously: decode nothing meanwhile
    this.state = 'loading';
    Promise.resolve(this.dec.reset()).then(() => {
      if (this.state === 'closed') return;
      this.state = 'ready';
      const q = this.queue;
      this.queue = [];
      for (const [ts, data] of q) this.#decode(ts, data);
    }).catch((e) => {
      this.state = 'failed';
      this.error(e instanceof Error ? e : new Error(String(e)));
    });
  }

  close() {
    this.state = 'closed';
    this.queue = [];
    try {
      this.dec?.free();
    } catch { /* already freed */ }
    this.dec = null;
  }
}
