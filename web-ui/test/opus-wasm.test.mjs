import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import vm from 'node:vm';
import { MAX_QUEUED, WasmOpusDecoder } from '../src/main/resources/META-INF/resources/js/opus-wasm.js';
import { prng } from './support/prng.mjs';

// the vendored UMD bundle, as the browser's <script> tag would run it (it wants a Worker class to exist)
globalThis.Worker ??= class {};
vm.runInThisContext(fs.readFileSync(new URL('../src/main/resources/META-INF/resources/js/vendor/opus-decoder/opus-decoder.min.js', import.meta.url), 'utf8'));
const real = () => Promise.resolve(globalThis['opus-decoder']);

// Opus packets made by hand: TOC 0xFC = CELT-only, fullband, 20 ms, stereo, one frame; with no frame
// bytes libopus conceals a 20 ms frame (960 samples). 0x00 = SILK NB 10 ms mono (480 samples).
const PKT20 = new Uint8Array([0xfc]);

test('packets that arrive while the module loads are decoded in order once it is ready, 960 stereo samples per 20 ms', async () => {
  const out = [];
  const d = new WasmOpusDecoder({ output: (ts, l, r) => out.push({ ts, n: l.length, rn: r.length }), error: (e) => assert.fail(e), load: real });
  for (let i = 0; i < 5; i++) d.decode(1_000_000 + i * 20_000, PKT20);
  assert.equal(out.length, 0, 'nothing before the module is ready');
  await d.ready;
  assert.deepEqual(out.map((o) => o.ts), [1_000_000, 1_020_000, 1_040_000, 1_060_000, 1_080_000]);
  for (const o of out) {
    assert.equal(o.n, 960);
    assert.equal(o.rn, 960);
  }
  d.decode(2_000_000, new Uint8Array([0x00]));
  assert.equal(out.at(-1).n, 480);
  d.close();
  d.decode(3_000_000, PKT20);
  assert.equal(out.length, 6, 'nothing after close');
});

test('the wait queue is bounded: the oldest packets go first', async () => {
  const out = [];
  let release;
  const gate = new Promise((r) => { release = r; });
  const d = new WasmOpusDecoder({ output: (ts) => out.push(ts), error: (e) => assert.fail(e), load: () => gate.then(real) });
  const rnd = prng(3);
  const n = MAX_QUEUED + 20 + rnd.int(30);
  for (let i = 0; i < n; i++) d.decode(i * 20_000, PKT20);
  release();
  await d.ready;
  assert.equal(out.length, MAX_QUEUED);
  assert.equal(d.dropped, n - MAX_QUEUED);
  assert.equal(out[0], (n - MAX_QUEUED) * 20_000);
  d.close();
});

test('a module that fails to load reports one error and decodes nothing', async () => {
  const errors = [];
  const d = new WasmOpusDecoder({ output: () => assert.fail('no output'), error: (e) => errors.push(e.message), load: () => Promise.reject(new Error('404')) });
  d.decode(0, PKT20);
  await d.ready;
  d.decode(20_000, PKT20);
  assert.deepEqual(errors, ['404']);
  assert.equal(d.state, 'failed');
});

test('reset forgets queued packets and keeps decoding afterwards; garbage input does not throw', async () => {
  const out = [];
  const d = new WasmOpusDecoder({ output: (ts) => out.push(ts), error: () => {}, load: real });
  await d.ready;
  d.reset();
  d.decode(40_000, PKT20); // waits for the reset
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(out, [40_000]);
  const rnd = prng(11);
  for (let i = 0; i < 200; i++) {
    const junk = new Uint8Array(1 + rnd.int(300)).map(() => rnd.int(256));
    d.decode(i, junk);
  }
  d.close();
});
