// What this device remembers across reloads (localStorage, one JSON object): volume, mute, sync
// nudge, quality choice, display name, and the host's last source kind (the studio opens on that tab
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
});

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
