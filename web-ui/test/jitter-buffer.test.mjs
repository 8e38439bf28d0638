import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JitterBuffer, seqDiff } from '../src/main/resources/META-INF/resources/js/jitter-buffer.js';
import { prng } from './support/prng.mjs';

const pkt = (sequence, base = 0, discontinuity = false) => ({
  sequence: sequence >>> 0,
  captureTimeUs: base + sequence * 20000,
  discontinuity,
});

test('sequence distance wraps at 2^32', () => {
  assert.equal(seqDiff(0, 0xffffffff), 1);
  assert.equal(seqDiff(0xffffffff, 0), -1);
  assert.equal(seqDiff(5, 3), 2);
});

test('reordered, duplicated and lost packets across the u32 wrap come out in order, each once, gaps counted', () => {
  const rnd = prng(42);
  const start = 0xffffffff - 500;
  const total = 2000;
  const lost = new Set();
  const arrivals = [];
  for (let i = 0; i < total; i++) {
    if (i > 0 && rnd.next() < 0.03) { lost.add(i); continue; }
    // arrival jitter of up to 5 packets
    arrivals.push({ i, at: i + rnd.uniform(0, 5) });
    if (rnd.next() < 0.02) arrivals.push({ i, at: i + rnd.uniform(0, 8) });
  }
  arrivals.sort((a, b) => a.at - b.at);
  const jb = new JitterBuffer();
  const out = [];
  let dups = 0;
  for (const a of arrivals) {
    const r = jb.push(pkt(start + a.i, 0));
    if (r === 'duplicate' || r === 'late') dups++;
    // release with a deadline 10 packets behind the newest arrival
    const deadline = pkt(start + a.at - 10).captureTimeUs;
    for (let item; (item = jb.pop(deadline));) out.push(item);
  }
  for (let item; (item = jb.pop(Infinity));) out.push(item);
  let expect = start >>> 0;
  let gaps = 0;
  for (const item of out) {
    assert.equal(item.sequence, expect, 'in order');
    if (item.gap) gaps += item.count;
    expect = (expect + (item.gap ? item.count : 1)) % 0x100000000;
  }
  const lastReceived = Math.max(...arrivals.map((a) => a.i));
  assert.equal(gaps, [...lost].filter((i) => i < lastReceived).length);
  assert.equal(jb.stats.gaps, gaps);
  assert.equal(out.filter((x) => !x.gap).length, total - lost.size);
  assert.equal(jb.stats.duplicates + jb.stats.late, dups);
});

test('a missing packet is waited for until its deadline, then reported as a gap', () => {
  const jb = new JitterBuffer();
  jb.push(pkt(10));
  assert.equal(jb.pop().sequence, 10);
  jb.push(pkt(12));
  assert.equal(jb.pop(pkt(10).captureTimeUs), null, 'before the deadline it waits');
  assert.equal(jb.levelMs, 40);
  const gap = jb.pop(pkt(11).captureTimeUs);
  assert.deepEqual([gap.gap, gap.sequence, gap.captureTimeUs], [true, 11, pkt(11).captureTimeUs]);
  assert.equal(jb.pop().sequence, 12);
  assert.equal(jb.push(pkt(11)), 'late');
});

test('a discontinuity gives up on the packets before it at once', () => {
  const jb = new JitterBuffer();
  jb.push(pkt(1));
  jb.pop();
  jb.push(pkt(40, 0, true));
  const gap = jb.pop();
  assert.equal(gap.gap, true);
  assert.equal(gap.count, 38);
  assert.equal(jb.pop().sequence, 40);
});

test('a packet far from the expected sequence restarts the stream', () => {
  const jb = new JitterBuffer();
  jb.push(pkt(100));
  jb.pop();
  assert.equal(jb.push(pkt(900000)), 'reset');
  assert.equal(jb.pop().sequence, 900000);
  assert.equal(jb.stats.resets, 1);
});

test('the buffer never holds more than its limit', () => {
  const jb = new JitterBuffer({ maxPackets: 50 });
  jb.push(pkt(0));
  for (let i = 2; i < 200; i++) jb.push(pkt(i));
  assert.equal(jb.size, 50);
  assert.equal(jb.pop().sequence, 150);
});
