// The host's one status and its one-click actions (docs/JOURNEYS.md, studio state machine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { studioStatus } from '../src/main/resources/META-INF/resources/js/studio-status.js';

const base = {
  ending: null, connection: 'open', joined: true, isHost: true, live: false, starting: false, sending: false,
  hasSource: false, sourceKind: null, sourceEnded: null, signal: null, clockReady: true, listeners: 2,
};
const st = (over) => studioStatus({ ...base, ...over });

test('from an empty studio to live', () => {
  assert.equal(st({}).key, 'no-source');
  assert.equal(st({ hasSource: true, clockReady: false }).key, 'clock');
  assert.equal(st({ hasSource: true }).key, 'ready');
  assert.equal(st({ hasSource: true, starting: true }).key, 'starting');
  const live = st({ hasSource: true, live: true, sending: true, signal: 'sound' });
  assert.equal(live.key, 'live');
  assert.match(live.text, /2 listeners/);
});

test('a reload while live: still live, one action (choose the source again), never Stop → Go live', () => {
  const s = st({ live: true, sending: false });
  assert.equal(s.key, 'resume');
  assert.deepEqual(s.actions, ['choose', 'stop']);
  assert.match(s.detail, /room stays live/);
});

test('a source that ends or goes silent is said, with one-click ways on', () => {
  const ended = st({ live: true, sending: false, hasSource: true, sourceEnded: 'files', sourceKind: 'files' });
  assert.equal(ended.key, 'source-ended');
  assert.match(ended.text, /playlist ended/);
  assert.deepEqual(ended.actions, ['replay', 'choose', 'stop']);
  assert.deepEqual(st({ live: true, sending: false, sourceEnded: 'display' }).actions, ['choose', 'stop']);
  const silent = st({ live: true, sending: true, hasSource: true, sourceKind: 'display', signal: 'silence' });
  assert.equal(silent.key, 'silent');
  assert.match(silent.text, /silence/);
  assert.equal(st({ live: true, sending: true, signal: 'none' }).key, 'no-audio');
});

test('not the host, not found, reconnecting', () => {
  assert.equal(st({ isHost: false }).key, 'not-host');
  assert.equal(st({ ending: 'notfound' }).key, 'notfound');
  const r = st({ connection: 'reconnecting', retryInMs: 2000, live: true });
  assert.equal(r.key, 'reconnecting');
  assert.match(r.detail, /Guests keep the room/);
});

test('the aux passed to a guest: the studio says who has it, not "silent" or "source ended", and keeps Stop', () => {
  const away = st({ live: true, sending: true, hasSource: true, auxWith: 'Cleo', signal: 'sound' });
  assert.equal(away.key, 'aux-away');
  assert.match(away.text, /Cleo has the aux/);
  assert.match(away.detail, /taking the aux back is seamless/);
  assert.deepEqual(away.actions, ['stop']);
  const noSource = st({ live: true, sending: false, auxWith: 'Cleo', sourceEnded: 'display' });
  assert.equal(noSource.key, 'aux-away', 'the host\'s own source ending is not what guests hear');
  assert.match(noSource.detail, /Choose a source before you take the aux back/);
  assert.deepEqual(noSource.actions, ['choose', 'stop']);
  assert.equal(st({ live: false, auxWith: 'Cleo', hasSource: true }).key, 'ready', 'off air, nobody has the aux');
  assert.equal(st({ connection: 'reconnecting', live: true, auxWith: 'Cleo' }).key !== 'aux-away', true,
    'a lost connection is said first');
});
