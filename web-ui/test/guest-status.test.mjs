// The guest's one status: every state of docs/JOURNEYS.md, each with its own sentence, and the sync
// error shown only while playing and never as an absurd number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guestStatus } from '../src/main/resources/META-INF/resources/js/guest-status.js';

const base = {
  ending: null, connection: 'open', joined: true, live: true, stopReason: null, hostConnected: true,
  signal: 'sound', audio: true, player: 'playing', audioForMs: 60_000, delayMs: 1200, lateMs: 0,
  delayChanging: false, syncErrorMs: 0.4,
};
const st = (over) => guestStatus({ ...base, ...over });

test('each situation has its own state and sentence', () => {
  const cases = [
    [{ connection: 'connecting', joined: false }, 'connecting'],
    [{ connection: 'open', joined: false, locked: true }, 'password'],
    [{ connection: 'reconnecting', retryInMs: 3000 }, 'reconnecting'],
    [{ connection: 'reconnecting', retryInMs: 3000, refusal: 'too_many_connections' }, 'refused'],
    [{ live: false }, 'waiting'],
    [{ live: false, stopReason: 'host' }, 'ended'],
    [{ hostConnected: false }, 'host-reconnecting'],
    [{ signal: 'none' }, 'host-quiet'],
    [{ signal: 'silence' }, 'host-quiet'],
    [{ audio: false, player: 'idle' }, 'ready'],
    [{ player: 'starting' }, 'syncing'],
    [{ player: 'waiting', audioForMs: 500 }, 'syncing'],
    [{ player: 'waiting', audioForMs: 10_000 }, 'buffering'],
    [{ player: 'playing' }, 'playing'],
    [{ player: 'late', lateMs: 340 }, 'late'],
    [{ player: 'late', lateMs: -1200, arriving: false }, 'stalled'],
    [{ delayChanging: true }, 'delay-changing'],
    [{ ending: 'closed' }, 'closed'],
    [{ ending: 'kicked' }, 'removed'],
    [{ ending: 'notfound' }, 'notfound'],
  ];
  const texts = new Map();
  for (const [over, key] of cases) {
    const s = st(over);
    assert.equal(s.key, key, JSON.stringify(over));
    assert.ok(s.text.length > 5);
    if (texts.has(s.text) && texts.get(s.text) !== key) assert.fail(`"${s.text}" used by ${key} and ${texts.get(s.text)}`);
    texts.set(s.text, key);
  }
});

test('a refused connection says why; a plain drop says it is the network, not the host', () => {
  assert.match(st({ connection: 'reconnecting', retryInMs: 4200, refusal: 'too_many_connections' }).text, /Too many Roomcast connections/);
  const drop = st({ connection: 'reconnecting', retryInMs: 4200 });
  assert.match(drop.text, /Reconnecting in 5 s/);
  assert.match(drop.detail, /not the host/);
});

test('the host quiet and the host reconnecting are never blamed on the guest', () => {
  for (const over of [{ signal: 'none', player: 'waiting', audioForMs: 30_000 }, { hostConnected: false, player: 'waiting' }]) {
    const s = st(over);
    assert.doesNotMatch(`${s.text} ${s.detail}`, /your (connection|network)/i, s.key);
  }
  assert.match(st({ player: 'waiting', audioForMs: 30_000 }).text, /your connection/);
  // the host reloaded: frames stopped upstream; the player runs dry ('late') before the server says "none"
  const dry = st({ player: 'late', lateMs: -1200, arriving: false });
  assert.doesNotMatch(`${dry.text} ${dry.detail}`, /your (connection|network)/i);
});

test('sync error only while playing, never absurd', () => {
  assert.equal(st({}).syncText, '0.4 ms');
  assert.equal(st({ syncErrorMs: 62198 }).syncText, null, 'after the host left: no 62198 ms');
  assert.equal(st({ player: 'late', syncErrorMs: 3.2 }).syncText, null);
  assert.equal(st({ signal: 'none', syncErrorMs: 0.3 }).syncText, null);
  assert.equal(st({ live: false, stopReason: 'host_lost', syncErrorMs: 0.3 }).syncText, null);
});

test('a late guest hears by how much', () => {
  assert.match(st({ player: 'late', lateMs: 342.4 }).text, /Playing 342 ms late/);
});

test('endings win over everything else', () => {
  assert.equal(st({ ending: 'notfound', connection: 'reconnecting' }).key, 'notfound');
  assert.equal(st({ ending: 'full' }).text, 'This room is full');
});

test('an engine that cannot read its output latency shows how far off it may be', () => {
  assert.equal(st({ syncErrorMs: 0.4, syncUncertaintyMs: 12.3 }).syncText, '0.4 ms ± 12 ms');
  assert.equal(st({ syncErrorMs: 0.4, syncUncertaintyMs: 0.1 }).syncText, '0.4 ms', 'a known latency shows no ±');
});

test('a device that paused the audio says so, and how to resume', () => {
  for (const contextState of ['suspended', 'interrupted']) {
    const s = st({ contextState });
    assert.equal(s.key, 'paused');
    assert.match(s.detail, /Tap/);
  }
  assert.equal(st({ contextState: 'running' }).key, 'playing');
  assert.equal(st({ audio: false, contextState: 'suspended' }).key, 'ready', 'not joined: nothing to resume');
});

test('a room the host closed says so; one closed for inactivity says that it closed', () => {
  const byHost = st({ ending: 'closed-by-host' });
  assert.equal(byHost.key, 'closed');
  assert.equal(byHost.text, 'The host closed the room');
  assert.equal(st({ ending: 'closed' }).text, 'This room has closed');
});

test('the aux: the guest who has it is told it broadcasts (not "tap Join audio"); the others hear the guest, not "the host", go quiet', () => {
  const on = st({ onAux: true, audio: false });
  assert.equal(on.key, 'on-aux');
  assert.match(on.text, /You have the aux/);
  assert.match(on.detail, /muted on this page/);
  assert.equal(st({ onAux: true, live: false, stopReason: 'host' }).key, 'ended', 'a stopped broadcast ends the aux too');
  const quiet = st({ auxWith: 'Cleo', signal: 'silence' });
  assert.equal(quiet.key, 'host-quiet');
  assert.equal(quiet.text, 'Cleo is quiet right now.');
  assert.equal(st({ auxWith: null, signal: 'none' }).text, 'The host is quiet right now.');
  assert.equal(st({ auxWith: 'Cleo' }).key, 'playing', 'listening to the guest with the aux is playing in sync');
});
