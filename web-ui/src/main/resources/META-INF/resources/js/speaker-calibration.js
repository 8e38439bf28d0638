// "Calibrate my speakers" (issue #21): plays a few clicks through the music's own output path,
// records the microphone on the same AudioContext clock, and turns the round trip into the speaker
// delay (calibration.js holds the maths and the model). The microphone is open only while it runs,
// with echo cancellation, noise suppression and auto gain off (each would move or hide the clicks);
// no audio leaves the page.
import { chirpClick, clickGapsMs, measureRoundTrip, median, outputAtClicks, speakerDelayMs } from './calibration.js';

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** The microphone as calibration needs it (raw), or throws the browser's refusal. */
function openMicrophone() {
  return navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  });
}

/**
 * The input path the model subtracts (ms): what the browser reports for the microphone track, plus
 * half the context's base latency — the graph renders a whole callback buffer of quanta at once, so a
 * sample from the microphone waits on average half a buffer for the callback that takes it in, and
 * the recorder stamps it with that callback's frames (docs/SYNC.md "Calibrating a speaker": this put
 * the 128-frame loop of the audio-loop recipe and the player's 1024-frame one both within ~1.5 ms).
 */
function inputPathMs(track, ctx) {
  const reported = track.getSettings?.().latency;
  const trackMs = Number.isFinite(reported) && reported > 0 ? reported * 1000 : 0;
  return trackMs + ((ctx.baseLatency || 0) * 1000) / 2;
}

/**
 * Runs one calibration on a started player. Returns measureRoundTrip's verdict plus
 * {inputMs, modeledOutputMs (the median through the run), modeledSpreadMs, nudgeMs (when ok)}.
 * @param {import('./player.js').Player} player
 * @param {{clicks?: number, maxRoundTripMs?: number, onStep?: (text: string) => void}} [o]
 */
export async function calibrateSpeakers(player, { clicks = 6, maxRoundTripMs = 650, onStep = () => {} } = {}) {
  const ctx = player.ctx;
  if (!ctx) throw new Error('Join audio first.');
  onStep('Opening the microphone…');
  const stream = await openMicrophone();
  const track = stream.getAudioTracks()[0];
  const nodes = [];
  player.hold(true); // the music pauses its sound (not its clock) so only the clicks are heard
  try {
    await ctx.audioWorklet.addModule(new URL('./calibration-recorder-processor.js', import.meta.url));
    // the input stream settles first: the source node's buffer keeps every stall of the stream's
    // start-up as latency for good (audio-loop README), and a click would then come back later
    // than the speaker plays it
    await sleep(500);
    const source = ctx.createMediaStreamSource(stream);
    const recorder = new AudioWorkletNode(ctx, 'calibration-recorder', {
      numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1],
    });
    const silent = ctx.createGain();
    silent.gain.value = 0; // the recorder must be pulled by the graph, but nothing of it is heard
    source.connect(recorder).connect(silent).connect(ctx.destination);
    nodes.push(source, recorder, silent);
    const chunks = [];
    let recordedTo = 0;
    // what the player plays early for the output path, through the run: each click's round trip is
    // read against the model of its moment (a slip of the output clock moves both)
    const modeled = [];
    const sample = () => modeled.push({ t: ctx.currentTime, ms: player.modeledOutputMs() });
    sample();
    const watch = setInterval(sample, 100);
    nodes.push({ disconnect: () => clearInterval(watch) });
    recorder.port.onmessage = (e) => {
      chunks.push(e.data);
      recordedTo = e.data.start + e.data.data.length;
    };

    // half a second of the room alone (its noise), then the clicks, unevenly spaced
    onStep('Listening to the room…');
    await sleep(1000);
    const sr = ctx.sampleRate;
    const tmpl = chirpClick(sr);
    const buffer = ctx.createBuffer(1, tmpl.length, sr);
    buffer.copyToChannel(tmpl, 0);
    const scheduled = [];
    let frame = Math.ceil((ctx.currentTime + 0.3) * sr);
    for (const gapMs of clickGapsMs(clicks, { seed: (Math.random() * 2 ** 31) >>> 0 })) {
      const s = ctx.createBufferSource();
      s.buffer = buffer;
      s.connect(player.sink);
      s.start(frame / sr);
      nodes.push(s);
      scheduled.push(frame);
      frame += Math.round((gapMs * sr) / 1000);
    }
    onStep(`Playing ${clicks} clicks…`);
    const maxLag = Math.round((maxRoundTripMs * sr) / 1000);
    const endFrame = scheduled[scheduled.length - 1] + maxLag + tmpl.length;
    const deadline = performance.now() + 20_000;
    while (recordedTo < endFrame) {
      if (performance.now() > deadline) throw new Error('The microphone stopped sending sound.');
      await sleep(100);
    }

    const first = chunks[0].start;
    const rec = new Float32Array(recordedTo - first);
    for (const c of chunks) rec.set(c.data, c.start - first);
    const quietFrames = Math.max(0, Math.min(scheduled[0] - first - sr * 0.1, sr * 0.5)) | 0;
    clearInterval(watch);
    const outputMs = outputAtClicks(modeled, scheduled.map((f) => f / sr));
    const verdict = measureRoundTrip(rec, first, scheduled, tmpl, { sampleRate: sr, outputMs, maxRoundTripMs, quietFrames });
    const inputMs = inputPathMs(track, ctx);
    const all = modeled.map((x) => x.ms);
    const out = {
      ...verdict, inputMs, modeledOutputMs: median(all), modeledSpreadMs: Math.max(...all) - Math.min(...all),
      sampleRate: sr, baseLatencyMs: (ctx.baseLatency || 0) * 1000,
    };
    if (verdict.ok) out.nudgeMs = speakerDelayMs({ pathMs: verdict.pathMs, inputMs });
    return out;
  } finally {
    for (const t of stream.getTracks()) t.stop();
    for (const n of nodes) {
      try { n.disconnect(); } catch { /* already gone */ }
    }
    player.hold(false);
  }
}
