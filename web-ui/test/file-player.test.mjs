// The playlist's player schedules on the AudioContext clock: the next track starts at the exact end
// of the playing one (gapless), pause/resume and seek restart at the right offset, a change to the
// playlist re-schedules. A fake context records every source's start and stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FilePlayer } from '../src/main/resources/META-INF/resources/js/file-player.js';

class FakeContext {
  constructor() {
    this.currentTime = 10;
    this.sources = [];
  }

  async decodeAudioData(bytes) {
    const seconds = new TextDecoder().decode(bytes);
    if (!/^\d+(\.\d+)?$/.test(seconds)) throw new Error('not audio');
    return { duration: Number(seconds) };
  }

  createBufferSource() {
    const src = {
      buffer: null, startedAt: null, offset: null, stopped: false, onended: null, outputs: [],
      connect(o) { this.outputs.push(o); },
      disconnect() { this.outputs = []; },
      start(when, offset) { this.startedAt = when; this.offset = offset; },
      stop() { this.stopped = true; },
    };
    this.sources.push(src);
    return src;
  }

  /** Moves the clock on and ends every source whose buffer has played out by then. */
  advance(seconds) {
    this.currentTime += seconds;
    for (const s of this.sources) {
      if (!s.stopped && !s.ended && s.startedAt !== null && s.startedAt + s.buffer.duration - s.offset <= this.currentTime + 1e-9) {
        s.ended = true;
        s.onended?.();
      }
    }
  }

  live() {
    return this.sources.filter((s) => !s.stopped && !s.ended);
  }
}

/** A "file" whose bytes are its duration in seconds (the fake context decodes that). */
const file = (name, seconds) => ({ name, arrayBuffer: async () => new TextEncoder().encode(String(seconds)).buffer });

async function player(...durations) {
  const ctx = new FakeContext();
  const p = new FilePlayer(ctx, ['capture', 'monitor']);
  await p.add(durations.map((d, i) => file(`t${i + 1}.mp3`, d)));
  return { ctx, p };
}

test('the next track is scheduled to start at the exact end of the playing one, into the same outputs', async () => {
  const { ctx, p } = await player(30, 40, 50);
  const tracks = [];
  p.on('track', (t, startAt) => tracks.push([t.name, startAt]));
  const upcoming = [];
  p.on('upcoming', (t, startAt) => upcoming.push([t.name, startAt]));
  p.play(p.list.items[0].id);
  const [a, b] = ctx.live();
  assert.equal(a.startedAt, 10);
  assert.equal(b.startedAt, 40, 'start of t1 + its 30 s: no gap, no overlap');
  assert.deepEqual(b.outputs, ['capture', 'monitor']);
  ctx.advance(30);
  assert.deepEqual(tracks, [['t1.mp3', 10], ['t2.mp3', 40]], 'each track with the context time it started at (its stream time)');
  assert.deepEqual(upcoming, [['t2.mp3', 40], ['t3.mp3', 80]], 'the next track is known, with its start, as soon as it is scheduled');
  const c = ctx.live().find((s) => s !== b);
  assert.equal(c.startedAt, 80, 't3 queued at the end of t2');
  ctx.advance(40);
  ctx.advance(50);
  assert.equal(p.state, 'stopped');
});

test('the playlist ends with "ended"; loop all goes round instead', async () => {
  const { ctx, p } = await player(5, 5);
  let ended = 0;
  p.on('ended', () => ended++);
  p.play(p.list.items[0].id);
  ctx.advance(5);
  ctx.advance(5);
  assert.equal(ended, 1);
  p.setLoop('all');
  p.play(p.list.items[0].id);
  ctx.advance(5);
  ctx.advance(5);
  assert.equal(p.list.current.name, 't1.mp3', 'round again');
  assert.equal(ended, 1);
});

test('pause keeps the place, resume plays from it; seek restarts at the offset and re-queues the next', async () => {
  const { ctx, p } = await player(60, 60);
  p.play(p.list.items[0].id);
  ctx.advance(12.5);
  p.pause();
  assert.equal(p.state, 'paused');
  assert.equal(ctx.live().length, 0, 'nothing sounds while paused');
  ctx.advance(100);
  assert.equal(p.position(), 12.5);
  p.resume();
  const [cur, next] = ctx.live();
  assert.equal(cur.offset, 12.5);
  assert.equal(next.startedAt, ctx.currentTime + 47.5);
  p.seek(50);
  const [cur2, next2] = ctx.live();
  assert.equal(cur2.offset, 50);
  assert.equal(next2.startedAt, ctx.currentTime + 10);
});

test('next, previous (restart after 3 s), remove the playing track, reorder re-queues', async () => {
  const { ctx, p } = await player(60, 60, 60);
  const [t1, t2, t3] = p.list.items;
  p.play(t1.id);
  p.next();
  assert.equal(p.list.currentId, t2.id);
  ctx.advance(10);
  p.previous();
  assert.equal(p.list.currentId, t2.id, 'ten seconds in: back to its start');
  assert.equal(p.position(), 0);
  p.previous();
  assert.equal(p.list.currentId, t1.id);
  p.move(t3.id, 1); // t3 now plays after t1
  const queued = ctx.live().find((s) => s.startedAt > ctx.currentTime);
  assert.equal(queued.buffer, p.buffers.get(t3.id));
  p.remove(t1.id);
  assert.equal(p.list.currentId, t3.id, 'removing the playing track moves on');
  assert.equal(p.state, 'playing');
  assert.equal(p.list.length, 2);
});

test('a file that does not decode is an error; the others are added', async () => {
  const ctx = new FakeContext();
  const p = new FilePlayer(ctx, []);
  const errors = [];
  p.on('error', (e) => errors.push(e));
  await p.add([file('a.mp3', 3), file('notes.txt', 'hello'), file('b.mp3', 4)]);
  assert.deepEqual(p.list.items.map((t) => t.name), ['a.mp3', 'b.mp3']);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, 'bad_file');
  assert.match(errors[0].message, /notes\.txt/);
});
