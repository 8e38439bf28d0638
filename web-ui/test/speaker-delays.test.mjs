import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DEVICES, outputKey, SpeakerDelays, withDelay } from '../src/main/resources/META-INF/resources/js/speaker-delays.js';
import { getSetting, setSetting } from '../src/main/resources/META-INF/resources/js/settings.js';

class MemoryStorage {
  constructor() { this.m = new Map(); }
  getItem(k) { return this.m.has(k) ? this.m.get(k) : null; }
  setItem(k, v) { this.m.set(k, String(v)); }
  removeItem(k) { this.m.delete(k); }
}

test('the device that plays now: the default output by its own name, else the only one, else "default"', () => {
  const out = (deviceId, label) => ({ kind: 'audiooutput', deviceId, label });
  assert.equal(outputKey([out('default', 'Default - WH-1000XM4'), out('abc', 'WH-1000XM4'), out('def', 'Built-in Audio')]), 'WH-1000XM4');
  assert.equal(outputKey([out('xyz', 'LoopSpeaker')]), 'LoopSpeaker');
  const grouped = (deviceId, label, groupId) => ({ kind: 'audiooutput', deviceId, label, groupId });
  assert.equal(outputKey([grouped('default', 'Default', 'g2'), grouped('a1', 'Built-in Audio', 'g1'), grouped('b2', 'JBL Flip 5', 'g2')]),
    'JBL Flip 5', 'a default entry named only "Default": the device of its group');
  assert.equal(outputKey([out('a', 'One'), out('b', 'Two')]), 'default', 'two outputs and no default: do not guess');
  assert.equal(outputKey([out('default', ''), { kind: 'audioinput', deviceId: 'default', label: 'Mic' }]), 'default', 'no labels before permission');
  assert.equal(outputKey([]), 'default');
});

test('at most 20 devices are remembered, the one set longest ago goes first', () => {
  let m = {};
  for (let i = 0; i < MAX_DEVICES + 3; i++) m = withDelay(m, `dev${i}`, i);
  assert.equal(Object.keys(m).length, MAX_DEVICES);
  assert.equal(m.dev0, undefined);
  assert.equal(m.dev22, 22);
  m = withDelay(m, 'dev3', 100); // set again: now the newest
  for (let i = 0; i < 3; i++) m = withDelay(m, `new${i}`, 0);
  assert.equal(m.dev3, 100, 'refreshed by being set again');
  assert.equal(m.dev4, undefined);
});

test('each output device keeps its own delay across page loads', async () => {
  globalThis.localStorage = new MemoryStorage();
  try {
    let devices = [{ kind: 'audiooutput', deviceId: 'default', label: 'Default - Built-in Audio' }];
    const d = new SpeakerDelays({ enumerate: async () => devices });
    assert.equal(await d.refresh(), 'Built-in Audio');
    assert.equal(d.current(), undefined);
    d.set(0);
    devices = [{ kind: 'audiooutput', deviceId: 'default', label: 'Default - JBL Flip 5' }];
    await d.refresh();
    d.set(210);
    const later = new SpeakerDelays({ enumerate: async () => devices }); // a reload
    await later.refresh();
    assert.equal(later.current(), 210);
    devices = [{ kind: 'audiooutput', deviceId: 'default', label: 'Default - Built-in Audio' }];
    await later.refresh();
    assert.equal(later.current(), 0);
    assert.deepEqual(getSetting('speakerDelays'), { 'Built-in Audio': 0, 'JBL Flip 5': 210 });
    assert.equal(later.currentPmMs(), null, 'set by hand');
    later.set(188, 28); // measured (tap along), to within ±28 ms
    assert.equal(later.current(), 188);
    assert.equal(later.currentPmMs(), 28);
    assert.deepEqual(getSetting('speakerDelays')['Built-in Audio'], { ms: 188, pmMs: 28 });
    later.set(150); // then moved by hand: no longer a measurement
    assert.equal(later.currentPmMs(), null);
    assert.equal(setSetting('speakerDelays', { x: { ms: 10, pmMs: -1 } }), false, 'a broken measurement is refused');
    assert.equal(setSetting('speakerDelays', { x: { ms: 10, pmMs: 3, extra: 1 } }), false);
    assert.equal(setSetting('speakerDelays', { x: 900 }), false, 'out of range is refused');
    localStorage.setItem('roomcast.settings', JSON.stringify({ speakerDelays: { a: 'late' } }));
    assert.deepEqual(getSetting('speakerDelays'), {}, 'an edited, broken value falls back');
  } finally {
    delete globalThis.localStorage;
  }
});
