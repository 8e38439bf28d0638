// The one status a guest sees, at any moment (pure: docs/JOURNEYS.md has the state machine). Every
// input the room page knows goes in; out comes a single state with its own sentence, a tone, and
// whether a sync error may be shown (only while playing, and never an absurd number).

/** Sentences of the states that end the visit: the page shows them instead of the room. */
export const ENDINGS = Object.freeze({
  notfound: { title: 'This room does not exist', text: 'The link may be mistyped, or the room has closed. Rooms close an hour after everyone leaves.' },
  closed: { title: 'This room has closed', text: 'The host closed the room, or it closed after everyone left.' },
  'closed-by-host': { title: 'The host closed the room', text: 'Thanks for listening. You can start a room of your own.' },
  kicked: { title: 'You were removed from this room', text: 'The host removed you. You can start a room of your own.' },
  full: { title: 'This room is full', text: 'Every place is taken. Try again later.' },
  invalid: { title: 'This link is not a room', text: 'Room links end in a 12-character code, like /room/AbC123_-xYz9.' },
  forbidden_origin: { title: 'This page cannot connect', text: 'The server does not accept connections from this web address.' },
  unsupported: { title: 'This browser cannot play the room', text: 'It lacks Web Audio worklets. Open the link in a current Chrome, Edge, Firefox or Safari.' },
});

/** Sentences for a refused connection the page will retry (close reasons of the gateway). */
export const REFUSALS = Object.freeze({
  too_many_connections: 'Too many Roomcast connections from your network: close other Roomcast tabs or devices.',
  forbidden_origin: 'The server does not accept connections from this web address.',
});

const MAX_SHOWN_SYNC_MS = 1000;

/**
 * @param {object} s
 * @param {string|null} s.ending  a key of ENDINGS once the visit is over
 * @param {'connecting'|'open'|'reconnecting'} s.connection
 * @param {number} [s.retryInMs]  while reconnecting
 * @param {string|null} [s.refusal]  close reason of the last refused connection (REFUSALS)
 * @param {boolean} [s.locked]  the room asked this guest for its password (not joined)
 * @param {boolean} s.joined  room:joined received on this connection
 * @param {boolean} s.live
 * @param {string|null} [s.stopReason]  reason of the last broadcast:stopped ('host'|'host_lost'|'room_closed')
 * @param {boolean} s.hostConnected
 * @param {'sound'|'silence'|'none'|null} [s.signal]  broadcast:signal
 * @param {boolean} s.audio  the guest joined audio
 * @param {string} [s.player]  Player state: starting|waiting|playing|late|idle
 * @param {number} [s.audioForMs]  how long ago the guest joined audio (or the stream restarted)
 * @param {number} [s.delayMs]  the room's play-out delay D
 * @param {number} [s.lateMs]  how late a late guest plays
 * @param {boolean} [s.arriving]  audio frames arrived in the last 2 s (false: the stream stopped upstream)
 * @param {boolean} [s.delayChanging]  the host just changed D
 * @param {number} [s.syncErrorMs]
 * @param {number} [s.syncUncertaintyMs]  how far the page may honestly be off (player stats)
 * @param {string} [s.contextState]  the AudioContext's state: 'suspended'/'interrupted' = the device paused it
 * @param {boolean} [s.onAux]  this guest has the aux: it broadcasts (its copy of the room is muted)
 * @param {string|null} [s.auxWith]  the name of the guest who has the aux (null: the host broadcasts)
 * @returns {{key: string, text: string, detail: string, tone: 'ok'|'info'|'warn'|'bad', syncText: string|null}}
 */
export function guestStatus(s) {
  const out = (key, text, tone = 'info', detail = '') => ({ key, text, tone, detail, syncText: null });
  if (s.ending) {
    const e = ENDINGS[s.ending] || ENDINGS.closed;
    const key = s.ending === 'kicked' ? 'removed' : s.ending.startsWith('closed') ? 'closed' : s.ending;
    return out(key, e.title, 'bad', e.text);
  }
  if (s.connection === 'reconnecting') {
    const secs = Math.max(1, Math.ceil((s.retryInMs || 0) / 1000));
    if (s.refusal && REFUSALS[s.refusal]) return out('refused', REFUSALS[s.refusal], 'bad', `Trying again in ${secs} s.`);
    return out('reconnecting', `Connection lost. Reconnecting in ${secs} s…`, 'warn',
      'This is your network or the server, not the host. The room keeps going.');
  }
  if (s.locked && !s.joined) return out('password', 'This room needs a password.', 'info', 'Enter it above to join.');
  if (s.connection !== 'open' || !s.joined) return out('connecting', 'Connecting to the room…');
  if (!s.live) {
    if (s.stopReason === 'host_lost') return out('ended', 'The broadcast has ended.', 'info', 'The host left. Stay here: it starts again when they come back.');
    if (s.stopReason) return out('ended', 'The broadcast has ended.', 'info', 'The host stopped it. Stay here: you will hear them when they go live again.');
    return out('waiting', 'Waiting for the host to start the broadcast.', 'info', 'Chat is open meanwhile.');
  }
  if (s.onAux) {
    return out('on-aux', 'You have the aux: everyone hears what you play.', 'ok',
      'The room\'s sound is muted on this page, so you hear your source without an echo.');
  }
  if (!s.hostConnected) {
    return out('host-reconnecting', 'The host is reconnecting…', 'warn', 'Their connection dropped. Nothing is wrong on your side.');
  }
  if (s.signal === 'none' || s.signal === 'silence') {
    return out('host-quiet', `${s.auxWith || 'The host'} is quiet right now.`, 'info', s.signal === 'silence'
      ? 'They are playing silence. You will hear them as soon as they play something.'
      : 'No audio is coming from them at the moment. You will hear them as soon as it does.');
  }
  if (!s.audio) return out('ready', 'Live now. Tap "Join audio" to listen.', 'ok');
  if (s.contextState === 'suspended' || s.contextState === 'interrupted') {
    return out('paused', 'Audio was paused by your device.', 'warn', 'Tap anywhere on the page to resume.');
  }
  if (s.player === 'starting') return out('syncing', 'Starting audio…');
  if (s.delayChanging) return out('delay-changing', 'The host changed the delay. Re-syncing…');
  if (s.arriving === false && (s.player === 'late' || s.player === 'waiting') && (s.audioForMs ?? Infinity) > 1500) {
    // nothing arrives at all: the stream stopped before it reached us, which is not the guest's network
    return out('stalled', 'Waiting for the host\'s audio…', 'info', 'Nothing has arrived for a moment.');
  }
  if (s.player === 'late') {
    const ms = Math.max(0, Math.round(s.lateMs || 0));
    return out('late', `Playing ${ms > 0 ? `${ms} ms ` : ''}late: your connection is slower than the room's delay.`, 'warn',
      'You hear everything, a little after the others. It catches up when your connection does.');
  }
  if (s.player === 'playing') {
    const st = out('playing', 'Playing in sync.', 'ok');
    const e = s.syncErrorMs;
    if (Number.isFinite(e) && Math.abs(e) < MAX_SHOWN_SYNC_MS) {
      const u = s.syncUncertaintyMs;
      st.syncText = Number.isFinite(u) && u >= 0.5 ? `${e.toFixed(1)} ms ± ${Math.round(u)} ms` : `${e.toFixed(1)} ms`;
    }
    return st;
  }
  // waiting for audio: normal for the first D after joining (nothing is due yet), then the network's fault
  const grace = (s.delayMs || 0) + 2500;
  if ((s.audioForMs ?? Infinity) < grace) return out('syncing', 'Syncing with the room…');
  return out('buffering', 'Buffering: the audio is arriving too slowly on your connection.', 'warn',
    'Check your connection, or choose a lower quality below.');
}
