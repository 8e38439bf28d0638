// AudioWorklet: the guest's play-out ring. Samples arrive planar (L, R) through a
// SharedArrayBuffer ring when the page is cross-origin isolated, else by postMessage into the
// processor's own ring. The main thread says which stream index sits at which write position
// ('anchor') and which stream index should be audible at which context frame ('target'); the
// processor measures its sync error every quantum and corrects it by dropping or repeating single
// samples (drift.js), resyncs beyond ~200 ms, and re-aligns at once when the audio clock slips
// (render quanta skipped). It never skips ahead past what it holds: a guest whose audio arrives
// too late plays it late, continuously, and says so.
// process() allocates nothing and logs nothing.
import { DriftCorrector, RESYNC } from './drift.js';
import { CTRL_READ, CTRL_WORDS, CTRL_WRITE, PLAYOUT_PROCESSOR } from './constants.js';

class PlayoutProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = options.processorOptions || {};
    this.capacity = o.capacity; // frames, power of two
    this.mask = this.capacity - 1;
    this.shared = Boolean(o.sab);
    if (this.shared) {
      this.ctrl = new Int32Array(o.sab, 0, CTRL_WORDS);
      this.dataL = new Float32Array(o.sab, CTRL_WORDS * 4, this.capacity);
      this.dataR = new Float32Array(o.sab, CTRL_WORDS * 4 + this.capacity * 4, this.capacity);
    } else {
      this.ctrl = new Int32Array(CTRL_WORDS);
      this.dataL = new Float32Array(this.capacity);
      this.dataR = new Float32Array(this.capacity);
    }
    // Beyond 4 ms the error is a slip of the audio clock (they come in 10 ms steps under load, some
    // smaller) or a jump of the clock mapping, not drift: re-align at once (one seam) instead of
    // sliding at 1 % while guests are apart (a 5.8 ms slip slid for 0.6 s was the p95 outlier at a
    // 10 ms threshold, docs/SYNC.md). Below it, slide within about half a second.
    this.drift = new DriftCorrector({ sampleRate, resyncMs: 4, horizonS: 0.5, ...(o.drift || {}) });
    // once late, stay late (continuous, no seams) until this much more than the gap is buffered
    this.lateMargin = Math.round((o.lateMarginS ?? 0.15) * sampleRate);
    this.playing = false;
    this.hasAnchor = false;
    this.hasTarget = false;
    this.anchorWrite = 0;
    this.anchorIndex = 0;
    this.targetFrame = 0;
    this.targetIndex = 0;
    this.lastFrame = -1;
    this.hold = 0; // frames of silence to play before reading (we were ahead)
    this.err = 0;
    this.late = false;
    this.starved = false;
    this.underruns = 0;
    this.slips = 0;
    this.overflows = 0;
    this.played = 0;
    this.port.onmessage = (e) => this.onMessage(e.data);
  }

  onMessage(m) {
    switch (m.type) {
      case 'samples': { // postMessage mode: copy into the ring
        const n = m.l.length;
        let w = this.ctrl[CTRL_WRITE] >>> 0;
        const r = this.ctrl[CTRL_READ] >>> 0;
        if (((w - r) >>> 0) + n > this.capacity) {
          this.overflows++;
          this.ctrl[CTRL_READ] = (w + n - this.capacity) | 0; // drop the oldest
        }
        for (let i = 0; i < n; i++) {
          this.dataL[(w + i) & this.mask] = m.l[i];
          this.dataR[(w + i) & this.mask] = m.r[i];
        }
        w = (w + n) >>> 0;
        this.ctrl[CTRL_WRITE] = w | 0;
        break;
      }
      case 'anchor': // the sample at write position `write` has stream index `index`; drop older
        this.anchorWrite = m.write >>> 0;
        this.anchorIndex = m.index;
        this.hasAnchor = true;
        this.setRead(this.anchorWrite);
        this.drift.reset();
        this.hold = 0;
        this.late = false; // a new stream: how late the old one played says nothing about this one
        this.err = 0;
        break;
      case 'target':
        this.targetFrame = m.frame;
        this.targetIndex = m.index;
        this.hasTarget = true;
        break;
      case 'play':
        this.playing = true;
        break;
      case 'stop':
        this.playing = false;
        this.hasAnchor = false;
        this.hasTarget = false;
        this.setRead(this.readWrite());
        this.late = false;
        this.err = 0;
        break;
      case 'stats':
        this.port.postMessage({
          type: 'stats',
          id: m.id,
          frame: currentFrame,
          buffered: (this.readWrite() - this.readRead()) >>> 0,
          errFrames: this.err,
          late: this.late,
          underruns: this.underruns,
          slips: this.slips,
          overflows: this.overflows,
          played: this.played,
          hold: this.hold,
          dropped: this.drift.dropped,
          inserted: this.drift.inserted,
          resyncs: this.drift.resyncs,
        });
        break;
      default:
    }
  }

  readWrite() {
    return (this.shared ? Atomics.load(this.ctrl, CTRL_WRITE) : this.ctrl[CTRL_WRITE]) >>> 0;
  }

  readRead() {
    return (this.shared ? Atomics.load(this.ctrl, CTRL_READ) : this.ctrl[CTRL_READ]) >>> 0;
  }

  setRead(r) {
    if (this.shared) Atomics.store(this.ctrl, CTRL_READ, r | 0);
    else this.ctrl[CTRL_READ] = r | 0;
  }

  process(inputs, outputs) {
    const out = outputs[0];
    const L = out[0];
    const R = out.length > 1 ? out[1] : out[0];
    const frames = L.length;
    const frame = currentFrame;
    if (!this.playing || !this.hasAnchor || !this.hasTarget) {
      L.fill(0);
      R.fill(0);
      this.lastFrame = -1;
      return true;
    }
    let slipped = false;
    if (this.lastFrame >= 0 && frame !== this.lastFrame + frames) {
      this.slips++;
      slipped = true;
    }
    this.lastFrame = frame;

    const w = this.readWrite();
    let r = this.readRead();
    let avail = (w - r) >>> 0;
    const head = this.anchorIndex + ((r - this.anchorWrite) >>> 0) - this.hold;
    const target = this.targetIndex + (frame - this.targetFrame);
    const err = target - head; // + = behind
    this.err = err;

    let adjust = 0;
    // What should play now has not arrived: play what we hold, late, and never skip past it. A late
    // guest stays late (continuous audio, no seams) until it holds lateMargin beyond the gap; only
    // then it jumps forward to the target, once, instead of jumping every time a packet arrives.
    if (err > 0 && err + (this.late ? this.lateMargin : 0) > avail) {
      this.late = this.late || err > 0.02 * sampleRate;
      this.drift.reset();
    } else {
      this.late = false;
      adjust = slipped ? RESYNC : this.drift.update(err, frames);
      if (adjust === RESYNC) {
        if (err > 0) {
          r = (r + Math.round(err)) >>> 0; // jump forward to the target
          avail = (w - r) >>> 0;
          this.hold = 0;
        } else {
          this.hold = Math.round(-err); // ahead: play silence until the target catches up
        }
        adjust = 0;
        this.drift.reset();
      }
    }

    let i = 0;
    // ahead of the target: silence, without reading
    while (this.hold > 0 && i < frames) {
      L[i] = 0;
      R[i] = 0;
      i++;
      this.hold--;
    }
    // adjust > 0: drop that many single samples, < 0: repeat; spread over the quantum
    const n = adjust < 0 ? -adjust : adjust;
    const spacing = n > 0 ? Math.floor((frames - i) / (n + 1)) : 0;
    let next = n > 0 ? i + spacing : frames + 1;
    let left = n;
    let underrun = false;
    for (; i < frames; i++) {
      if (i === next && left > 0) {
        left--;
        next += spacing;
        if (adjust > 0) {
          if (avail > 1) {
            r = (r + 1) >>> 0; // drop one
            avail--;
          }
        } else if (i > 0) {
          L[i] = L[i - 1]; // repeat one
          R[i] = R[i - 1];
          continue;
        }
      }
      if (avail === 0) {
        L[i] = 0;
        R[i] = 0;
        underrun = true;
        continue;
      }
      const k = r & this.mask;
      L[i] = this.dataL[k];
      R[i] = this.dataR[k];
      r = (r + 1) >>> 0;
      avail--;
      this.played++;
    }
    if (underrun && !this.starved) this.underruns++;
    this.starved = underrun;
    this.setRead(r);
    return true;
  }
}

registerProcessor(PLAYOUT_PROCESSOR, PlayoutProcessor);
