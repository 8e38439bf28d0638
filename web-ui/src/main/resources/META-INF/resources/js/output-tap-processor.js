// AudioWorklet for tests and diagnostics (loaded only by roomcastDebug.tapOnsets() on the guest
// page): reports the context frame of every onset in what the player sends to the speakers, i.e.
// the first sample above `threshold` after half a second without one.
class OutputTapProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.threshold = options.processorOptions?.threshold ?? 0.3;
    this.last = -1e12;
  }

  process(inputs) {
    const ch = inputs[0];
    if (!ch || ch.length === 0) return true;
    const l = ch[0];
    const r = ch.length > 1 ? ch[1] : ch[0];
    for (let i = 0; i < l.length; i++) {
      const m = Math.max(Math.abs(l[i]), Math.abs(r[i]));
      if (m > this.threshold && currentFrame + i - this.last > sampleRate / 2) {
        this.last = currentFrame + i;
        this.port.postMessage(currentFrame + i);
      }
    }
    return true;
  }
}

registerProcessor('output-tap', OutputTapProcessor);
