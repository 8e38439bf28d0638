// Who is in the room, as the guest page knows it (pure). Small rooms send per-user user:joined /
// user:left; big rooms send guests batched participants:update messages, and room:joined may list
// only the first ~100 participants plus participantCount. The server's participantCount is the
// truth for the count; the list holds who we were told about, and `more` is how many are in the
// room but not listed ("+N more"). The list never grows past `cap` entries (server input is
// untrusted: a flood of joins must not grow the page without bound).
//
// Presence versions (docs/PROTOCOL.md §4, presence): every arrival and departure of a room gets the
// next presenceVersion, and events can arrive out of order. A snapshot (room:joined,
// participants:list) holds everything up to its version; an event about a user is applied only if
// its version is newer than the snapshot and than the last event applied to that user; the count
// is taken from the message with the highest version. Without versions (an older server) every
// event is applied as it comes.

export const ROSTER_CAP = 500;
/** Users whose last event version we remember; past it the oldest are forgotten (and the floor rises). */
export const SEEN_CAP = 4096;

function validCount(n) {
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

function validVersion(v) {
  return Number.isSafeInteger(v) && v >= 0 ? v : null;
}

export class Roster {
  constructor({ cap = ROSTER_CAP, seenCap = SEEN_CAP } = {}) {
    this.cap = cap;
    this.seenCap = seenCap;
    this.people = new Map(); // userId → {userId, username, isHost, isCohost}
    this.serverCount = null; // participantCount from the server, when it sent one
    this.countVersion = -1; // the presence version serverCount is as of
    this.floor = -1; // events at or below this version are already in the list (snapshot)
    this.seen = new Map(); // userId → version of the last event applied to that user
    this.hostId = null;
  }

  /** Any server message: room:joined, participants:list, user:joined/left/renamed, participants:update. */
  apply(m) {
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'room:joined': this.reset(m.participants, m.participantCount, m.hostId, m.presenceVersion); break;
      case 'participants:list':
        this.reset(m.participants, Array.isArray(m.participants) ? m.participants.length : undefined, undefined, m.presenceVersion);
        break;
      case 'user:joined':
        this.joined({ userId: m.userId, username: m.username, isHost: m.isHost, isCohost: m.isCohost },
          m.participantCount, m.presenceVersion);
        break;
      case 'user:cohost': this.cohost(m.userId, m.isCohost); break;
      case 'user:left': this.left(m.userId, m.participantCount, m.presenceVersion); break;
      case 'user:renamed': this.renamed(m.userId, m.username); break;
      case 'participants:update': this.update(m); break;
      default: break;
    }
  }

  /** room:joined (or participants:list): replaces the list, as of presenceVersion. */
  reset(participants, participantCount, hostId, presenceVersion) {
    this.people.clear();
    this.seen.clear();
    if (hostId !== undefined) this.hostId = hostId;
    for (const p of participants || []) this.#add(p);
    this.serverCount = validCount(participantCount);
    const v = validVersion(presenceVersion);
    this.floor = v ?? -1;
    this.countVersion = v ?? -1;
  }

  /** user:joined */
  joined(p, participantCount, presenceVersion) {
    if (!p || !this.#fresh(p.userId, presenceVersion)) return;
    const had = this.people.has(p.userId);
    this.#add(p);
    if (!this.#count(participantCount, presenceVersion) && this.serverCount !== null && !had) this.serverCount++;
  }

  /** user:left */
  left(userId, participantCount, presenceVersion) {
    if (!this.#fresh(userId, presenceVersion)) return;
    this.people.delete(userId);
    if (!this.#count(participantCount, presenceVersion) && this.serverCount !== null) {
      this.serverCount = Math.max(0, this.serverCount - 1);
    }
  }

  renamed(userId, username) {
    const p = this.people.get(userId);
    if (p && typeof username === 'string') p.username = username;
  }

  /** user:cohost: the host made this member a co-host, or no longer one. */
  cohost(userId, isCohost) {
    const p = this.people.get(userId);
    if (p) p.isCohost = Boolean(isCohost);
  }

  /**
   * participants:update {participantCount, joined: [Participant + presenceVersion],
   * left: [{userId, username, presenceVersion}], more, presenceVersion}.
   */
  update(m) {
    for (const l of m.left || []) {
      if (l && typeof l.userId === 'string' && this.#fresh(l.userId, l.presenceVersion)) this.people.delete(l.userId);
    }
    for (const p of m.joined || []) {
      if (p && typeof p.userId === 'string' && this.#fresh(p.userId, p.presenceVersion)) this.#add(p);
    }
    this.#count(m.participantCount, m.presenceVersion);
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
      known.isCohost = Boolean(p.isCohost);
      return;
    }
    // full: keep the host and whoever we already list; the rest shows up in "+N more"
    if (this.people.size >= this.cap && !p.isHost) return;
    this.people.set(p.userId, { userId: p.userId, username: p.username, isHost: Boolean(p.isHost),
      isCohost: Boolean(p.isCohost) });
  }

  /** Whether an event of this version about this user is newer than what we have; records it if so. */
  #fresh(userId, presenceVersion) {
    const v = validVersion(presenceVersion);
    if (v === null || typeof userId !== 'string') return true; // no version: an older server, apply as it comes
    if (v <= this.floor || v <= (this.seen.get(userId) ?? -1)) return false;
    this.seen.delete(userId); // re-insert: Map order is then oldest-first by last touch
    this.seen.set(userId, v);
    if (this.seen.size > this.seenCap) this.#forgetOldest();
    return true;
  }

  /** Forgets the user with the lowest recorded version; the floor rises to it, so nothing older slips in. */
  #forgetOldest() {
    let oldest = null;
    for (const [u, v] of this.seen) if (oldest === null || v < oldest[1]) oldest = [u, v];
    this.seen.delete(oldest[0]);
    this.floor = Math.max(this.floor, oldest[1]);
  }

  /** Takes the server's count if it sent a valid one newer than the one held; false if it sent none. */
  #count(n, presenceVersion) {
    const c = validCount(n);
    if (c === null) return false;
    const v = validVersion(presenceVersion);
    if (v === null) {
      this.serverCount = c;
      return true;
    }
    if (v > this.countVersion) {
      this.countVersion = v;
      this.serverCount = c;
    }
    return true;
  }
}
