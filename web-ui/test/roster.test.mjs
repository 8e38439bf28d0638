import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Roster } from '../src/main/resources/META-INF/resources/js/roster.js';
import { prng } from './support/prng.mjs';

const P = (i, isHost = false) => ({ userId: `u${String(i).padStart(11, '0')}`, username: `user ${i}`, isHost });

test('a partial room:joined list shows the server count and "+N more"', () => {
  const r = new Roster();
  const first = Array.from({ length: 100 }, (_, i) => P(i, i === 0));
  r.reset(first, 2500, first[0].userId);
  assert.equal(r.count, 2500);
  assert.equal(r.list.length, 100);
  assert.equal(r.more, 2400);
  assert.equal(r.host.username, 'user 0');
});

test('a full room:joined list without participantCount has no "more"', () => {
  const r = new Roster();
  r.reset([P(1, true), P(2)], undefined, P(1).userId);
  assert.equal(r.count, 2);
  assert.equal(r.more, 0);
});

test('participants:update applies leaves, then joins, and takes the count', () => {
  const r = new Roster();
  r.reset([P(0, true), P(1), P(2)], 3);
  r.update({ type: 'participants:update', participantCount: 40, joined: [P(3), P(4)], left: [{ userId: P(1).userId, username: 'user 1' }], more: 36 });
  assert.deepEqual(r.list.map((p) => p.username).sort(), ['user 0', 'user 2', 'user 3', 'user 4']);
  assert.equal(r.count, 40);
  assert.equal(r.more, 36);
  // someone who joined and left within one update window is gone
  r.update({ participantCount: 39, joined: [], left: [{ userId: P(4).userId }], more: 0 });
  assert.equal(r.list.length, 3);
  assert.equal(r.more, 36);
});

test('per-user events keep the count right with or without participantCount', () => {
  const r = new Roster();
  r.reset([P(0, true)], 10);
  r.joined(P(5), 11);
  assert.equal(r.count, 11);
  r.joined(P(6)); // older server: no count
  assert.equal(r.count, 12);
  r.joined(P(6)); // a duplicate does not count twice
  assert.equal(r.count, 12);
  r.left(P(5).userId);
  assert.equal(r.count, 11);
  assert.equal(r.more, 9);
});

test('bad entries from the server are ignored, the list is capped, the count never drops below the list', () => {
  const rnd = prng(7);
  const r = new Roster({ cap: 50 });
  r.reset([P(0, true)], 1);
  const bad = [null, 3, {}, { userId: 5, username: 'x' }, { userId: 'a' }, 'str'];
  let n = 1;
  for (let round = 0; round < 200; round++) {
    const joined = [];
    for (let k = 0; k < 5; k++) joined.push(rnd.next() < 0.2 ? bad[Math.floor(rnd.next() * bad.length)] : P(1 + Math.floor(rnd.next() * 400)));
    const left = [];
    if (rnd.next() < 0.5) left.push({ userId: P(1 + Math.floor(rnd.next() * 400)).userId });
    if (rnd.next() < 0.1) left.push(null);
    n = Math.max(1, n + 4);
    r.update({ participantCount: rnd.next() < 0.1 ? -3 : n, joined, left, more: 0 });
    assert.ok(r.list.length <= 50, 'capped');
    assert.ok(r.count >= r.list.length);
    assert.equal(r.more, r.count - r.list.length);
    for (const p of r.list) assert.equal(typeof p.userId, 'string');
  }
  assert.ok(r.host, 'the host stays listed');
});
