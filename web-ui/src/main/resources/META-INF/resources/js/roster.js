// Who is in the room, as the guest page knows it (pure). Small rooms send per-user user:joined /
// user:left; big rooms send guests batched participants:update messages, and room:joined may list
// only the first ~100 participants plus participantCount. The server's participantCount is the
// truth for the count; the list holds who we were told about, and `more` is how many are in the
// room but not listed ("+N more"). The list never grows past `cap` entries (server input is
// untrusted: a flood of joins must not grow the page without bound).

export const ROSTER_CAP = 500;

function validCount(n) {
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

export class Roster {
  constructor({ cap = ROSTER_CAP } = {}) {
    this.cap = cap;
    this.people = new Map(); // userId → {userId, username, isHost}
    this.serverCount = null; // participantCount from the server, when it sent one
    this.hostId = null;
  }

  /** room:joined (or participants:list): replaces the list. */
  reset(participants, participantCount, hostId) {
    this.people.clear();
    if (hostId !== undefined) this.hostId = hostId;
    for (const p of participants || []) this.#add(p);
    this.serverCount = validCount(participantCount);
  }

  /** user:joined */
  joined(p, participantCount) {
    const had = p && this.people.has(p.userId);
    this.#add(p);
    if (!this.#count(participantCount) && this.serverCount !== null && !had) this.serverCount++;
  }

  /** user:left */
  left(userId, participantCount) {
    this.people.delete(userId);
    if (!this.#count(participantCount) && this.serverCount !== null) this.serverCount = Math.max(0, this.serverCount - 1);
  }

  renamed(userId, username) {
    const p = this.people.get(userId);
    if (p) p.username = username;
  }

  /** participants:update {participantCount, joined: [Participant], left: [{userId}], more}. */
  update(m) {
    for (const l of m.left || []) {
      if (l && typeof l.userId === 'string') this.people.delete(l.userId);
    }
    for (const p of m.joined || []) this.#add(p);
    this.#count(m.participantCount);
  }

  /** Everyone in the room (the server's count, never less than those we list). */
  get count() {
    return Math.max(this.serverCount ?? 0, this.people.size);
  }

  /** In the room but not in our list. */
  get more() {
    return Math.max(0, this.count - this.people.size);
  }

  get list() {
    return [...this.people.values()];
  }

  get host() {
    return this.people.get(this.hostId) || null;
  }

  #add(p) {
    if (!p || typeof p.userId !== 'string' || typeof p.username !== 'string') return;
    if (p.isHost) this.hostId = p.userId;
    const known = this.people.get(p.userId);
    if (known) {
      known.username = p.username;
      known.isHost = Boolean(p.isHost);
      return;
    }
    // full: keep the host and whoever we already list; the rest shows up in "+N more"
    if (this.people.size >= this.cap && !p.isHost) return;
    this.people.set(p.userId, { userId: p.userId, username: p.username, isHost: Boolean(p.isHost) });
  }

  /** Takes the server's count if it sent a valid one; false if not. */
  #count(n) {
    const c = validCount(n);
    if (c === null) return false;
    this.serverCount = c;
    return true;
  }
}
