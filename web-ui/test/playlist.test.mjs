// The studio's playlist as data: order, loop, shuffle, what plays after what.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clockTime, Playlist } from '../src/main/resources/META-INF/resources/js/playlist.js';

/** A seeded random source (mulberry32), so a shuffle is the same every run. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function list(n, random) {
  const p = new Playlist(random);
  p.add(Array.from({ length: n }, (_, i) => ({ name: `t${i + 1}`, duration: 60 })));
  return p;
}

const names = (p, ids) => ids.map((id) => p.get(id).name);

test('in order, then nothing more; loop all starts over; loop one repeats a track that ends but Next moves on', () => {
  const p = list(3);
  assert.equal(p.after().name, 't1', 'nothing playing: the first');
  p.currentId = p.items[0].id;
  assert.equal(p.after().name, 't2');
  p.currentId = p.items[2].id;
  assert.equal(p.after(), null, 'the last one, loop off: the end');
  p.setLoop('all');
  assert.equal(p.after().name, 't1');
  p.setLoop('one');
  assert.equal(p.after(true).name, 't3', 'it ended: again');
  assert.equal(p.after(false).name, 't1', 'Next: the next one (wrapping, as loop is on)');
  assert.equal(Playlist.nextLoop('off'), 'all');
  assert.equal(Playlist.nextLoop('all'), 'one');
  assert.equal(Playlist.nextLoop('one'), 'off');
});

test('previous: the one before; the first stays the first unless loop all', () => {
  const p = list(3);
  p.currentId = p.items[1].id;
  assert.equal(p.before().name, 't1');
  p.currentId = p.items[0].id;
  assert.equal(p.before().name, 't1');
  p.setLoop('all');
  assert.equal(p.before().name, 't3');
});

test('reorder and remove change what comes next', () => {
  const p = list(4);
  p.currentId = p.items[0].id;
  p.move(p.items[3].id, 1); // t4 up to second place
  assert.deepEqual(p.items.map((t) => t.name), ['t1', 't4', 't2', 't3']);
  assert.equal(p.after().name, 't4');
  assert.equal(p.remove(p.items[1].id), false, 'not the one playing');
  assert.equal(p.after().name, 't2');
  assert.equal(p.remove(p.currentId), true, 'the one playing');
  p.move(p.items[0].id, 99); // clamped to the end
  assert.deepEqual(p.items.map((t) => t.name), ['t3', 't2']);
});

test('shuffle: every track once per lap, the playing one first; a new lap reshuffles; off restores the host order', () => {
  const p = list(8, seeded(7));
  p.currentId = p.items[2].id;
  p.setShuffle(true);
  const order = p.playOrder();
  assert.equal(order[0], p.items[2].id, 'the playing track stays first');
  assert.deepEqual([...order].sort((a, b) => a - b), p.items.map((t) => t.id), 'each track once');
  assert.notDeepEqual(names(p, order), p.items.map((t) => t.name), 'not the host order');
  // play the lap through
  const heard = [p.current.name];
  for (let t = p.after(); t; t = p.after()) {
    p.currentId = t.id;
    heard.push(t.name);
  }
  assert.equal(heard.length, 8);
  assert.equal(new Set(heard).size, 8);
  p.setLoop('all');
  const last = p.currentId;
  const next = p.after();
  assert.notEqual(next.id, last, 'a new lap does not start with the track that just played');
  p.setShuffle(false);
  assert.deepEqual(p.playOrder(), p.items.map((t) => t.id));
});

test('files added while shuffled land after the playing track, each once', () => {
  const p = list(3, seeded(3));
  p.currentId = p.items[0].id;
  p.setShuffle(true);
  const [a, b] = p.add([{ name: 'n1', duration: 10 }, { name: 'n2', duration: 10 }]);
  const order = p.playOrder();
  assert.equal(order.length, 5);
  assert.equal(order[0], p.items[0].id);
  assert.ok(order.indexOf(a.id) > 0 && order.indexOf(b.id) > 0);
});

test('clock times', () => {
  assert.equal(clockTime(0), '0:00');
  assert.equal(clockTime(75.4), '1:15');
  assert.equal(clockTime(3725), '1:02:05');
  assert.equal(clockTime(NaN), '0:00');
});
