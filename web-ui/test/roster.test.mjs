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

// ---- presence versions: events reach the page out of order

test('user:left events out of order leave the newest count, not the last one to arrive (the issue #18 trace)', () => {
  const r = new Roster();
  const everyone = Array.from({ length: 14 }, (_, i) => P(i, i === 0));
  r.reset(everyone, 14, everyone[0].userId, 20);
  // 12 leave at once (versions 21..32, counts 13..2); they arrive in this order:
  const counts = [13, 9, 12, 10, 11, 8, 7, 2, 3, 4, 5, 6];
  for (const c of counts) r.apply({ type: 'user:left', userId: P(14 - c).userId, username: 'x', participantCount: c, presenceVersion: 20 + (14 - c) });
  assert.equal(r.count, 2, 'the count of version 32, though 6 came last');
  assert.deepEqual(r.list.map((p) => p.userId).sort(), [P(0).userId, P(13).userId]);
});

test('a join older than the snapshot or than the user\'s last event is dropped; another user\'s older event is not', () => {
  const r = new Roster();
  r.apply({ type: 'room:joined', hostId: P(0).userId, participants: [P(0, true), P(1)], participantCount: 2, presenceVersion: 10 });
  r.apply({ type: 'user:joined', ...P(1), participantCount: 2, presenceVersion: 9 }); // already in the snapshot
  r.apply({ type: 'user:left', userId: P(2).userId, username: 'user 2', participantCount: 3, presenceVersion: 13 });
  r.apply({ type: 'user:joined', ...P(2), participantCount: 4, presenceVersion: 12 }); // late: 2 left after
  r.apply({ type: 'user:joined', ...P(3), participantCount: 3, presenceVersion: 11 }); // late, but 3's only event
  assert.deepEqual(r.list.map((p) => p.username).sort(), ['user 0', 'user 1', 'user 3']);
  assert.equal(r.count, 3, 'the count of version 13');
});

test('participants:update items carry their own versions; a late item is dropped, the count follows the newest update', () => {
  const r = new Roster();
  r.reset([P(0, true)], 800, P(0).userId, 100);
  const a = (i, v) => ({ ...P(i), presenceVersion: v });
  const d = (i, v) => ({ userId: P(i).userId, username: `user ${i}`, presenceVersion: v });
  r.apply({ type: 'participants:update', participantCount: 801, joined: [a(5, 101)], left: [d(6, 99)], more: 0, presenceVersion: 103 });
  r.apply({ type: 'participants:update', participantCount: 800, joined: [], left: [d(5, 104)], more: 0, presenceVersion: 104 });
  r.apply({ type: 'participants:update', participantCount: 802, joined: [a(5, 102)], left: [], more: 0, presenceVersion: 102 });
  assert.ok(!r.list.some((p) => p.userId === P(5).userId), 'user 5 left at 104; its arrival of 102 came late');
  assert.equal(r.count, 800);
});

test('random joins and leaves delivered out of order end with the true list and count (seeded)', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const rnd = prng(seed);
    const inRoom = new Set([P(0).userId]);
    const events = [];
    let v = 5;
    for (let k = 0; k < 200; k++) {
      const i = 1 + rnd.int(30);
      const u = P(i);
      v++;
      if (inRoom.has(u.userId)) {
        inRoom.delete(u.userId);
        events.push({ type: 'user:left', userId: u.userId, username: u.username, participantCount: inRoom.size, presenceVersion: v });
      } else {
        inRoom.add(u.userId);
        events.push({ type: 'user:joined', ...u, participantCount: inRoom.size, presenceVersion: v });
      }
    }
    // each event is delayed by up to 8 places (concurrent publishers)
    const delivered = events.map((e, k) => ({ e, at: k + rnd.uniform(0, 8) })).sort((x, y) => x.at - y.at).map((x) => x.e);
    const r = new Roster();
    r.apply({ type: 'room:joined', hostId: P(0).userId, participants: [P(0, true)], participantCount: 1, presenceVersion: 5 });
    for (const e of delivered) r.apply(e);
    assert.equal(r.count, inRoom.size, `seed ${seed}: count`);
    assert.deepEqual(r.list.map((p) => p.userId).sort(), [...inRoom].sort(), `seed ${seed}: list`);
  }
});

test('without versions (an older server) events apply as they come', () => {
  const r = new Roster();
  r.apply({ type: 'room:joined', hostId: P(0).userId, participants: [P(0, true)], participantCount: 1 });
  r.apply({ type: 'user:joined', ...P(1), participantCount: 2 });
  r.apply({ type: 'user:left', userId: P(1).userId, username: 'user 1', participantCount: 1 });
  assert.equal(r.count, 1);
  assert.equal(r.list.length, 1);
});

test('the versions remembered are bounded; forgetting raises the floor so nothing older slips back in', () => {
  const r = new Roster({ seenCap: 10 });
  r.reset([P(0, true)], 1, P(0).userId, 0);
  for (let i = 1; i <= 30; i++) r.joined(P(i), i + 1, i);
  assert.ok(r.seen.size <= 10);
  r.left(P(3).userId, 30, 2); // older than the floor now: dropped
  assert.ok(r.list.some((p) => p.userId === P(3).userId));
  assert.equal(r.count, 31);
});

test('co-hosts: room:joined and user:joined carry isCohost, user:cohost changes it, a rejoin keeps what it says', () => {
  const r = new Roster();
  r.apply({ type: 'room:joined', hostId: P(0).userId, participantCount: 2, presenceVersion: 2,
    participants: [P(0, true), { ...P(1), isCohost: true }] });
  assert.equal(r.people.get(P(1).userId).isCohost, true);
  r.apply({ type: 'user:joined', ...P(2), isCohost: false, participantCount: 3, presenceVersion: 3 });
  assert.equal(r.people.get(P(2).userId).isCohost, false);
  r.apply({ type: 'user:cohost', roomId: 'r', userId: P(2).userId, username: 'user 2', isCohost: true });
  r.apply({ type: 'user:cohost', roomId: 'r', userId: P(1).userId, username: 'user 1', isCohost: false });
  assert.deepEqual(r.list.filter((p) => p.isCohost).map((p) => p.username), ['user 2']);
  r.apply({ type: 'user:cohost', roomId: 'r', userId: 'u_unknown', username: 'x', isCohost: true }); // not listed: nothing
  assert.equal(r.list.length, 3);
});
