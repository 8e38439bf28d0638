// Orders received audio packets by sequence (pure). Drops duplicates and packets whose turn has
// passed, reports gaps (a missing packet is given up on once its decode deadline has come, or at
// once after a discontinuity), and says how much audio it holds. Sequences are u32 and wrap.

const U32 = 0x100000000;

/** Signed distance a − b between two u32 sequence numbers. */
export function seqDiff(a, b) {
  let d = (a - b) % U32;
  if (d < 0) d += U32;
  return d >= U32 / 2 ? d - U32 : d;
}

export class JitterBuffer {
  /**
   * @param {object} o
   * @param {number} o.maxPackets most packets held (older ones are dropped past it)
   * @param {number} o.packetUs duration of one packet in µs
   * @param {number} o.resetDistance a packet this far from the expected sequence restarts the stream
   */
  constructor({ maxPackets = 500, packetUs = 20000, resetDistance = 3000 } = {}) {
    this.maxPackets = maxPackets;
    this.packetUs = packetUs;
    this.resetDistance = resetDistance;
    this.packets = new Map(); // sequence → packet
    this.next = null; // next sequence to release
    this.newest = null; // highest sequence held or released
    this.skipTo = undefined; // sequence of the last packet flagged as a discontinuity
    this.stats = { received: 0, duplicates: 0, late: 0, gaps: 0, resets: 0, overflows: 0 };
  }

  /**
   * Adds a packet {sequence, captureTimeUs, discontinuity?, ...}. Returns 'ok', 'duplicate',
   * 'late' (its turn has passed) or 'reset' (the stream restarted at this packet).
   */
  push(p) {
    this.stats.received++;
    if (this.next === null) {
      this.#restart(p.sequence);
    } else {
      const d = seqDiff(p.sequence, this.next);
      if (Math.abs(d) > this.resetDistance) {
        this.stats.resets++;
        this.#restart(p.sequence);
        this.packets.set(p.sequence, p);
        return 'reset';
      }
      if (d < 0) {
        this.stats.late++;
        return 'late';
      }
      if (this.packets.has(p.sequence)) {
        this.stats.duplicates++;
        return 'duplicate';
      }
    }
    this.packets.set(p.sequence, p);
    if (this.newest === null || seqDiff(p.sequence, this.newest) > 0) this.newest = p.sequence;
    if (p.discontinuity) this.skipTo = p.sequence;
    while (this.packets.size > this.maxPackets) this.#dropOldest();
    return 'ok';
  }

  /**
   * Releases the next item in sequence order, or null if it must wait: a packet, or
   * `{gap: true, sequence, captureTimeUs}` for a packet given up on. A missing packet is given up on
   * when a later one is held and (its capture time ≤ `deadlineCaptureUs`, or a discontinuity was
   * flagged after it).
   */
  pop(deadlineCaptureUs = -Infinity) {
    if (this.next === null) return null;
    const p = this.packets.get(this.next);
    if (p) {
      this.packets.delete(this.next);
      this.next = (this.next + 1) % U32;
      return p;
    }
    if (this.packets.size === 0) return null;
    const later = this.#oldestHeld();
    const missingCapture = later.captureTimeUs - seqDiff(later.sequence, this.next) * this.packetUs;
    const forced = this.skipTo !== undefined && seqDiff(this.skipTo, this.next) > 0;
    if (forced && seqDiff(this.skipTo, later.sequence) >= 0) {
      // everything up to the discontinuity is a gap at once: jump, counting one gap per packet
      const n = seqDiff(later.sequence, this.next);
      this.stats.gaps += n;
      const gap = { gap: true, sequence: this.next, captureTimeUs: missingCapture, count: n };
      this.next = later.sequence;
      return gap;
    }
    if (missingCapture <= deadlineCaptureUs) {
      this.stats.gaps++;
      const gap = { gap: true, sequence: this.next, captureTimeUs: missingCapture, count: 1 };
      this.next = (this.next + 1) % U32;
      return gap;
    }
    return null;
  }

  /** Packets held. */
  get size() {
    return this.packets.size;
  }

  /** Audio held, in ms, from the next sequence to the newest held (missing ones included). */
  get levelMs() {
    if (this.next === null || this.packets.size === 0) return 0;
    return ((seqDiff(this.newest, this.next) + 1) * this.packetUs) / 1000;
  }

  reset() {
    this.packets.clear();
    this.next = null;
    this.newest = null;
    this.skipTo = undefined;
  }

  #restart(seq) {
    this.packets.clear();
    this.next = seq;
    this.newest = seq;
    this.skipTo = undefined;
  }

  #oldestHeld() {
    let best = null;
    let bestD = Infinity;
    for (const [s, p] of this.packets) {
      const d = seqDiff(s, this.next);
      if (d < bestD) {
        bestD = d;
        best = p;
      }
    }
    return best;
  }

  #dropOldest() {
    const p = this.#oldestHeld();
    this.packets.delete(p.sequence);
    this.stats.overflows++;
    if (seqDiff(p.sequence, this.next) >= 0) this.next = (p.sequence + 1) % U32;
  }
}
