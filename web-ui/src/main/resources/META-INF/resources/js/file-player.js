// Plays the studio's playlist (playlist.js) into the capture graph, gapless: while a track plays,
// the next one is already scheduled on the AudioContext clock to start at the exact sample the
// current one ends, so a track change adds no silence (measured in StudioJourneysIT). Pause, seek,
// next and previous restart sources at an offset; any change to the playlist re-schedules the next.
import { Emitter } from './emitter.js';
import { Playlist } from './playlist.js';
import { readTags, titleFromName } from './tags.js';

/** Previous restarts the track instead when it has played longer than this (s), as players do. */
const RESTART_AFTER_S = 3;

/**
 * Events: 'track' (the track now playing, {id, name, duration, ...tags}, and the context time it
 * started at), 'upcoming' (the track scheduled to follow, and the context time it will start at; a
 * later 'upcoming' replaces it), 'state' ('playing'|'paused'|'stopped'),
 * 'ended' (the playlist played out), 'error' (Error: a file that does not decode).
 */
export class FilePlayer extends Emitter {
  /**
   * @param {AudioContext} ctx
   * @param {AudioNode[]} outputs  where every track plays (the capture input, the host's monitor)
   * @param {() => number} [random]
   */
  constructor(ctx, outputs, random) {
    super();
    this.ctx = ctx;
    this.outputs = outputs;
    this.list = new Playlist(random);
    this.buffers = new Map(); // id → AudioBuffer
    this.playing = null; // {id, src, startAt, offset}
    this.queued = null; // the next track, scheduled to start where the playing one ends
    this.paused = null; // {id, at}
  }

  get state() {
    return this.playing ? 'playing' : this.paused ? 'paused' : 'stopped';
  }

  /** Decodes and appends files; a file that does not decode is an 'error', the others are added. */
  async add(files) {
    for (const file of files) {
      let buffer;
      try {
        buffer = await this.ctx.decodeAudioData(await file.arrayBuffer());
      } catch {
        const e = new Error(`Cannot play ${file.name}: not an audio file this browser decodes.`);
        e.code = 'bad_file';
        this.emit('error', e);
        continue;
      }
      const tags = await readTags(file);
      const [t] = this.list.add([{ name: file.name, duration: buffer.duration, ...tags, title: tags.title ?? titleFromName(file.name) }]);
      this.buffers.set(t.id, buffer);
    }
    this.#scheduleNext();
    return this.list.items;
  }

  /** Plays track `id` from `offset` seconds, now. */
  play(id, offset = 0) {
    const t = this.list.get(id);
    if (!t) return;
    this.#stopSources();
    this.paused = null;
    this.list.currentId = id;
    this.playing = this.#start(t, this.ctx.currentTime, Math.max(0, Math.min(offset, t.duration)));
    this.emit('track', t, this.playing.startAt);
    this.emit('state', 'playing');
    this.#scheduleNext();
  }

  pause() {
    if (!this.playing) return;
    const at = this.position();
    const id = this.playing.id;
    this.#stopSources();
    this.paused = { id, at };
    this.emit('state', 'paused');
  }

  resume() {
    if (this.paused) this.play(this.paused.id, this.paused.at);
  }

  /** Jumps within the current track (playing or paused). */
  seek(seconds) {
    if (this.playing) this.play(this.playing.id, seconds);
    else if (this.paused) this.paused.at = Math.max(0, Math.min(seconds, this.list.get(this.paused.id)?.duration ?? 0));
  }

  next() {
    const t = this.list.after(false);
    if (t) this.play(t.id);
    else this.#end();
  }

  previous() {
    if (this.position() > RESTART_AFTER_S) {
      this.seek(0);
      return;
    }
    const t = this.list.before();
    if (t) this.play(t.id);
  }

  /** Removes a track; removing the one playing moves on to the next. */
  remove(id) {
    const current = id === this.list.currentId && (this.playing || this.paused);
    const next = current ? this.list.after(false) : null;
    this.list.remove(id);
    this.buffers.delete(id);
    if (!current) {
      this.#scheduleNext();
    } else if (next && next.id !== id) {
      if (this.playing) this.play(next.id);
      else this.paused = { id: next.id, at: 0 };
      this.list.currentId = next.id;
    } else {
      this.stop();
    }
  }

  move(id, to) {
    this.list.move(id, to);
    this.#scheduleNext();
  }

  setLoop(mode) {
    this.list.setLoop(mode);
    this.#scheduleNext();
  }

  setShuffle(on) {
    this.list.setShuffle(on);
    this.#scheduleNext();
  }

  /** Seconds into the current track. */
  position() {
    if (this.playing) {
      const t = this.list.get(this.playing.id);
      return Math.max(0, Math.min(t?.duration ?? 0, this.playing.offset + this.ctx.currentTime - this.playing.startAt));
    }
    return this.paused?.at ?? 0;
  }

  /** Stops playing (the playlist stays). */
  stop() {
    const was = this.state;
    this.#stopSources();
    this.paused = null;
    if (was !== 'stopped') this.emit('state', 'stopped');
  }

  #start(track, when, offset) {
    const src = this.ctx.createBufferSource();
    src.buffer = this.buffers.get(track.id);
    for (const out of this.outputs) src.connect(out);
    src.start(when, offset);
    const slot = { id: track.id, src, startAt: when, offset };
    src.onended = () => {
      if (this.playing === slot) this.#advance();
    };
    return slot;
  }

  /** The playing track reached its end: the queued one (already sounding) becomes the current one. */
  #advance() {
    const done = this.playing;
    this.playing = null;
    done.src.disconnect();
    if (!this.queued) {
      this.#end();
      return;
    }
    this.playing = this.queued;
    this.queued = null;
    this.list.currentId = this.playing.id;
    this.emit('track', this.list.get(this.playing.id), this.playing.startAt);
    this.#scheduleNext();
  }

  #end() {
    this.#stopSources();
    this.paused = null;
    this.emit('state', 'stopped');
    this.emit('ended');
  }

  /** (Re)schedules the track after the playing one to start at the exact end of it. */
  #scheduleNext() {
    if (this.queued) {
      this.#silence(this.queued);
      this.queued = null;
    }
    if (!this.playing) return;
    const t = this.list.after(true);
    if (!t || !this.buffers.has(t.id)) return;
    const current = this.list.get(this.playing.id);
    const endsAt = this.playing.startAt + (current.duration - this.playing.offset);
    this.queued = this.#start(t, Math.max(endsAt, this.ctx.currentTime), 0);
    this.emit('upcoming', t, this.queued.startAt);
  }

  #silence(slot) {
    slot.src.onended = null;
    try {
      slot.src.stop();
    } catch { /* never started */ }
    slot.src.disconnect();
  }

  #stopSources() {
    for (const slot of [this.playing, this.queued]) if (slot) this.#silence(slot);
    this.playing = null;
    this.queued = null;
  }
}
