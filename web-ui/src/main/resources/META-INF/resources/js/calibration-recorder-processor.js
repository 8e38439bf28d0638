// AudioWorklet for speaker calibration (speaker-calibration.js): records the microphone in chunks,
// each stamped with the context frame of its first sample, so the recording and the clicks played
// are on one clock. Loaded only while a guest calibrates.
class CalibrationRecorder extends AudioWorkletProcessor {
  constructor() {
    super();
    this.size = 128 * 32;
    this.buf = new Float32Array(this.size);
    this.n = 0;
    this.start = 0;
  }

  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (this.n === 0) this.start = currentFrame;
    if (ch) this.buf.set(ch, this.n);
    else this.buf.fill(0, this.n, this.n + 128);
    this.n += 128;
    if (this.n === this.size) {
      this.port.postMessage({ start: this.start, data: this.buf }, [this.buf.buffer]);
      this.buf = new Float32Array(this.size);
      this.n = 0;
    }
    return true;
  }
}

registerProcessor('calibration-recorder', CalibrationRecorder);
