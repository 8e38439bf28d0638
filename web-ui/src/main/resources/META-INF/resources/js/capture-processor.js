// AudioWorklet: collects 20 ms stereo blocks of whatever is connected to its input and posts each
// one to the main thread as a transferred ArrayBuffer: [f64 start frame][f32 × n left][f32 × n right].
// Buffers come from a pool the main thread hands back after use; when the pool is empty the block
// is dropped and counted. process() allocates nothing apart from the posted message itself.
import { BLOCK_MS, CAPTURE_POOL, CAPTURE_PROCESSOR } from './constants.js';

class CaptureProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.frames = Math.round((sampleRate * BLOCK_MS) / 1000);
    this.pool = [];
    for (let i = 0; i < ((options.processorOptions || {}).pool || CAPTURE_POOL); i++) {
      this.pool.push(this.wrap(new ArrayBuffer(8 + this.frames * 8)));
    }
    this.cur = null;
    this.fill = 0;
    this.dropped = 0;
    this.active = true;
    this.port.onmessage = (e) => {
      if (e.data === 'stop') this.active = false;
      else if (e.data instanceof ArrayBuffer) this.pool.push(this.wrap(e.data)); // a buffer back
    };
  }

  wrap(buf) {
    return { buf, head: new Float64Array(buf, 0, 1), l: new Float32Array(buf, 8, this.frames),
      r: new Float32Array(buf, 8 + this.frames * 4, this.frames) };
  }

  process(inputs) {
    if (!this.active) return false;
    const input = inputs[0];
    const n = input.length > 0 ? input[0].length : 128;
    const L = input.length > 0 ? input[0] : null;
    const R = input.length > 1 ? input[1] : L;
    for (let i = 0; i < n;) {
      if (this.cur === null) {
        this.cur = this.pool.length > 0 ? this.pool.pop() : null;
        if (this.cur === null) {
          this.dropped++;
          return true; // no buffer: drop this quantum
        }
        this.cur.head[0] = currentFrame + i;
        this.fill = 0;
      }
      const take = Math.min(n - i, this.frames - this.fill);
      const c = this.cur;
      for (let k = 0; k < take; k++) {
        c.l[this.fill + k] = L ? L[i + k] : 0;
        c.r[this.fill + k] = R ? R[i + k] : 0;
      }
      this.fill += take;
      i += take;
      if (this.fill === this.frames) {
        this.port.postMessage(c.buf, [c.buf]);
        this.cur = null;
      }
    }
    return true;
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
