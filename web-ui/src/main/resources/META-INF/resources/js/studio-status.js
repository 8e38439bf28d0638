// The one status the host sees in the studio, with the actions that fit it (pure: docs/JOURNEYS.md
// has the state machine). Actions: 'replay' (play the playlist again), 'choose' (choose a source:
// after a reload, the one click that carries the live room on), 'stop' (stop the broadcast).

export const STUDIO_ENDINGS = Object.freeze({
  notfound: { title: 'This room does not exist', text: 'The link may be mistyped, or the room has closed. Start a new room from the home page.' },
  closed: { title: 'This room has closed', text: 'It closed after everyone left, or it was closed. Start a new room from the home page.' },
  'closed-by-you': { title: 'You closed the room', text: 'Everyone in it was told, and its link no longer works. Start a new room from the home page.' },
  invalid: { title: 'This studio link is not a room', text: 'Studio links look like /host.html?room=AbC123_-xYz9.' },
  kicked: { title: 'You were removed from this room', text: 'Start a room of your own from the home page.' },
  'not-host': { title: 'This browser is not the host of this room', text: 'The host key is kept in the browser that started the room. The host can move it to this device with "Continue on another device". You can listen on the room page.' },
  moved: { title: 'You continued on another device', text: 'The studio moved to the device that opened your host link; this one is no longer the host. The room goes on there.' },
  'handover-failed': { title: 'This host link does not work', text: 'It was used already, a newer link replaced it, or its 10 minutes are over. Ask the host for a new one.' },
  forbidden_origin: { title: 'This page cannot connect', text: 'The server does not accept connections from this web address.' },
});

const ENDED_SOURCE = Object.freeze({
  files: 'Your playlist ended.',
  display: 'The shared tab or screen stopped sharing.',
  input: 'The input device went away.',
});

/**
 * @param {object} s
 * @param {string|null} s.ending  key of STUDIO_ENDINGS
 * @param {'connecting'|'open'|'reconnecting'} s.connection
 * @param {number} [s.retryInMs]
 * @param {string|null} [s.refusal]  close reason of a refused connection
 * @param {boolean} s.joined
 * @param {boolean} s.isHost
 * @param {boolean} s.live  the room is live (server)
 * @param {boolean} s.starting  Go live pressed, not confirmed yet
 * @param {boolean} s.sending  this page captures and sends
 * @param {boolean} s.hasSource
 * @param {string|null} [s.sourceKind]  files|display|input
 * @param {string|null} [s.sourceEnded]  the kind of source that ended (while it was the source)
 * @param {'sound'|'silence'|'none'|null} [s.signal]  what guests hear (broadcast:signal)
 * @param {boolean} s.clockReady
 * @param {number} [s.listeners]
 * @param {boolean} [s.filesPaused]  the playlist is paused (the host pressed Pause)
 * @param {string|null} [s.auxWith]  the name of the participant who has the aux (the host does not)
 * @returns {{key: string, text: string, detail: string, tone: string, actions: string[]}}
 */
export function studioStatus(s) {
  const out = (key, text, tone = 'info', detail = '', actions = []) => ({ key, text, tone, detail, actions });
  if (s.ending) {
    const e = STUDIO_ENDINGS[s.ending] || STUDIO_ENDINGS.closed;
    return out(s.ending, e.title, 'bad', e.text);
  }
  if (s.connection === 'reconnecting') {
    const secs = Math.max(1, Math.ceil((s.retryInMs || 0) / 1000));
    if (s.refusal === 'too_many_connections') {
      return out('refused', 'Too many Roomcast connections from your network.', 'bad', `Close other Roomcast tabs. Trying again in ${secs} s.`);
    }
    return out('reconnecting', `Connection lost. Reconnecting in ${secs} s…`, 'warn',
      s.live ? 'Guests keep the room and hear you again when you are back (up to a minute).' : '');
  }
  if (s.connection !== 'open' || !s.joined) return out('connecting', 'Connecting to your room…');
  if (!s.isHost) {
    return out('not-host', 'This browser is not the host of this room.', 'bad',
      'The host key is kept in the browser that started the room. You can listen on the room page.');
  }
  const n = s.listeners ?? 0;
  const who = n === 1 ? '1 listener' : `${n} listeners`;
  if (s.live && s.auxWith) {
    return out('aux-away', `${s.auxWith} has the aux: guests hear them.`, 'ok',
      s.sending ? 'Your source keeps running here, so taking the aux back is seamless.'
        : 'Choose a source before you take the aux back, or guests hear nothing.', s.sending ? ['stop'] : ['choose', 'stop']);
  }
  if (s.live && !s.sending && !s.starting) {
    if (s.sourceEnded) {
      return out('source-ended', `${ENDED_SOURCE[s.sourceEnded] || 'Your source ended.'} Guests hear nothing.`, 'warn',
        'Play it again, choose another source, or stop the broadcast.',
        s.sourceEnded === 'files' ? ['replay', 'choose', 'stop'] : ['choose', 'stop']);
    }
    return out('resume', 'You are still live, but nothing is being sent.', 'warn',
      'The page reloaded or the connection dropped. Choose your source again (one click) to carry on; the room stays live meanwhile.',
      ['choose', 'stop']);
  }
  if (s.live && s.sending) {
    if (s.filesPaused) {
      return out('paused', 'Paused: guests hear silence until you resume.', 'warn',
        'Resume, skip to another track, or choose another source.', ['stop']);
    }
    if (s.signal === 'silence') {
      return out('silent', 'Guests hear silence: your source has been quiet for 10 s.', 'warn',
        'Is the music paused or muted?', s.sourceKind === 'files' ? ['replay', 'choose', 'stop'] : ['choose', 'stop']);
    }
    if (s.signal === 'none') {
      return out('no-audio', 'Guests hear nothing: your audio is not reaching the server.', 'warn',
        'Your upload may be too slow. Try a lower bitrate.', ['choose', 'stop']);
    }
    return out('live', `You are live. ${who}.`, 'ok');
  }
  if (s.starting) return out('starting', 'Going live…');
  if (!s.hasSource) return out('no-source', 'Choose a source, then press Go live.', 'info', s.live ? '' : `${who} waiting.`);
  if (!s.clockReady) return out('clock', 'Syncing the clock with the server…');
  return out('ready', 'Ready. Press Go live when you are.', 'ok');
}
