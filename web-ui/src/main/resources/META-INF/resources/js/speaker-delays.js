// The speaker delay is a property of the speakers, not of the page: Bluetooth headphones play 150–300 ms
// late, the laptop's own speakers not at all. Each output device this browser played on keeps its own
// delay (set by calibration or the slider; a measured one with how well it was measured), keyed by the device's label, and the page applies the one
// of the device that plays now — at join, and when the devices change (headphones connected). Where
// the browser gives no label (no microphone permission yet) the key is "default".
import { getSetting, setSetting } from './settings.js';

/** At most this many devices are remembered; the oldest set goes first. */
export const MAX_DEVICES = 20;

/**
 * The name of the output device that plays now: the system default's — the device listed under the
 * same groupId as the "default" entry, else that entry's label without Chromium's "Default - "
 * prefix — else the only output listed, else "default".
 * @param {{kind: string, deviceId: string, groupId?: string, label: string}[]} devices  enumerateDevices()
 */
export function outputKey(devices) {
  const outputs = devices.filter((d) => d.kind === 'audiooutput' && d.label);
  const def = outputs.find((d) => d.deviceId === 'default');
  const same = def?.groupId ? outputs.find((d) => d !== def && d.groupId === def.groupId) : null;
  const chosen = same ?? def ?? (outputs.length === 1 ? outputs[0] : null);
  if (!chosen) return 'default';
  return chosen.label.replace(/^Default\s*-\s*/, '').trim().slice(0, 200) || 'default';
}

/** The delays map with `key` set to `ms` (a number, or {ms, pmMs} when measured), most recent last, at most MAX_DEVICES. */
export function withDelay(map, key, ms) {
  const next = { ...map };
  delete next[key];
  next[key] = ms;
  const keys = Object.keys(next);
  for (let i = 0; i < keys.length - MAX_DEVICES; i++) delete next[keys[i]];
  return next;
}

/** Remembers the delays per output device in the settings (localStorage). */
export class SpeakerDelays {
  constructor({ enumerate = () => navigator.mediaDevices?.enumerateDevices?.() ?? Promise.resolve([]) } = {}) {
    this.enumerate = enumerate;
    this.key = 'default';
  }

  /** Finds the device that plays now; returns its key. */
  async refresh() {
    try {
      this.key = outputKey(await this.enumerate());
    } catch {
      this.key = 'default';
    }
    return this.key;
  }

  /** The delay remembered for the device that plays now, or undefined. */
  current() {
    const v = getSetting('speakerDelays')[this.key];
    return typeof v === 'object' ? v.ms : v;
  }

  /** How well that delay was measured (±ms), or null where it was set by hand (or not at all). */
  currentPmMs() {
    const v = getSetting('speakerDelays')[this.key];
    return typeof v === 'object' ? v.pmMs : null;
  }

  /** Remembers `ms` for the device that plays now: measured to within ±pmMs, or set by hand (null). */
  set(ms, pmMs = null) {
    setSetting('speakerDelays', withDelay(getSetting('speakerDelays'), this.key, pmMs === null ? ms : { ms, pmMs }));
  }
}
