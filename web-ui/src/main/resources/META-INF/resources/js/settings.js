// What this device remembers across reloads (localStorage, one JSON object): volume, mute, sync
// nudge (and the speaker delay of each output device), quality choice, display name, the output route this device needs with the screen off, and the host's last source kind (the studio opens on that tab
// after a reload, so carrying a live room on is one click). Values are checked on the way in and out: storage is
// user-editable, a bad value falls back to the default.

const KEY = 'roomcast.settings';
const LEGACY_NAME_KEY = 'roomcast.username';

const RULES = Object.freeze({
  volume: { def: 1, ok: (v) => typeof v === 'number' && v >= 0 && v <= 1 },
  muted: { def: false, ok: (v) => typeof v === 'boolean' },
  nudgeMs: { def: 0, ok: (v) => Number.isInteger(v) && v >= -200 && v <= 500 },
  quality: { def: 'auto', ok: (v) => ['auto', 'high', 'medium', 'low'].includes(v) },
  username: { def: '', ok: (v) => typeof v === 'string' && v.length <= 64 },
  sourceKind: { def: '', ok: (v) => ['', 'display', 'input', 'files'].includes(v) },
  // 'element': this device stopped the audio with the screen off once; it plays through an <audio> element since (background-audio.js)
  outputRoute: { def: 'direct', ok: (v) => ['direct', 'element'].includes(v) },
  // the speaker delay of each output device this browser played on (speaker-delays.js): label → ms, or {ms, pmMs} when measured
  speakerDelays: { def: {}, ok: (v) => isSpeakerDelays(v) },
});

function isSpeakerDelays(v) {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const entries = Object.entries(v);
  const delay = (ms) => Number.isInteger(ms) && ms >= -200 && ms <= 500;
  // a number: set by hand; {ms, pmMs}: measured (calibration, tap along) to within ±pmMs
  const measured = (m) => m && typeof m === 'object' && !Array.isArray(m) && Object.keys(m).length === 2 && delay(m.ms)
    && Number.isFinite(m.pmMs) && m.pmMs >= 0 && m.pmMs <= 1000;
  return entries.length <= 20 && entries.every(([k, v]) => k.length > 0 && k.length <= 200 && (delay(v) || measured(v)));
}

function storage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled
  }
}

function readAll() {
  const s = storage();
  if (!s) return {};
  try {
    const v = JSON.parse(s.getItem(KEY) || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

/** The stored value of `name`, or its default. */
export function getSetting(name) {
  const rule = RULES[name];
  if (!rule) throw new Error(`unknown setting ${name}`);
  let v = readAll()[name];
  if (name === 'username' && v === undefined) {
    try {
      v = storage()?.getItem(LEGACY_NAME_KEY) ?? undefined;
    } catch { /* storage off */ }
  }
  return rule.ok(v) ? v : rule.def;
}

/** Stores `value` for `name` (ignored if it breaks the rule). Returns whether it was kept. */
export function setSetting(name, value) {
  const rule = RULES[name];
  if (!rule) throw new Error(`unknown setting ${name}`);
  if (!rule.ok(value)) return false;
  const s = storage();
  if (!s) return false;
  const all = readAll();
  all[name] = value;
  try {
    s.setItem(KEY, JSON.stringify(all));
    return true;
  } catch {
    return false; // full or private mode
  }
}

const DEVICE_KEY = 'roomcast.device';
let memoryDeviceKey = null;

/**
 * This browser's device key: 128 random bits, base64url, made once and kept in localStorage (never
 * shown to anyone; the server stores a hash). A room's ban holds on it across reloads and new
 * sockets. Without storage it lives as long as the page.
 */
export function deviceKey() {
  const s = storage();
  let k = null;
  try {
    k = s?.getItem(DEVICE_KEY) ?? null;
  } catch { /* storage off */ }
  if (typeof k === 'string' && /^[A-Za-z0-9_-]{22}$/.test(k)) return k;
  if (!memoryDeviceKey) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    memoryDeviceKey = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  k = memoryDeviceKey;
  try {
    s?.setItem(DEVICE_KEY, k);
  } catch { /* full or private mode */ }
  return k;
}
