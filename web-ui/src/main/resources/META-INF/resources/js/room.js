// The guest page: /room/<id>. Joins over the socket, keeps participants and chat, and plays the
// host in sync once the guest taps "Join audio". What the guest sees about the room and the audio is
// one status at a time (guest-status.js); errors show next to the control they are about.
import { triesText } from './access.js';
import { ChatView, formatSeconds, renderParticipants } from './chat.js';
import { Moderation, slowModeControl } from './moderation.js';
import { Clock } from './clock.js';
import { ENDINGS, guestStatus } from './guest-status.js';
import { PassAux } from './pass-aux.js';
import { PeekView } from './peek-view.js';
import { NowPlayingTimeline, trackLine, trackOffsetText } from './now-playing.js';
import { ReactionBar } from './reaction-bar.js';
import { GuestRequests, StudioRequests } from './request-panel.js';
import { ReactionTimeline } from './reactions.js';
import { Player } from './player.js';
import {
  artPath, chatDelete, chatSend, cleanName, isArtHash, isValidRoomId, Limits, PRESETS, ProtocolError, qualityRequest, requestsList, roomJoin,
  statsReport, userRename,
} from './protocol.js';
import { Roster } from './roster.js';
import { calibrateSpeakers } from './speaker-calibration.js';
import { tapAlong } from './tap-along.js';
import { SpeakerDelays } from './speaker-delays.js';
import { checkSecureContext } from './secure-context.js';
import { deviceKey, getSetting, setSetting } from './settings.js';
import { Socket } from './socket.js';
import {
  $, clearError, el, errorText, forgetPassword, initTabbar, initToast, narrow, say, savedPassword, savePassword,
  savedUsername, saveUsername, showEnding, showError,
} from './ui.js';

const pathId = location.pathname.match(/\/room\/([A-Za-z0-9_-]{12})(?:[/?#]|$)/)?.[1];
const roomId = pathId || new URLSearchParams(location.search).get('room');

const socket = new Socket();
const clock = new Clock(socket);
const player = new Player(clock, { learnedRoute: getSetting('outputRoute') });
// this phone stopped the audio with the screen off: from now on it plays through a media element
// (background-audio.js), which the platform keeps going
player.on('route', ({ route }) => {
  setSetting('outputRoute', route);
  say($('listen-note'), 'The audio stopped while the screen was off. From now on this device plays it as media, so it keeps going.', 10000);
});
const people = new Roster();
const state = {
  ending: null, joined: false, you: null, hostId: null, live: false, hostConnected: true, stopReason: null,
  signal: null, tier: null, tierMode: getSetting('quality'), delayMs: PRESETS.live.playoutDelayMs,
  connection: 'connecting', retryInMs: 0, refusal: null, audioSince: 0, delayChangedAt: -Infinity, stats: null,
  view: 'listen',
  // the room password: the one that let this tab in (sessionStorage), or the one typed and on its way
  password: isValidRoomId(roomId) ? savedPassword(roomId) : null, locked: false,
};

// a chat message says what its sender was hearing (stream time) while live: "at 2:31 of the track"
const chat = new ChatView($('chat-list'), $('chat-form'), (text) => socket.send(chatSend(roomId, text, heardNow())), {
  youId: () => state.you?.userId ?? null,
  onUnread: showUnread,
  trackAt: (atUs) => trackOffsetText(nowPlaying.shown, atUs),
});

// Reactions on the beat: stamped with the stream time this page hears, shown when its play-out
// reaches the stream time of each (reactions.js); the same mapping as what plays.
const reactions = new ReactionTimeline({
  nowUs: () => clock.toServerUs(performance.now()),
  delayUs: () => (state.delayMs || 0) * 1000,
  onShow: (r) => reactionBar.show(r),
});
const reactionBar = new ReactionBar({
  bar: $('reaction-bar'), layer: $('reaction-layer'), note: $('reaction-note'), timeline: reactions,
  send: (m) => socket.send(m), roomId: () => roomId, live: () => state.joined && state.live && clock.ready,
});

/** The stream time this page hears now, while live and with a synced clock (else undefined). */
function heardNow() {
  return state.live && clock.ready ? reactions.heardUs() : undefined;
}

// Passing the aux: the host may hand this guest the broadcast (pass-aux.js).
const aux = new PassAux({ socket, clock, roomId });
aux.on('note', (text) => say($('aux-note'), text, 10000));
aux.on('change', (now) => {
  // with the aux, the person hears their source directly: the room's copy (D later) would be an echo
  if (now === 'on') player.setVolume(0);
  else applyMute(getSetting('muted'));
  renderAux();
  render();
});

function renderAux() {
  const s = aux.state;
  $('aux-panel').hidden = s === 'idle';
  $('aux-sources').hidden = s !== 'offered';
  $('aux-display').hidden = !aux.support.display;
  $('aux-give-back').hidden = s !== 'on';
  $('aux-text').textContent = {
    offered: `${aux.byName || 'The host'} passes you the aux: everyone will hear what you play, in sync. Pick a source.`,
    starting: 'Starting your source…',
    waiting: 'Taking the aux…',
    on: 'Play whatever you like: everyone hears it, in sync. Give it back when you are done.',
    leaving: 'Giving the aux back…',
  }[s] ?? '';
}

$('aux-display').addEventListener('click', () => aux.pick('display'));
$('aux-input').addEventListener('click', () => aux.pick('input'));
$('aux-files').addEventListener('change', (e) => aux.pick('files', [...e.target.files]));
$('aux-decline').addEventListener('click', () => aux.decline());
$('aux-give-back').addEventListener('click', () => aux.giveBack());

// What plays: shown when this page hears it (stream time + D), and on the lock screen (MediaSession).
// Its cover is loaded as the news arrives (up to D ahead), so it appears with the title, not after.
const nowPlaying = new NowPlayingTimeline({
  nowUs: () => clock.toServerUs(performance.now()),
  delayUs: () => (state.delayMs || 0) * 1000,
  onShow: showTrack,
});
const covers = new Map(); // art hash → a loading or loaded Image (the last few only)

/** The track's cover hash, if it names one properly (it becomes part of a URL). */
const artOf = (t) => (isArtHash(t?.art) ? t.art : null);

function preloadArt(t) {
  const art = artOf(t);
  if (!art || covers.has(art)) return;
  const img = new Image();
  img.src = artPath(roomId, art);
  covers.set(art, img);
  if (covers.size > 4) covers.delete(covers.keys().next().value);
}

function showTrack(t) {
  $('now-playing').hidden = !t;
  $('np-text').textContent = trackLine(t);
  const img = $('np-art');
  const art = artOf(t);
  img.hidden = !art;
  if (art) img.src = artPath(roomId, art);
  else img.removeAttribute('src');
  updateMediaSession(t);
}

function updateMediaSession(t) {
  if (!('mediaSession' in navigator) || typeof MediaMetadata === 'undefined') return;
  const room = $('room-name').textContent;
  if (!t) {
    navigator.mediaSession.metadata = new MediaMetadata({ title: room, artist: 'Roomcast' });
    return;
  }
  const art = artOf(t);
  const img = art ? covers.get(art) : null;
  const artwork = art ? [{
    src: new URL(artPath(roomId, art), location.href).href,
    ...(img?.naturalWidth ? { sizes: `${img.naturalWidth}x${img.naturalHeight}` } : {}),
  }] : [];
  // the album line names the room too: a lock screen shows whose room this is
  navigator.mediaSession.metadata = new MediaMetadata({
    title: t.title, artist: t.artist ?? '', album: t.album ? `${t.album} · ${room}` : room, artwork,
  });
}

// A co-host (the host made this guest one) moderates from here: Remove, Mute chat, Delete, slow mode.
const moderation = new Moderation({ socket, roomId, note: (text) => say($('people-note'), text, 6000) });
$('slow-mode').dataset.roomId = roomId ?? '';
const requests = new GuestRequests({
  form: $('request-form'), input: $('request-input'), note: $('request-note'), list: $('my-requests'),
  send: (m) => socket.send(m), roomId: () => roomId, me: () => state.you?.userId,
});
// a co-host resolves requests here too (the studio's queue, in the chat panel)
const queue = new StudioRequests({
  list: $('request-list'), count: $('request-count'), toggle: $('requests-open'), empty: $('requests-empty'),
  note: $('requests-note'), send: (m) => socket.send(m), roomId: () => roomId,
});
const slowMode = slowModeControl($('slow-mode'), $('slow-mode-note'), (m) => socket.send(m));

function isCohost() {
  return Boolean(state.you?.isCohost);
}

/** What this guest may do follows its role: the co-host's controls come and go with user:cohost. */
function applyRole() {
  const co = isCohost();
  $('slow-mode-row').hidden = !co;
  $('cohost-requests').hidden = !co;
  chat.setOnDelete(co ? (m) => socket.send(chatDelete(roomId, m.id)) : null);
  chat.setSlowMode(state.slowModeSeconds, co);
  if (co) slowMode.show(state.slowModeSeconds);
  else {
    $('slow-mode-note').textContent = state.slowModeSeconds > 0
      ? `Slow mode is on: you can send one message every ${formatSeconds(state.slowModeSeconds)}.` : '';
  }
}

// ---- the one status ------------------------------------------------------------------------------

function render() {
  reactionBar.setEnabled(state.joined && state.live && !state.ending);
  const s = state.stats;
  const st = guestStatus({
    ending: state.ending,
    connection: state.connection,
    retryInMs: state.retryInMs,
    refusal: state.refusal,
    joined: state.joined,
    locked: state.locked,
    live: state.live,
    stopReason: state.stopReason,
    hostConnected: state.hostConnected,
    signal: state.signal,
    audio: player.started,
    player: player.state,
    audioForMs: state.audioSince ? performance.now() - state.audioSince : Infinity,
    delayMs: state.delayMs,
    lateMs: s ? s.latencyMs - state.delayMs : 0,
    // frames came in the last half second: a stream that stopped upstream (the host's source, its
    // upload) is told apart from this guest's slow network before the player's late state blames it
    arriving: player.lastFrameAt ? performance.now() - player.lastFrameAt < 500 : undefined,
    delayChanging: performance.now() - state.delayChangedAt < 3000,
    syncErrorMs: s?.syncErrorMs,
    syncUncertaintyMs: s?.syncUncertaintyMs,
    contextState: player.started ? player.ctx?.state : null,
    onAux: aux.state === 'on' || aux.state === 'leaving',
    auxWith: state.live && state.auxUserId && state.auxUserId !== people.host?.userId
      ? people.list.find((p) => p.userId === state.auxUserId)?.username ?? 'A guest' : null,
  });
  // where the speaker delay is unknown (WebKit hides it; Gecko is not asked, output-clock.js), sync is approximate and the page says so
  // (once the output model has settled: in the first seconds every engine reads like one that hides it)
  const approx = player.started && s && s.latencyKnown === false && state.audioSince && performance.now() - state.audioSince > 5000;
  const why = s?.outputRoute === 'element' ? 'it plays as media so that it keeps going with the screen off'
    : 'its speaker delay is not known to the page';
  const calibrated = player.started && s?.calibrated && s.latencyKnown;
  $('sync-note').textContent = approx ? `Sync on this ${s.outputRoute === 'element' ? 'device' : 'browser'} is approximate`
    + ` (±${Math.round(s.syncUncertaintyMs)} ms): ${why}${s.outputRoute === 'element' ? '' : '. Calibrate your speakers, or tap along, to measure it'}.`
    : calibrated ? `This browser hides its speaker delay; your calibration stands in for it (sync within ±${Math.round(s.syncUncertaintyMs)} ms).` : '';
  const box = $('status');
  box.dataset.state = st.key;
  box.dataset.tone = st.tone;
  $('status-text').textContent = st.text;
  $('status-detail').textContent = st.detail;
  $('sync-error').textContent = st.syncText ?? '–';
  const badge = $('live-badge');
  const live = state.live && !state.ending;
  badge.dataset.live = String(live);
  badge.textContent = live ? 'LIVE' : 'offline';
  $('join-audio').disabled = Boolean(state.ending) || st.key === 'on-aux'; // the room's copy of your own source is an echo
  // waiting to reconnect (backoff up to 15 s): a person who just closed the other tabs need not wait
  $('retry-now').hidden = !(st.key === 'reconnecting' || st.key === 'refused');
  return st;
}

function end(kind) {
  if (state.ending) return;
  unlock();
  state.ending = kind;
  state.live = false;
  chat.setEnabled(false);
  aux.reset();
  player.stop();
  socket.close();
  const e = ENDINGS[kind] || ENDINGS.closed;
  showEnding(e.title, e.text);
  render();
}

// ---- password ------------------------------------------------------------------------------------

/** Every join of this page: the saved name (unless refused) and the room password this tab has. */
function join({ named = true } = {}) {
  const password = state.password || undefined;
  socket.send(roomJoin(roomId, { username: named ? savedUsername() || undefined : undefined, password, deviceKey: deviceKey() }));
}

/** The room asked for its password: a form in place of the room, with why (none yet, wrong, too many tries). */
function askPassword(note, retryAfter = 0) {
  state.locked = true;
  state.password = null;
  document.querySelector('main').dataset.locked = 'true';
  $('password-panel').hidden = false;
  // the room's name and state come with the join: until then say what the guest faces, not "Joining… offline"
  $('room-name').textContent = 'Private room';
  $('live-badge').hidden = true;
  say($('password-note'), note);
  const button = $('password-enter');
  clearTimeout(state.unblockTimer);
  button.disabled = retryAfter > 0;
  if (retryAfter > 0) state.unblockTimer = setTimeout(() => { button.disabled = false; say($('password-note'), ''); }, retryAfter * 1000);
  if (document.activeElement !== $('password')) $('password').focus();
  render();
}

function unlock() {
  state.locked = false;
  $('live-badge').hidden = false;
  delete document.querySelector('main').dataset.locked;
  $('password-panel').hidden = true;
}

$('password-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const password = $('password').value;
  if (!password) {
    say($('password-note'), 'Type the password first.');
    return;
  }
  if (!socket.isOpen) {
    say($('password-note'), 'Not connected: try again in a moment.');
    return;
  }
  state.password = password;
  $('password-enter').disabled = true;
  say($('password-note'), 'Checking…');
  join({ named: !state.joinedUnnamed });
});

// ---- people --------------------------------------------------------------------------------------

function updatePeople() {
  const list = $('participants');
  renderParticipants(list, people.list, {
    youId: state.you?.userId,
    ...(isCohost() ? { ...moderation.participantOptions(), viewerIsHost: false } : {}),
    auxUserId: state.live ? state.auxUserId : null,
  });
  // a big room lists only some participants (room:joined's first ~100, then batched updates)
  if (people.more > 0) list.append(el('li', { class: 'participant more', dataset: { testid: 'more-participants' }, text: `+${people.more} more` }));
  $('guest-count').textContent = String(people.count);
  // a host whose socket dropped leaves the roster for a while: keep the name the guest knew
  const host = people.host;
  if (host) state.lastHostName = host.username;
  $('host-name').textContent = host ? host.username : state.lastHostName ? `${state.lastHostName} (away)` : '–';
}

// what plays and reactions are shown at stream time + D on the server's clock: re-timed whenever that
// clock is (re)synced (a late joiner reads room:joined's track before its clock is)
clock.on('sync', () => {
  nowPlaying.retime();
  reactions.retime();
});

function setDelay(ms, changed = false) {
  if (changed && ms !== state.delayMs && player.started) state.delayChangedAt = performance.now();
  state.delayMs = ms;
  player.setDelay(ms);
  nowPlaying.retime();
  reactions.retime();
  $('delay-ms').textContent = `${(ms / 1000).toFixed(1)} s`;
}

// ---- chat unread ---------------------------------------------------------------------------------

function showUnread(n) {
  const tab = $('tab-unread');
  tab.textContent = String(n);
  tab.hidden = n === 0;
  $('unread-count').textContent = String(n);
  $('unread-pill').hidden = n === 0 || narrow();
  document.title = `${n ? `(${n}) ` : ''}${document.title.replace(/^\(\d+\) /, '')}`;
}

function chatInView() {
  if (document.visibilityState !== 'visible') return false;
  if (narrow()) return state.view === 'chat';
  const r = $('chat-list').getBoundingClientRect();
  return r.bottom > 0 && r.top < window.innerHeight;
}
const watchChat = () => chat.setSeen(chatInView());
document.addEventListener('visibilitychange', watchChat);
window.addEventListener('scroll', watchChat, { passive: true });
window.addEventListener('resize', watchChat);

// ---- socket --------------------------------------------------------------------------------------

socket.on('open', () => {
  state.connection = 'open';
  state.refusal = null;
  state.joinedUnnamed = false; // per connection: the saved name first, then (once) the default
  clearError();
  if (!state.locked) join(); // a guest at the password form joins when it sends the password
  render();
});
socket.on('close', ({ willReconnect, reason }) => {
  state.joined = false;
  if (!willReconnect && reason === 'forbidden_origin') end('forbidden_origin');
  render();
});
$('retry-now').addEventListener('click', () => {
  if (state.connection === 'reconnecting' && !state.ending) socket.connect();
});
socket.on('reconnecting', ({ delayMs, refusal }) => {
  state.connection = 'reconnecting';
  state.refusal = refusal;
  const until = performance.now() + delayMs;
  const tick = () => {
    if (state.connection !== 'reconnecting') return;
    state.retryInMs = until - performance.now();
    render();
    if (state.retryInMs > 0) setTimeout(tick, 500);
  };
  tick();
});
socket.on('room:joined', (m) => {
  if (state.password) savePassword(roomId, state.password); // a reload or reconnect rejoins with it
  if (state.locked) {
    unlock();
    $('password').value = '';
    $('password-enter').disabled = false;
    say($('password-note'), '');
  }
  state.joined = true;
  state.you = m.you;
  state.slowModeSeconds = m.slowModeSeconds || 0;
  state.hostId = m.hostId;
  state.live = m.isLive;
  state.hostConnected = m.hostConnected;
  state.signal = null;
  state.auxUserId = m.aux?.userId ?? null;
  aux.reset(); // a new socket is a new member: an aux this page had went back to the host when the old one left
  aux.setRoomConfig(m.audioConfig);
  document.title = `${m.roomName} · Roomcast`;
  $('room-name').textContent = m.roomName;
  people.apply(m);
  setDelay(m.playoutDelayMs);
  nowPlaying.clear(); // after D is known: a track changed less than D ago is not heard yet
  if (m.isLive && m.track) {
    preloadArt(m.track);
    nowPlaying.add(m.track);
  }
  $('username').value = m.you.username;
  chat.setEnabled(true);
  applyRole();
  socket.send(qualityRequest(state.tierMode)); // answered by quality:changed: the tier shown
  socket.send(requestsList(roomId)); // answered by requests:queue: whether to show the form, and this member's own
  updatePeople();
  render();
});
socket.on('chat:history', (m) => chat.history(m.messages));
socket.on('chat:message', (m) => chat.add(m));
socket.on('chat:deleted', (m) => chat.remove(m.messageId));
socket.on('chat:muted', (m) => {
  if (m.userId === state.you?.userId) chat.muted(m.until);
  else if (isCohost()) {
    moderation.heard(m);
    updatePeople();
  }
});
socket.on('user:cohost', (m) => {
  people.apply(m);
  if (state.you && m.userId === state.you.userId) {
    state.you.isCohost = m.isCohost;
    applyRole();
    socket.send(requestsList(roomId)); // a co-host gets the whole queue, a guest again only its own
    say($('people-note'), m.isCohost
      ? 'The host made you a co-host: you can remove and mute guests, delete messages, set slow mode and handle track requests.'
      : 'You are no longer a co-host.', 10000);
  }
  updatePeople();
});
socket.on('user:joined', (m) => {
  people.apply(m);
  if (m.isHost) state.hostId = m.userId;
  updatePeople();
});
socket.on('user:left', (m) => {
  people.apply(m);
  updatePeople();
});
// big rooms: guests get joins and leaves batched (the host still gets them one by one)
socket.on('participants:update', (m) => {
  people.apply(m);
  updatePeople();
});
socket.on('user:renamed', (m) => {
  people.apply(m);
  if (state.you && m.userId === state.you.userId) {
    state.you.username = m.username;
    saveUsername(m.username);
    say($('rename-note'), `You are now ${m.username}.`, 4000);
  }
  updatePeople();
});
socket.on('participants:list', (m) => {
  people.apply(m);
  updatePeople();
});
socket.on('broadcast:error', (m) => say($('aux-note'), errorText(m.code, m.message), 8000)); // only a page with the aux sends
socket.on('aux:offered', (m) => aux.offered(m, state.you?.userId, people.host?.username));
socket.on('aux:handoff', (m) => {
  state.auxUserId = m.toUserId;
  aux.handoff(m, state.you?.userId);
  updatePeople();
});
socket.on('broadcast:started', (m) => {
  nowPlaying.clear();
  state.auxUserId = null;
  aux.reset();
  aux.setRoomConfig(m.audioConfig);
  state.live = true;
  state.hostConnected = true;
  state.stopReason = null;
  state.signal = null;
  setDelay(m.playoutDelayMs);
  player.reset();
  state.audioSince = player.started ? performance.now() : 0;
  render();
});
socket.on('track:changed', (m) => {
  preloadArt(m);
  nowPlaying.add(m);
});
socket.on('reactions:update', (m) => reactions.update(m));
socket.on('requests:queue', (m) => {
  requests.queue(m);
  if (isCohost()) queue.replace(m);
});
socket.on('request:added', (m) => queue.added(m.request)); // sent to co-hosts only
socket.on('request:resolved', (m) => queue.resolved(m.requestId));
socket.on('requests:open', (m) => {
  requests.setOpen(m.open);
  queue.setOpen(m.open);
});
socket.on('request:update', (m) => requests.update(m));
const peek = new PeekView({ figure: $('peek'), img: $('peek-img') });
socket.on('peek:frame', (m) => peek.frame(m));
socket.on('peek:stopped', () => peek.hide());
socket.on('broadcast:stopped', (m) => {
  peek.hide();
  nowPlaying.clear();
  reactions.clear();
  state.auxUserId = null;
  aux.reset();
  state.live = false;
  state.stopReason = m.reason || 'host';
  player.reset();
  render();
});
socket.on('broadcast:signal', (m) => {
  state.signal = m.state;
  render();
});
socket.on('host:status', (m) => {
  state.hostConnected = m.connected;
  render();
});
socket.on('room:settings', (m) => {
  const slowChanged = (m.slowModeSeconds || 0) !== state.slowModeSeconds;
  state.slowModeSeconds = m.slowModeSeconds || 0;
  if (slowChanged) applyRole();
  setDelay(m.playoutDelayMs, true);
  render();
});
socket.on('quality:changed', (m) => {
  state.tier = m.tier;
  player.note('tier', { tier: m.tier, reason: m.reason });
  $('tier').textContent = m.auto ? `${m.tier} (auto)` : m.tier;
});
socket.on('room:closed', (m) => end(m.reason === 'host' ? 'closed-by-host' : 'closed'));
socket.on('room:notfound', () => end('notfound'));
socket.on('room:full', () => end('full'));
socket.on('room:kicked', () => end('kicked'));
socket.on('error', (m) => {
  if (m.ref === 'chat:message') chat.refused(m.code, errorText(m.code, m.message), m.retryAfter);
  else if (m.ref === 'reaction:send') reactionBar.refused(m.code);
  else if (m.ref === 'request:send') requests.refused(m.code, m.message, m.retryAfter);
  else if (m.ref === 'requests:list') requests.setOpen(false);
  else if (m.ref === 'request:resolve' || m.ref === 'requests:open') queue.refused(m.code, m.message);
  else if (m.ref === 'chat:slowmode') {
    slowMode.failed();
    slowMode.show(state.slowModeSeconds);
    say($('slow-mode-note'), errorText(m.code, m.message), 6000);
  } else if (['user:kick', 'chat:mute', 'chat:delete'].includes(m.ref)) say($('people-note'), errorText(m.code, m.message), 6000);
  else if (m.ref === 'user:rename') say($('rename-note'), errorText(m.code, m.message), 6000);
  else if (m.ref?.startsWith('aux:')) {
    aux.reset();
    say($('aux-note'), errorText(m.code, m.message), 10000);
  }
  else if (m.code === 'name_taken' && m.ref === 'room:join' && !state.joinedUnnamed) {
    // the saved name is the host's here: come in under the default name (once), and say why
    state.joinedUnnamed = true;
    join({ named: false });
    const text = `Someone in this room is already called “${savedUsername()}”, so you joined under another name. Pick one of your own.`;
    say($('rename-note'), text, 15000);
    if (narrow()) showError(text, { autoHideMs: 10000 }); // the name field is on another tab
  }
  else if (m.code === 'kicked' || m.code === 'banned') end('kicked');
  else if (m.code === 'room_not_found' || m.code === 'room_closed') end('notfound');
  else if (m.code === 'invalid_room_id') end('invalid');
  else if (m.ref === 'room:join' && (m.code === 'password_required' || m.code === 'wrong_password')) {
    forgetPassword(roomId); // a saved one that no longer works (the host changed it) is asked for again
    askPassword(m.code === 'wrong_password' ? errorText(m.code) : '');
  } else if (m.ref === 'room:join' && m.code === 'too_many_attempts') {
    forgetPassword(roomId);
    askPassword(triesText(m.retryAfter), m.retryAfter || 60);
  }
  else showError(errorText(m.code, m.message), { autoHideMs: 6000 });
});
socket.on('binary', (buf) => player.handleFrame(buf));

// ---- player --------------------------------------------------------------------------------------

player.on('error', (e) => say($('listen-note'), `Audio problem: ${e.message || e}`, 8000));
player.on('state', render);
player.on('stats', (s) => {
  state.stats = s;
  $('buffer-ms').textContent = `${Math.round(s.bufferMs)} ms`;
  $('latency-ms').textContent = `${Math.round(s.latencyMs)} ms`;
  const info = $('sync-info');
  info.dataset.syncError = s.syncErrorMs.toFixed(2);
  info.dataset.bufferMs = String(Math.round(s.bufferMs));
  info.dataset.late = String(s.late);
  info.dataset.playedPackets = String(s.playedPackets);
  render();
  if (!state.live || !socket.isOpen) return;
  try {
    socket.send(statsReport({
      bufferMs: Math.min(60000, Math.max(0, s.bufferMs + s.jitterBufferMs)),
      latencyMs: Math.min(60000, Math.max(0, s.latencyMs)),
      syncErrorMs: Math.max(-60000, Math.min(60000, Math.round(s.syncErrorMs * 10) / 10)),
      underruns: s.underruns,
      late: s.late,
      syncUncertaintyMs: Number.isFinite(s.syncUncertaintyMs) ? Math.min(60000, s.syncUncertaintyMs) : undefined,
      latencyKnown: typeof s.latencyKnown === 'boolean' ? s.latencyKnown : undefined,
    }));
  } catch { /* out of range: skip this report */ }
  // Automatic tier choice belongs to the server (docs/SYNC.md): in "auto" the page only reports.
});
setInterval(render, 1000); // time-based states ("Syncing…" → "Buffering", countdowns)

// ---- controls ------------------------------------------------------------------------------------

function applyMute(muted) {
  const b = $('mute');
  b.setAttribute('aria-pressed', String(muted));
  b.textContent = muted ? 'Unmute' : 'Mute';
  player.setVolume(muted ? 0 : Number($('volume').value));
}

async function joinAudio() {
  const button = $('join-audio');
  if (player.started) {
    await player.stop();
    state.audioSince = 0;
    button.textContent = 'Join audio';
    button.setAttribute('aria-pressed', 'false');
    setPlaybackState('paused');
    render();
    return;
  }
  if (!Player.supported()) {
    end('unsupported');
    return;
  }
  button.disabled = true;
  say($('listen-note'), '');
  try {
    await player.start();
    applyMute(getSetting('muted'));
    player.setNudge(Number($('nudge').value));
    player.setDelay(state.delayMs);
    applySpeakerDelay(); // the device that plays now may have a delay of its own
    state.audioSince = performance.now();
    button.textContent = 'Leave audio';
    button.setAttribute('aria-pressed', 'true');
    setPlaybackState('playing');
  } catch (e) {
    say($('listen-note'), `Could not start audio: ${e.message}`);
  } finally {
    button.disabled = Boolean(state.ending);
    render();
  }
}

function restoreSettings() {
  const volume = getSetting('volume');
  $('volume').value = String(volume);
  $('volume-value').textContent = `${Math.round(volume * 100)} %`;
  const nudge = getSetting('nudgeMs');
  $('nudge').value = String(nudge);
  $('nudge-value').textContent = `${nudge} ms`;
  $('tier-select').value = state.tierMode;
  const muted = getSetting('muted');
  $('mute').setAttribute('aria-pressed', String(muted));
  $('mute').textContent = muted ? 'Unmute' : 'Mute';
}

/** What the lock screen's button shows: pause while audio is joined, play when not. */
function setPlaybackState(playback) {
  if ('mediaSession' in navigator) navigator.mediaSession.playbackState = playback;
}

$('join-audio').addEventListener('click', joinAudio);
// the lock screen's play and pause are Join and Leave audio
if ('mediaSession' in navigator) {
  try {
    navigator.mediaSession.setActionHandler('play', () => { if (!player.started) joinAudio(); });
    navigator.mediaSession.setActionHandler('pause', () => { if (player.started) joinAudio(); });
  } catch { /* an engine without these actions: the page's own buttons remain */ }
}
$('mute').addEventListener('click', () => {
  const muted = $('mute').getAttribute('aria-pressed') !== 'true';
  setSetting('muted', muted);
  applyMute(muted);
});
$('volume').addEventListener('input', (e) => {
  const v = Number(e.target.value);
  $('volume-value').textContent = `${Math.round(v * 100)} %`;
  setSetting('volume', v);
  if (v > 0 && getSetting('muted')) setSetting('muted', false);
  applyMute(getSetting('muted'));
});
$('nudge').addEventListener('input', (e) => setNudge(Number(e.target.value)));
// ---- speaker calibration (#21) --------------------------------------------------------------------

const speakers = new SpeakerDelays();

/**
 * Sets the speaker delay (the nudge) for the output device that plays now, and remembers it for it:
 * measured to within ±pmMs (calibration, tap along), or set by hand (null: the slider).
 */
function setNudge(v, pmMs = null) {
  showNudge(v);
  setSetting('nudgeMs', v);
  speakers.set(v, pmMs);
  player.setCalibration(pmMs);
}

function showNudge(v) {
  player.setNudge(v);
  $('nudge').value = String(v);
  $('nudge-value').textContent = `${v} ms`;
}

/** Applies the delay remembered for the output device that plays now, if it has one (and says so). */
async function applySpeakerDelay() {
  await speakers.refresh();
  const ms = speakers.current();
  player.setCalibration(ms === undefined ? null : speakers.currentPmMs());
  if (ms === undefined || Number($('nudge').value) === ms) return;
  showNudge(ms);
  say($('calibrate-result'), `Speaker delay for ${speakers.key}: ${ms} ms (remembered for this device).`);
}
navigator.mediaDevices?.addEventListener?.('devicechange', () => { applySpeakerDelay(); });

const CALIBRATION_REFUSED = {
  not_heard: 'Your microphone did not hear the clicks (headphones on, or the microphone muted?). '
    + 'Nothing was changed: tap along instead, or set the speaker delay by ear with the slider.',
  too_noisy: 'Too noisy to hear the clicks clearly. Nothing was changed: try again somewhere quieter, tap along instead, '
    + 'or set the delay by ear.',
  unsteady: 'The clicks came back at different delays, so the result cannot be trusted. Nothing was changed: try again, '
    + 'or set the delay by ear.',
};

function calibrationError(e) {
  if (e?.name === 'NotAllowedError') return 'The microphone was not allowed, so nothing was measured. Set the delay by ear with the slider.';
  if (e?.name === 'NotFoundError') return 'No microphone found, so nothing was measured. Set the delay by ear with the slider.';
  return `Calibration stopped: ${e?.message || e}. Nothing was changed.`;
}

function showCalibratePanel(open) {
  $('calibrate-panel').hidden = !open;
  $('calibrate').setAttribute('aria-expanded', String(open));
  if (open) {
    showTapPanel(false);
    $('calibrate-start').focus();
  }
}

function showTapPanel(open) {
  $('tap-panel').hidden = !open;
  $('tap-open').setAttribute('aria-expanded', String(open));
  if (open) {
    showCalibratePanel(false);
    $('tap-start').focus();
  }
}

$('calibrate').addEventListener('click', () => {
  if (!player.started) {
    say($('calibrate-result'), 'Join audio first, then calibrate: the clicks play the way the music does.');
    return;
  }
  say($('calibrate-result'), '');
  showCalibratePanel($('calibrate-panel').hidden);
});
$('calibrate-cancel').addEventListener('click', () => showCalibratePanel(false));
$('calibrate-start').addEventListener('click', async () => {
  showCalibratePanel(false);
  $('calibrate').disabled = true;
  $('tap-open').disabled = true;
  try {
    const r = await calibrateSpeakers(player, { onStep: (t) => say($('calibrate-result'), t) });
    await speakers.refresh(); // with the microphone allowed, the devices have names now
    r.device = speakers.key;
    window.roomcastDebug.calibration = r;
    if (!r.ok) {
      say($('calibrate-result'), CALIBRATION_REFUSED[r.reason]);
      return;
    }
    // known to the clicks' spread, plus the few ms the output model wanders between sessions (docs/SYNC.md)
    setNudge(r.nudgeMs, Math.round(r.spreadMs / 2 + 3));
    const heard = r.clicks.filter((c) => c.coef >= 0.5).length;
    const on = speakers.key === 'default' ? '' : ` for ${speakers.key}`;
    say($('calibrate-result'), `Your speakers play ${Math.abs(r.nudgeMs)} ms ${r.nudgeMs >= 0 ? 'late' : 'early'}: speaker delay${on} set to `
      + `${r.nudgeMs} ms (${heard} of ${r.clicks.length} clicks heard, within ${Math.max(0.1, r.spreadMs).toFixed(1)} ms).`);
  } catch (e) {
    window.roomcastDebug.calibration = { ok: false, error: String(e?.name || e) };
    say($('calibrate-result'), calibrationError(e));
  } finally {
    $('calibrate').disabled = false;
    $('tap-open').disabled = false;
  }
});

// ---- tap along: the speaker delay by ear (headphones, no microphone) ----------------------------------
const TAP_REFUSED = {
  too_few: 'Too few taps landed near the clicks, so nothing was changed. Try again: tap each time you hear a click.',
  unsteady: 'The taps did not keep time with the clicks, so nothing was changed. Try again, or set the delay with the slider.',
};
let taps = null; // while tapping: performance.now() of each tap
const TAP_BIAS_MS = 20;

function tapped(e) {
  if (!taps) return;
  // the event's own time (when the finger landed, not when the page got to it), where it is on the
  // performance.now() clock as the standard says; an engine that stamps otherwise gets now
  const now = performance.now();
  taps.push(Number.isFinite(e.timeStamp) && Math.abs(e.timeStamp - now) < 10_000 ? e.timeStamp : now);
  $('tap-progress').textContent = `${taps.length} ${taps.length === 1 ? 'tap' : 'taps'}: keep going until the clicks stop.`;
}

$('tap-open').addEventListener('click', () => {
  if (!player.started) {
    say($('calibrate-result'), 'Join audio first, then tap along: the clicks play the way the music does.');
    return;
  }
  say($('calibrate-result'), '');
  showTapPanel($('tap-panel').hidden);
});
$('tap-cancel').addEventListener('click', () => showTapPanel(false));
$('tap').addEventListener('pointerdown', tapped);
$('tap').addEventListener('keydown', (e) => {
  if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
    e.preventDefault();
    tapped(e);
  }
});
$('tap-start').addEventListener('click', async () => {
  for (const id of ['tap-start', 'tap-cancel', 'tap-help']) $(id).hidden = true;
  $('calibrate').disabled = true;
  $('tap-open').disabled = true;
  $('tap').hidden = false;
  $('tap').focus();
  $('tap-progress').textContent = 'Listen, and tap on each click.';
  taps = [];
  try {
    const r = await tapAlong(player, { taps });
    await speakers.refresh();
    r.device = speakers.key;
    window.roomcastDebug.tapResult = r;
    if (!r.ok) {
      say($('calibrate-result'), TAP_REFUSED[r.reason]);
      return;
    }
    // known to the taps' spread, plus the few tens of ms people tap ahead of a beat (docs/SYNC.md "Tap along")
    setNudge(r.delayMs, Math.round(r.iqrMs / 2) + TAP_BIAS_MS);
    const on = speakers.key === 'default' ? '' : ` for ${speakers.key}`;
    say($('calibrate-result'), `By ear, your speakers play about ${Math.abs(r.delayMs)} ms ${r.delayMs >= 0 ? 'late' : 'early'}: speaker delay${on} set to `
      + `${r.delayMs} ms (${r.used} taps, the middle half within ${Math.round(r.iqrMs)} ms).`);
  } catch (e) {
    window.roomcastDebug.tapResult = { ok: false, error: String(e?.name || e) };
    say($('calibrate-result'), `Tapping stopped: ${e?.message || e}. Nothing was changed.`);
  } finally {
    taps = null;
    $('tap').hidden = true;
    $('tap-progress').textContent = '';
    for (const id of ['tap-start', 'tap-cancel', 'tap-help']) $(id).hidden = false;
    $('calibrate').disabled = false;
    $('tap-open').disabled = false;
    showTapPanel(false);
  }
});

$('tier-select').addEventListener('change', (e) => {
  state.tierMode = e.target.value;
  setSetting('quality', state.tierMode);
  socket.send(qualityRequest(state.tierMode)); // auto: the gateway moves us on congestion, the page never asks
});
$('rename-form').addEventListener('submit', (e) => {
  e.preventDefault();
  let name;
  try {
    name = cleanName($('username').value, Limits.USERNAME_MAX);
  } catch (err) {
    say($('rename-note'), errorText(err instanceof ProtocolError ? err.code : 'invalid_name'), 6000);
    return;
  }
  if (socket.send(userRename(name))) {
    say($('rename-note'), 'Renaming…'); // kept for next time once the room agreed (user:renamed)
  } else {
    say($('rename-note'), 'Not connected: try again in a moment.', 4000);
  }
});

initToast();
initTabbar((view) => {
  state.view = view;
  watchChat();
});
watchChat(); // on a phone the page opens on another section than chat: messages count as unread from the start
restoreSettings();
applySpeakerDelay();

// for browser tests: what the player is doing
window.roomcastDebug = {
  get stats() { return player.stats(); },
  get clockOffsetUs() { return clock.offsetUs; },
  get clockReady() { return clock.ready; },
  get playedPackets() { return player.stats().playedPackets; },
  get lastSyncErrorMs() { return player.lastSyncErrorMs; },
  get tier() { return state.tier; },
  get userId() { return state.you?.userId; },
  get live() { return state.live; },
  get socketState() { return socket.state; },
  get status() { return $('status').dataset.state; },
  get volume() { return player.volume; },
  get speakerKey() { return speakers.key; },
  get aux() { return { state: aux.state, capture: aux.capture?.stats() ?? null }; },
  /** Reactions shown: {emoji, atUs, count, lateUs, arrivedUs, own, shownAtPerf}, the last 100. */
  get reactions() { return reactionBar.log; },
  /** The stream time this page hears now (server µs): what it stamps reactions with. */
  heardUs: () => reactions.heardUs(),
  player,
  clock,
  socket,
  analyser: () => player.analyser,
  /**
   * Taps the output (the gain that feeds ctx.destination) and records every onset above
   * `threshold` as {serverUs, wallMs}: its context time mapped to the moment it leaves the output
   * (getOutputTimestamp filter) and then to the server clock (clock sync); wallMs is
   * performance.timeOrigin-based, the same clock for every page of this machine.
   */
  async tapOnsets(threshold = 0.3) {
    const ctx = player.ctx;
    if (!ctx) throw new Error('join audio first');
    await ctx.audioWorklet.addModule(new URL('./output-tap-processor.js', import.meta.url));
    const node = new AudioWorkletNode(ctx, 'output-tap', { numberOfInputs: 1, numberOfOutputs: 0,
      channelCount: 2, channelCountMode: 'explicit', processorOptions: { threshold } });
    const onsets = [];
    node.port.onmessage = (e) => {
      const perf = player.out.perfAt(e.data / ctx.sampleRate);
      onsets.push({ serverUs: clock.toServerUs(perf), wallMs: performance.timeOrigin + perf });
    };
    player.gain.connect(node);
    window.roomcastDebug.onsets = onsets;
    return true;
  },
  onsets: [],
};

if (!checkSecureContext()) {
  // plain http from another device: the browser turns off what the page needs (secure-context.js says so)
} else if (!isValidRoomId(roomId)) {
  end('invalid');
} else {
  chat.setEnabled(false);
  render();
  socket.connect();
}
