// The studio's playlist as data (pure, node-tested): the tracks in the order the host arranged
// them, which one plays, what comes next under loop and shuffle. file-player.js plays it.

/** Loop modes, in the order the Loop button cycles through them. */
export const LOOP_MODES = Object.freeze(['off', 'all', 'one']);

export class Playlist {
  /** @param {() => number} [random]  a source of [0, 1) numbers (tests pass a seeded one) */
  constructor(random = Math.random) {
    this.random = random;
    /** @type {{id: number, name: string, duration: number}[]} in the host's order */
    this.items = [];
    this.currentId = null;
    this.loop = 'off';
    this.shuffle = false;
    /** play order while shuffled: ids */
    this.order = [];
    this.nextId = 1;
  }

  /** Appends tracks (objects with at least name and duration); returns them with their ids. */
  add(tracks) {
    const added = tracks.map((t) => ({ ...t, id: this.nextId++ }));
    this.items.push(...added);
    if (this.shuffle) {
      // new tracks go somewhere after the one playing, not all at the end
      for (const t of added) {
        const from = this.order.indexOf(this.currentId) + 1;
        const at = from + Math.floor(this.random() * (this.order.length - from + 1));
        this.order.splice(at, 0, t.id);
      }
    }
    return added;
  }

  get length() {
    return this.items.length;
  }

  indexOf(id) {
    return this.items.findIndex((t) => t.id === id);
  }

  get(id) {
    return this.items.find((t) => t.id === id) ?? null;
  }

  get current() {
    return this.get(this.currentId);
  }

  /** Removes a track; true when it was the one playing. */
  remove(id) {
    const i = this.indexOf(id);
    if (i < 0) return false;
    this.items.splice(i, 1);
    this.order = this.order.filter((x) => x !== id);
    return id === this.currentId;
  }

  /** Moves a track to position `to` of the host's order (clamped). */
  move(id, to) {
    const i = this.indexOf(id);
    if (i < 0) return;
    const [t] = this.items.splice(i, 1);
    this.items.splice(Math.max(0, Math.min(this.items.length, to)), 0, t);
  }

  setLoop(mode) {
    if (LOOP_MODES.includes(mode)) this.loop = mode;
  }

  /** The loop mode after `mode` (the button's next press). */
  static nextLoop(mode) {
    return LOOP_MODES[(LOOP_MODES.indexOf(mode) + 1) % LOOP_MODES.length];
  }

  /** Shuffle on: a fresh random order with the playing track first; off: the host's order again. */
  setShuffle(on) {
    this.shuffle = Boolean(on);
    if (!this.shuffle) {
      this.order = [];
      return;
    }
    const rest = this.items.map((t) => t.id).filter((id) => id !== this.currentId);
    for (let i = rest.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [rest[i], rest[j]] = [rest[j], rest[i]];
    }
    this.order = this.currentId !== null && this.get(this.currentId) ? [this.currentId, ...rest] : rest;
  }

  /** The play order: ids. */
  playOrder() {
    return this.shuffle ? this.order : this.items.map((t) => t.id);
  }

  /**
   * The track after the current one: `ended` true when the current one played to its end (loop
   * "one" repeats it then), false for the Next button (which always moves on). Null: nothing more.
   */
  after(ended = true) {
    if (this.items.length === 0) return null;
    if (this.currentId === null || !this.get(this.currentId)) return this.get(this.playOrder()[0]);
    if (ended && this.loop === 'one') return this.current;
    const order = this.playOrder();
    const i = order.indexOf(this.currentId);
    if (i + 1 < order.length) return this.get(order[i + 1]);
    if (this.loop === 'off') return null;
    if (this.shuffle) {
      // a new lap: a new order, not starting with the track that just played (if there is another)
      this.setShuffle(true);
      const next = this.order.find((id) => id !== this.currentId);
      return this.get(next ?? this.order[0]);
    }
    return this.get(order[0]);
  }

  /** The track before the current one in the play order (the first stays the first). */
  before() {
    const order = this.playOrder();
    const i = order.indexOf(this.currentId);
    if (i > 0) return this.get(order[i - 1]);
    if (i === 0 && this.loop === 'all' && order.length > 1) return this.get(order[order.length - 1]);
    return this.current ?? this.get(order[0]);
  }
}

/** 75.4 → "1:15", 3725 → "1:02:05": a track's time as players show it. */
export function clockTime(seconds) {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
