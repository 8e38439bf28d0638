// The guest's side of passing the aux: the host offers it, this page captures a source of its own
// (a tab, an input, files), encodes it without sending, and accepts; at the handoff's cut it sends
// from exactly that moment, so guests hear the host up to the cut and this page from it, in one
// stream. Giving it back (or the host taking it) cuts the other way. docs/PROTOCOL.md, passing the aux.
import { Capture, captureSupport } from './capture.js';
import { Emitter } from './emitter.js';
import { auxAccept, auxDecline, auxReturn } from './protocol.js';

const MAX_QUEUED = 256 * 1024;

/**
 * States: idle, offered (the host offered it), starting (a source is opening), waiting (accepted,
 * the cut not known yet), on (this page broadcasts), leaving (gave it back, sending until the cut).
 * Events: 'change' (state), 'note' (a sentence for the person).
 */
export class PassAux extends Emitter {
  /** @param {{socket: object, clock: object, roomId: string}} o */
  constructor({ socket, clock, roomId }) {
    super();
    this.socket = socket;
    this.clock = clock;
    this.roomId = roomId;
    this.state = 'idle';
    this.capture = null;
    this.roomConfig = null;
    this.byName = null;
    this.support = captureSupport();
  }

  #set(state, note) {
    this.state = state;
    if (note !== undefined) this.emit('note', note);
    this.emit('change', state);
  }

  /** aux:offered, for everyone: only the one it names reacts; null withdraws an offer. */
  offered(m, youId, hostName) {
    if (m.userId === youId && this.state === 'idle') {
      this.byName = hostName;
      this.#set('offered', '');
    } else if (!m.userId && ['offered', 'starting', 'waiting'].includes(this.state)) {
      this.#close();
      this.#set('idle', 'The offer of the aux was withdrawn.');
    }
  }

  /** The room's audio config (broadcast:started, room:joined): what this page must send. */
  setRoomConfig(config) {
    this.roomConfig = config || null;
  }

  /** Opens a source ('display' | 'input' | files) and accepts once it runs. */
  async pick(kind, files) {
    if (this.state !== 'offered') return;
    this.#set('starting', 'Starting your source…');
    try {
      this.capture = new Capture(this.clock);
      this.capture.on('error', (e) => this.emit('note', e.message || String(e)));
      this.capture.on('ended', () => {
        if (this.state === 'on') this.emit('note', 'Your source stopped: guests hear nothing. Give the aux back, or share again.');
      });
      if (kind === 'display') await this.capture.openDisplay();
      else if (kind === 'input') await this.capture.openDevice();
      else {
        await this.capture.addFiles(files);
        if (this.capture.playlist.length === 0) throw new Error('None of these files plays in this browser.');
        await this.capture.playFile(0);
      }
      const config = await this.capture.start((bytes) => this.#send(bytes),
        { bitrate: this.roomConfig?.bitrate ?? 128000, hold: true });
      if (this.roomConfig && config.codec !== this.roomConfig.codec) {
        throw new Error('This browser cannot encode the room\'s audio (Opus). Try Chrome, Edge or Firefox.');
      }
      this.socket.send(auxAccept(this.roomId));
      this.#set('waiting', 'Taking the aux…');
    } catch (e) {
      this.#close();
      this.#set('offered', `Could not start that source: ${e.message}`);
    }
  }

  decline() {
    if (this.state !== 'offered') return;
    this.socket.send(auxDecline(this.roomId));
    this.#set('idle', '');
  }

  giveBack() {
    if (this.state !== 'on') return;
    this.socket.send(auxReturn(this.roomId));
    this.#set('leaving', 'Giving the aux back…');
  }

  /** aux:handoff: to this page (send from the cut) or away from it (send until the cut, then stop). */
  handoff(m, youId) {
    if (m.toUserId === youId && this.capture?.live) {
      this.capture.cut(m.atUs, true);
      this.#set('on', 'You have the aux: everyone hears what you play.');
    } else if (m.fromUserId === youId && this.capture) {
      this.capture.cut(m.atUs, false);
      const untilMs = (m.atUs - this.clock.toServerUs(performance.now())) / 1000;
      const capture = this.capture;
      this.capture = null;
      setTimeout(() => capture.close(), Math.max(0, untilMs) + 1000);
      this.#set('idle', m.toUserId === youId ? '' : 'The aux went back to the host.');
    } else if (m.toUserId !== youId && ['offered', 'starting', 'waiting'].includes(this.state)) {
      this.#close();
      this.#set('idle', '');
    }
  }

  /** The broadcast stopped or restarted, or this page left the room: nothing of the aux is left. */
  reset() {
    if (this.state === 'idle') return;
    this.#close();
    this.#set('idle', '');
  }

  #send(bytes) {
    if (this.socket.bufferedAmount > MAX_QUEUED) {
      this.capture?.encoder?.markGap(); // the uplink cannot keep up: drop rather than queue
      return;
    }
    this.socket.sendBinary(bytes);
  }

  #close() {
    const c = this.capture;
    this.capture = null;
    c?.close();
  }
}
