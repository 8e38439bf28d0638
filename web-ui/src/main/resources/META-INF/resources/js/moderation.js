// What the host and co-hosts share on their pages: the slow-mode control, and Remove / Mute chat
// for the participant list. The server checks every action again (not_host / not_cohost).
import { chatMute, chatSlowMode, userKick } from './protocol.js';
import { formatSeconds } from './chat.js';
import { formatClock } from './ui.js';

/** How long "Mute chat" mutes. */
export const MUTE_SECONDS = 600;

/** The slow-mode choices, in seconds (0: off). */
export const SLOW_MODE_CHOICES = Object.freeze([0, 5, 10, 30, 60, 300]);

/**
 * A moderator's actions on one page: `kicking` holds the user ids being removed, `muted` the chat
 * mutes it heard of (chat:muted). `participantOptions()` is what renderParticipants needs.
 */
export class Moderation {
  /**
   * @param {{socket: object, roomId: string, note: (text: string) => void, byHost?: boolean,
   *   confirm?: (text: string) => boolean}} o  byHost: the studio (only the host lets a removed guest back)
   */
  constructor({ socket, roomId, note, byHost = false, confirm = (text) => window.confirm(text) }) {
    this.socket = socket;
    this.byHost = byHost;
    this.roomId = roomId;
    this.note = note;
    this.confirm = confirm;
    this.kicking = new Set();
    this.muted = new Map(); // userId → until (ms)
  }

  kick(p) {
    if (!this.confirm(`Remove ${p.username} from the room? They cannot come back from this browser until ${this.byHost ? 'you let' : 'the host lets'} them.`)) return;
    this.kicking.add(p.userId);
    this.socket.send(userKick(this.roomId, p.userId));
  }

  mute(p, muted) {
    this.socket.send(chatMute(this.roomId, p.userId, muted ? 0 : MUTE_SECONDS));
  }

  isMuted(userId) {
    return (this.muted.get(userId) ?? 0) > Date.now();
  }

  /** chat:muted, as a moderator hears it. */
  heard(m) {
    if (m.until > Date.now()) this.muted.set(m.userId, m.until);
    else this.muted.delete(m.userId);
    this.note(m.until > Date.now() ? `${m.username} is muted in chat until ${formatClock(m.until)}.` : `${m.username} can chat again.`);
  }

  participantOptions() {
    return {
      onKick: (p) => this.kick(p),
      onMute: (p, muted) => this.mute(p, muted),
      isMuted: (userId) => this.isMuted(userId),
    };
  }
}

/**
 * Binds the slow-mode select: a change sends chat:slowmode; `show(seconds)` reflects the room's
 * setting (room:joined, room:settings) and says it in `note`.
 */
export function slowModeControl(select, note, send) {
  select.replaceChildren(...SLOW_MODE_CHOICES.map((s) => new Option(s === 0 ? 'Off' : formatSeconds(s), String(s))));
  select.addEventListener('change', () => {
    select.disabled = true; // until room:settings says it took
    send(chatSlowMode(select.dataset.roomId, Number(select.value)));
  });
  return {
    show(seconds) {
      const s = Number.isInteger(seconds) && seconds > 0 ? seconds : 0;
      if (![...select.options].some((o) => Number(o.value) === s)) {
        select.append(new Option(formatSeconds(s), String(s)));
      }
      select.value = String(s);
      select.disabled = false;
      note.textContent = s > 0 ? `Guests can send one message every ${formatSeconds(s)}. The host and co-hosts are not held to it.` : '';
    },
    failed() {
      select.disabled = false;
    },
  };
}
