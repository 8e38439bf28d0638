// What a device remembers: kept across "reloads" (a fresh import reads the same storage), bad values
// refused on the way in and ignored on the way out.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const store = new Map();
globalThis.localStorage = {
  getItem: (k) => (store.has(k) ? store.get(k) : null),
  setItem: (k, v) => store.set(k, String(v)),
  removeItem: (k) => store.delete(k),
};
const { deviceKey, getSetting, setSetting } = await import('../src/main/resources/META-INF/resources/js/settings.js');
const { isDeviceKey } = await import('../src/main/resources/META-INF/resources/js/protocol.js');

test('defaults, then what was set', () => {
  assert.equal(getSetting('volume'), 1);
  assert.equal(getSetting('muted'), false);
  assert.ok(setSetting('volume', 0.35));
  assert.ok(setSetting('muted', true));
  assert.ok(setSetting('nudgeMs', 180));
  assert.ok(setSetting('quality', 'low'));
  assert.equal(getSetting('volume'), 0.35);
  assert.equal(getSetting('muted'), true);
  assert.equal(getSetting('nudgeMs'), 180);
  assert.equal(getSetting('quality'), 'low');
});

test('bad values are refused, and a tampered store falls back to defaults', () => {
  assert.equal(setSetting('volume', 7), false);
  assert.equal(setSetting('quality', 'ultra'), false);
  assert.equal(setSetting('nudgeMs', 12.5), false);
  store.set('roomcast.settings', JSON.stringify({ volume: 'loud', quality: '<img>' }));
  assert.equal(getSetting('volume'), 1);
  assert.equal(getSetting('quality'), 'auto');
  store.set('roomcast.settings', '{not json');
  assert.equal(getSetting('muted'), false);
});

test('the name saved by older pages is still found', () => {
  store.clear();
  store.set('roomcast.username', 'DJ Ana');
  assert.equal(getSetting('username'), 'DJ Ana');
  setSetting('username', 'Ana B');
  assert.equal(getSetting('username'), 'Ana B');
});

test("the host's last source kind: one of the three, nothing else", () => {
  assert.equal(getSetting('sourceKind'), '');
  assert.ok(setSetting('sourceKind', 'input'));
  assert.equal(getSetting('sourceKind'), 'input');
  assert.equal(setSetting('sourceKind', 'javascript:'), false);
  assert.equal(getSetting('sourceKind'), 'input');
});

test('the output route this device needs with the screen off: direct until it showed otherwise, nothing but the two routes', () => {
  assert.equal(getSetting('outputRoute'), 'direct');
  assert.ok(setSetting('outputRoute', 'element'));
  assert.equal(getSetting('outputRoute'), 'element');
  assert.equal(setSetting('outputRoute', 'speaker'), false);
  assert.equal(getSetting('outputRoute'), 'element');
});

test('the device key is made once, is a valid wire key, and survives a reload; a tampered one is replaced', () => {
  const k = deviceKey();
  assert.ok(isDeviceKey(k), k);
  assert.equal(k.length, 22);
  assert.equal(deviceKey(), k);
  assert.equal(store.get('roomcast.device'), k);
  store.set('roomcast.device', '<script>');
  assert.equal(deviceKey(), k); // this page's key is written back
  assert.equal(store.get('roomcast.device'), k);
});
