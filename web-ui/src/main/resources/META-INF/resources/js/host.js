// The host studio: /host.html?room=<id>. Joins as host with the token this browser kept, picks a
// source, goes live, and shows meter, spectrum, people, listener health and chat. What the host sees
// about the broadcast is one status at a time with the actions that fit it (studio-status.js): after
// a reload or a dropped connection the room stays live and one click on the source carries on.
import { listingText, passwordText, settingsChangeText } from './access.js';
import { Capture, captureSupport, CaptureError, listInputDevices } from './capture.js';
import { ChatView, renderParticipants } from './chat.js';
import { CoverUploads } from './cover-art.js';
import { PeekSwitch } from './peek-switch.js';
import { trackLine } from './now-playing.js';
import { clockTime, Playlist } from './playlist.js';
import { Moderation, slowModeControl } from './moderation.js';
import { Clock } from './clock.js';
import {
  auxDecline, auxPass, auxReturn, broadcastStart, broadcastStop, chatDelete, chatSend, isArtHash, isValidRoomId, roomJoin,
  requestsList, roomSettings, trackSet, userCohost,
} from './protocol.js';
import { checkSecureContext } from './secure-context.js';
import { ReactionBar } from './reaction-bar.js';
import { StudioRequests } from './request-panel.js';
import { ReactionTimeline } from './reactions.js';
import { Roster } from './roster.js';
import { getSetting, setSetting } from './settings.js';
import { apiUrl, Socket } from './socket.js';
import { STUDIO_ENDINGS, studioStatus } from './studio-status.js';
import {
  $, clearError, el, errorText, forgetHostToken, hostToken, saveHostToken, initTabbar, initToast, narrow, say, savedUsername, showEnding, showError,
} from './ui.js';

const roomId = new URLSearchParams(location.search).get('room');
// a handover link (#handover=<secret>, from "Continue on another device") is traded for the host token
// before the socket opens; the secret leaves the address bar at once
const handoverSecret = new URLSearchParams(location.hash.slice(1)).get('handover');
if (handoverSecret) history.replaceState(null, '', location.pathname + location.search);
let token = isValidRoomId(roomId) ? hostToken(roomId) : null;
const guestUrl = `${location.origin}/room/${roomId}`;
/** Where an ended studio sends its person: the guest page of the same room. */
const ROOM_PAGE_LINK = { href: `/room/${encodeURIComponent(roomId)}`, text: 'Listen on the room page' };

const socket = new Socket();
const clock = new Clock(socket);
const capture = new Capture(clock);
const people = new Roster();
const health = new Map();
/** The tab peek's switch (set up with the source area, below). */
let peek = null;
const state = {
  ending: null, connection: 'connecting', retryInMs: 0, refusal: null, joined: false, isHost: false, you: null,
  live: false, starting: false, wantLive: false, config: null, roomConfig: null, sourceEnded: null, signal: null,
  bitrateMode: '128000', view: 'studio',
  // who can reach the room, as the server last said (room:joined, room:settings); pendingAccess: the
  // Share panel's change on its way ('listed' | 'set' | 'remove'), so its answer or refusal is said there
  listed: false, hasPassword: false, playoutDelayMs: 0, pendingAccess: null,
  // passing the aux: who has it since when, and a standing offer ({userId, fromUserId, atUs, offeredTo}), or null
  aux: null,
};
const support = captureSupport();
// Reactions: the studio hears its source as it is captured, D ahead of the guests, so its stream time
// is the capture's now, and every guest's reaction reaches it after its moment: shown as it arrives.
// The host's own reactions are stamped with what it hears, so they land on the beat for every guest.
const reactions = new ReactionTimeline({
  nowUs: () => (capture.live ? capture.streamTimeNow() : clock.toServerUs(performance.now())),
  delayUs: () => 0,
  onShow: (r) => reactionBar.show(r),
  atOnce: true,
});
const reactionBar = new ReactionBar({
  bar: $('reaction-bar'), layer: $('reaction-layer'), note: $('reaction-note'), timeline: reactions,
  send: (m) => socket.send(m), roomId: () => roomId, live: () => state.joined && state.live && clock.ready,
});
const chat = new ChatView($('chat-list'), $('chat-form'),
  (text) => socket.send(chatSend(roomId, text, state.live && clock.ready ? reactions.heardUs() : undefined)), {
  youId: () => state.you?.userId ?? null,
  onUnread: showUnread,
  onDelete: (m) => socket.send(chatDelete(roomId, m.id)),
});
const moderation = new Moderation({ socket, roomId, byHost: true, note: (text) => say($('bans-note'), text, 6000) });
$('slow-mode').dataset.roomId = roomId ?? '';
const requests = new StudioRequests({
  list: $('request-list'), count: $('request-count'), toggle: $('requests-open'), empty: $('requests-empty'),
  note: $('requests-note'), send: (m) => socket.send(m), roomId: () => roomId,
});
const slowMode = slowModeControl($('slow-mode'), $('slow-mode-note'), (m) => socket.send(m));

// ---- the one status --------------------------------------------------------------------------

function render() {
  peek?.sync();
  reactionBar.setEnabled(state.joined && state.live && !state.ending);
  const st = studioStatus({
    ending: state.ending,
    connection: state.connection,
    retryInMs: state.retryInMs,
    refusal: state.refusal,
    joined: state.joined,
    isHost: state.isHost,
    live: state.live,
    starting: state.starting,
    sending: capture.live,
    hasSource: capture.hasSource,
    filesPaused: capture.kind === 'files' && capture.files?.state === 'paused',
    sourceKind: capture.kind,
    sourceEnded: state.sourceEnded,
    signal: state.signal,
    clockReady: clock.ready,
    listeners: Math.max(0, people.count - 1),
    auxWith: auxAway() ? nameOf(state.aux.userId) : null,
  });
  renderAux();
  renderNowPlaying();
  const box = $('status');
  box.dataset.state = st.key;
  box.dataset.tone = st.tone;
  $('status-text').textContent = st.text;
  $('status-detail').textContent = st.detail;
  const acts = new Set(st.actions);
  $('actions').hidden = !['replay', 'choose'].some((a) => acts.has(a)); // 'stop': the big Stop button
  $('act-replay').hidden = !acts.has('replay') || capture.playlist.length === 0;
  $('act-choose').hidden = !acts.has('choose');
  $('act-choose').textContent = st.key === 'resume' ? 'Choose your source again' : 'Choose another source';
  const badge = $('live-badge');
  badge.dataset.live = String(state.live);
  badge.textContent = state.live ? 'LIVE' : 'offline';
  $('listed-state').textContent = listingText({ listed: state.listed, live: state.live });
  $('go-live').hidden = state.live;
  $('stop-live').hidden = !state.live;
  const go = $('go-live');
  go.disabled = state.live || state.starting || !state.joined || !state.isHost || !capture.hasSource || !clock.ready;
  go.title = go.disabled ? st.text : '';
  return st;
}

// ---- passing the aux ------------------------------------------------------------------------

/** Someone else has the aux (this page's capture sends nothing meanwhile). */
function auxAway() {
  return Boolean(state.live && state.aux && state.you && state.aux.userId !== state.you.userId);
}

function nameOf(userId) {
  return people.list.find((p) => p.userId === userId)?.username ?? 'A guest';
}

function renderAux() {
  const a = state.live ? state.aux : null;
  const away = auxAway();
  const offered = a?.offeredTo ? nameOf(a.offeredTo) : null;
  $('aux-box').hidden = !away && !offered;
  $('aux-take-back').hidden = !away;
  $('aux-withdraw').hidden = !offered;
  $('aux-text').textContent = [
    away ? 'Take the aux back whenever you like: guests hear no gap.' : '',
    offered ? `You offered the aux to ${offered}. It passes when they pick what to play.` : '',
  ].filter(Boolean).join(' ');
}

function passAux(p) {
  socket.send(auxPass(roomId, p.userId));
}

$('aux-take-back').addEventListener('click', () => socket.send(auxReturn(roomId)));
$('aux-withdraw').addEventListener('click', () => socket.send(auxDecline(roomId)));

function renderAccess() {
  $('listed').checked = state.listed;
  $('listed-state').textContent = listingText({ listed: state.listed, live: state.live });
  $('password-state').textContent = passwordText({ hasPassword: state.hasPassword });
  $('save-password').textContent = state.hasPassword ? 'Change password' : 'Set password';
  $('remove-password').hidden = !state.hasPassword;
}

function end(kind, link) {
  if (state.ending) return;
  state.ending = kind;
  state.live = false;
  capture.close();
  socket.close();
  chat.setEnabled(false);
  $('panel-share').hidden = true;
  $('guest-count').parentElement.hidden = true; // nobody is "in the room" any more
  const e = STUDIO_ENDINGS[kind] || STUDIO_ENDINGS.closed;
  showEnding(e.title, e.text);
  if (link) $('ending').querySelector('.row').prepend(el('a', { class: 'button primary', href: link.href, text: link.text }));
  render();
}

// ---- source picking -------------------------------------------------------------------------

const tabs = ['display', 'input', 'files'];
function selectTab(name) {
  for (const t of tabs) {
    $(`tab-${t}`).setAttribute('aria-selected', String(t === name));
    $(`tab-${t}`).tabIndex = t === name ? 0 : -1;
    $(`pane-${t}`).hidden = t !== name;
  }
  if (name === 'input') fillDevices();
}
tabs.forEach((t, i) => {
  $(`tab-${t}`).addEventListener('click', () => selectTab(t));
  $(`tab-${t}`).addEventListener('keydown', (e) => {
    const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!d) return;
    const next = tabs[(i + d + tabs.length) % tabs.length];
    selectTab(next);
    $(`tab-${next}`).focus();
  });
});

$('display-help').textContent = support.display
  ? 'Pick the tab playing your music (Spotify, YouTube Music…) and tick "Share tab audio". On Windows and ChromeOS you can share the entire screen with "Share system audio".'
  : `${support.browser === 'firefox' ? 'Firefox' : support.browser === 'safari' ? 'Safari' : 'This browser'} cannot share tab or system audio. Use an input device (a loopback such as BlackHole or VB-Cable) or play files, or open this page in Chrome or Edge.`;
$('pick-display').disabled = !support.display;
// the tab of the source this device used last (after a reload: the one click that carries on), else the best one
const lastKind = getSetting('sourceKind');
const usable = { display: support.display, input: support.input, files: true };
selectTab(usable[lastKind] ? lastKind : support.display ? 'display' : support.input ? 'input' : 'files');

/** A source is ready: if the room is live and nothing is being sent (after a reload), carry on at once. */
function sourceReady(text) {
  $('source-status').textContent = text;
  if (capture.kind) setSetting('sourceKind', capture.kind);
  state.sourceEnded = null;
  say($('source-note'), '');
  if (state.live && !capture.live && state.isHost) resume();
  render();
}

// ---- the tab peek (issue #17 item 7): a small picture of the shared tab, by REST -------------------
const peekPath = () => apiUrl(`/api/rooms/${encodeURIComponent(roomId)}/peek`);
peek = new PeekSwitch({
  checkbox: $('peek-on'),
  note: $('peek-note'),
  capture,
  supported: support.display,
  isLive: () => state.live && capture.live && !auxAway(),
  put: async (blob) => {
    const res = await fetch(peekPath(), {
      method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/jpeg' }, body: blob,
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw Object.assign(new Error(errorText(body?.error?.code, `the server answered ${res.status}`)), { code: body?.error?.code });
    return body;
  },
  remove: () => hostApi('/peek', { method: 'DELETE', okStatuses: [404] }).then(() => {}),
  onError: (e) => say($('peek-note'), `The picture of the tab did not go out: ${e.message}`, 6000),
});

$('pick-display').addEventListener('click', async () => {
  say($('source-note'), '');
  try {
    const label = await capture.openDisplay({ keepVideo: peek.keepVideo });
    state.sourceLabel = label || '';
    sourceReady(`Sharing: ${label || 'tab audio'}`);
  } catch (e) {
    say($('source-note'), e instanceof CaptureError ? e.message
      : e?.name === 'NotAllowedError' ? 'Sharing was cancelled. Choose a tab or screen to share its audio.' : `Could not share: ${e.message}`);
  }
});

async function fillDevices() {
  try {
    let devices = await listInputDevices();
    if (devices.length > 0 && devices.every((d) => !d.deviceId || d.label.startsWith('Input '))) {
      // labels are hidden until the user grants access once
      const s = await navigator.mediaDevices.getUserMedia({ audio: true });
      s.getTracks().forEach((t) => t.stop());
      devices = await listInputDevices();
    }
    const sel = $('device-select');
    const keep = sel.value;
    sel.replaceChildren(...devices.map((d) => el('option', { value: d.deviceId, text: d.label })));
    if (keep) sel.value = keep;
    if (devices.length === 0) say($('source-note'), 'No input device found. Plug one in, or use files.');
  } catch (e) {
    say($('source-note'), `Cannot list input devices: ${e.message}`);
  }
}

$('use-device').addEventListener('click', async () => {
  say($('source-note'), '');
  try {
    const label = await capture.openDevice($('device-select').value);
    sourceReady(`Input: ${label || 'device'}`);
  } catch (e) {
    say($('source-note'), `Could not open the device: ${e.message}`);
  }
});

function renderPlaylist() {
  const list = capture.playlist;
  const current = capture.track;
  $('playlist').replaceChildren(...list.map((f, i) => {
    const name = trackLine(f); // the file's own tags, or a title made from its name
    const li = el('li', { 'aria-current': String(i === current), draggable: 'true', dataset: { id: String(f.id) }, title: f.name },
      el('span', { class: 'track-name', text: name }),
      el('span', { class: 'muted track-time', text: clockTime(f.duration) }),
      el('button', { type: 'button', 'aria-label': `Play ${name}`, text: '▶', onclick: () => playFrom(i) }),
      el('button', { type: 'button', 'aria-label': `Move ${name} up`, text: '↑', disabled: i === 0,
        onclick: () => { capture.files.move(f.id, i - 1); renderPlaylist(); focusMoved(f.id, 'up'); } }),
      el('button', { type: 'button', 'aria-label': `Move ${name} down`, text: '↓', disabled: i === list.length - 1,
        onclick: () => { capture.files.move(f.id, i + 1); renderPlaylist(); focusMoved(f.id, 'down'); } }),
      el('button', { type: 'button', 'aria-label': `Remove ${name}`, text: '✕', onclick: () => { capture.removeFile(i); renderPlaylist(); render(); } }));
    li.addEventListener('dragstart', (e) => {
      e.dataTransfer.setData('text/plain', String(f.id));
      e.dataTransfer.effectAllowed = 'move';
    });
    li.addEventListener('dragover', (e) => e.preventDefault());
    li.addEventListener('drop', (e) => {
      e.preventDefault();
      const id = Number(e.dataTransfer.getData('text/plain'));
      if (Number.isInteger(id) && id !== f.id) {
        capture.files.move(id, capture.playlist.findIndex((t) => t.id === f.id));
        renderPlaylist();
      }
    });
    return li;
  }));
  $('playlist-help').hidden = list.length < 2;
  renderFilePlayer();
}

/** Keeps the keyboard on the moved track's arrow, so ↑ ↑ ↑ walks it up. */
function focusMoved(id, way) {
  const b = $('playlist').querySelector(`li[data-id="${id}"] button[aria-label$="${way}"]`);
  if (b && !b.disabled) b.focus();
}

/** The transport: what plays, where in it, pause/resume, shuffle and loop. */
function renderFilePlayer() {
  const files = capture.files;
  const playing = files && capture.kind === 'files' ? files.state : 'stopped';
  $('file-player').hidden = playing === 'stopped';
  if (playing === 'stopped') return;
  const t = files.list.current;
  $('now-playing').textContent = t ? `${playing === 'paused' ? 'Paused' : 'Playing'}: ${trackLine(t)}` : '';
  const toggle = $('fp-toggle');
  toggle.textContent = playing === 'paused' ? 'Resume' : 'Pause';
  toggle.setAttribute('aria-label', playing === 'paused' ? 'Resume' : 'Pause');
  $('fp-shuffle').setAttribute('aria-pressed', String(files.list.shuffle));
  $('fp-loop').dataset.mode = files.list.loop;
  $('fp-loop').textContent = `Loop: ${{ off: 'off', all: 'all', one: 'this track' }[files.list.loop]}`;
  renderPosition();
}

function renderPosition() {
  const files = capture.files;
  const t = files?.list.current;
  if (!t || $('file-player').hidden) return;
  const seek = $('seek');
  seek.max = String(t.duration);
  if (!seek.matches(':active')) seek.value = String(files.position());
  $('position').textContent = `${clockTime(files.position())} / ${clockTime(t.duration)}`;
}
setInterval(renderPosition, 250);

async function playFrom(index) {
  if (capture.playlist.length === 0) {
    say($('source-note'), 'Add some audio files first.', 4000);
    return;
  }
  await capture.playFile(index);
  sourceReady('Playing files.');
}

$('add-files').addEventListener('click', () => $('file-input').click());
$('file-input').addEventListener('change', async (e) => {
  await capture.addFiles([...e.target.files]);
  e.target.value = '';
  renderPlaylist();
  // live but sending nothing (after a reload): picking the files again is the one click that carries on
  if (state.live && !capture.live && state.isHost && capture.playlist.length > 0) playFrom(0);
});
$('play-files').addEventListener('click', () => playFrom(0));
$('fp-toggle').addEventListener('click', () => {
  if (capture.files.state === 'paused') capture.files.resume();
  else capture.files.pause();
});
$('fp-next').addEventListener('click', () => capture.files.next());
$('fp-prev').addEventListener('click', () => capture.files.previous());
$('fp-shuffle').addEventListener('click', () => {
  capture.files.setShuffle(!capture.files.list.shuffle);
  renderFilePlayer();
});
$('fp-loop').addEventListener('click', () => {
  capture.files.setLoop(Playlist.nextLoop(capture.files.list.loop));
  renderFilePlayer();
});
$('seek').addEventListener('change', (e) => capture.files.seek(Number(e.target.value)));
capture.on('track', (_index, t) => {
  renderPlaylist();
  clearTimeout(state.upcomingTimer);
  if (t && state.isHost) covers.art(t.cover).catch(() => {}); // up before going live too: the news then carries it at once
  if (t) announceTrack(t);
});
// the next track is announced a little before it starts: the news then reaches every guest before
// its play-out does, even through a slow path (it is stamped with its start, so it shows on time)
capture.on('upcoming', (t, startAt) => {
  clearTimeout(state.upcomingTimer);
  // its cover goes up now (live or not yet: a playlist started before Go live has its next cover
  // ready too), ready when the track is announced
  if (state.isHost) covers.art(t.cover).catch(() => {});
  const inSeconds = startAt - capture.ctx.currentTime;
  // stamped when announced, not now: the capture's stamps may have been re-aligned meanwhile
  state.upcomingTimer = setTimeout(() => announceTrack({ ...t, atUs: capture.streamTimeAt(startAt) }),
    Math.max(0, inSeconds - ANNOUNCE_AHEAD_S) * 1000);
});
capture.on('files', (now) => {
  if (now !== 'playing') clearTimeout(state.upcomingTimer); // paused or stopped: the next track will not start then
  renderPlaylist();
  render();
});
capture.on('ended', () => {
  // the source is gone (playlist over, tab closed, device unplugged): stop sending, keep the room
  // live, and say what happened with one-click ways on
  const kind = capture.kind;
  if (capture.live) capture.stopSending();
  state.sourceEnded = state.live ? kind : null;
  $('source-status').textContent = 'The source ended.';
  renderPlaylist();
  render();
});
capture.on('error', (e) => say($('source-note'), e.message || String(e), 8000));

$('act-replay').addEventListener('click', () => playFrom(0));
$('act-choose').addEventListener('click', () => {
  const tab = $(`tab-${capture.kind && tabs.includes(capture.kind) ? capture.kind : tabs.find((t) => !$(`tab-${t}`).disabled)}`);
  tab.scrollIntoView({ block: 'center' });
  tab.focus();
});

// ---- what plays (track:set) ------------------------------------------------------------------------

/**
 * Tells the room what plays from stream time `t.atUs` on (a playlist's track change, or what the
 * host typed for a tab or a device); guests show it when they hear that moment. A resumed or
 * repeated track is not news.
 */
/** How long before a playlist's next track starts the room is told (s). */
const ANNOUNCE_AHEAD_S = 1.5;

async function announceTrack(t) {
  if (!state.live || !state.isHost || auxAway() || !t.title) return;
  if (t.id !== undefined && t.id === state.announcedId) return;
  state.announcedId = t.id;
  const seq = ++announceSeq;
  // the cover goes up first (once: it is then named by its hash); the stamp is already taken, so
  // a slow upload delays the news, not the moment guests show it (up to ART_WAIT_MS, then without
  // art: the cover follows for the same moment once it is up)
  const upload = t.cover ? covers.art(t.cover).catch(() => null) : Promise.resolve(null);
  const art = await withTimeout(upload, ART_WAIT_MS);
  if (seq !== announceSeq || !state.live) return; // another track was announced meanwhile
  sendTrack(t, art);
  if (t.cover && !art) {
    const late = await upload;
    if (late && seq === announceSeq && state.live) sendTrack(t, late);
  }
}

function sendTrack(t, art) {
  try {
    socket.send(trackSet(roomId, { ...t, art: art ?? undefined }, t.atUs));
    state.nowPlaying = t;
    renderNowPlaying();
  } catch (e) {
    say($('np-note'), errorText(e.code, e.message), 6000);
  }
}

/** How long an announcement waits for its cover's upload (ms). */
const ART_WAIT_MS = 1000;
let announceSeq = 0;
const covers = new CoverUploads({
  put: async (blob) => {
    const res = await fetch(apiUrl(`/api/rooms/${encodeURIComponent(roomId)}/art`), {
      method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': blob.type || 'image/jpeg' }, body: blob,
    });
    const body = await res.json().catch(() => null);
    if (!res.ok || !isArtHash(body?.art)) throw new Error(errorText(body?.error?.code, `the server answered ${res.status}`));
    return body;
  },
});

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([promise, new Promise((resolve) => { timer = setTimeout(() => resolve(null), ms); })])
    .finally(() => clearTimeout(timer));
}

function renderNowPlaying() {
  const typed = state.live && capture.hasSource && capture.kind !== 'files' && !auxAway();
  $('np-form').hidden = !typed;
  if (typed && !$('np-title').value && state.sourceLabel) $('np-title').placeholder = state.sourceLabel;
  $('np-current').textContent = state.live && state.nowPlaying ? `Now playing: ${trackLine(state.nowPlaying)}` : '';
}

$('np-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const title = $('np-title').value.trim() || state.sourceLabel; // the shared tab's title, offered as the placeholder
  const artist = $('np-artist').value.trim();
  if (!title) {
    say($('np-note'), 'Type what is playing first.', 4000);
    return;
  }
  state.announcedId = undefined;
  announceTrack({ title, artist: artist || undefined, atUs: capture.streamTimeNow() });
});

// ---- closing the room -------------------------------------------------------------------------

/**
 * A host-only REST call on this room (`Authorization: Bearer <host token>`). Throws the server's
 * refusal as a sentence, unless its status is one of `okStatuses`.
 */
async function hostApi(path, { method = 'GET', okStatuses = [] } = {}) {
  const res = await fetch(apiUrl(`/api/rooms/${encodeURIComponent(roomId)}${path}`), {
    method, headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok && !okStatuses.includes(res.status)) {
    const body = await res.json().catch(() => null);
    throw new Error(errorText(body?.error?.code, `the server answered ${res.status}`));
  }
  return res;
}

// ---- the host on another device ----------------------------------------------------------------

/** This device becomes the host: the handover secret buys the room's new host token (once). */
async function claimHost(secret) {
  try {
    const res = await fetch(apiUrl(`/api/rooms/${encodeURIComponent(roomId)}/host-token`), {
      method: 'POST', headers: { Authorization: `Bearer ${secret}` },
    });
    const body = await res.json().catch(() => null);
    if (!res.ok || typeof body?.hostToken !== 'string') {
      end(res.status === 404 ? 'notfound' : 'handover-failed', ROOM_PAGE_LINK);
      if (body?.error?.message) $('ending-text').append(` The server says: ${body.error.message}.`);
      return;
    }
    token = body.hostToken;
    saveHostToken(roomId, token);
    say($('air-note'), 'This device is the host now. The other one was told and left the studio.', 10000);
    socket.connect();
  } catch {
    end('handover-failed', ROOM_PAGE_LINK);
  }
}

$('handover').addEventListener('click', async () => {
  if (!window.confirm('Make a link that moves the studio to another device? Whoever opens it becomes the host, and this '
    + 'studio stops. It works once, for 10 minutes; a newer link replaces it.')) return;
  $('handover').disabled = true;
  try {
    const link = await (await hostApi('/handover', { method: 'POST' })).json();
    $('handover-box').hidden = false;
    $('handover-link').value = link.url;
    $('handover-expires').textContent = new Date(link.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    import('./qr.js').then(({ drawQr }) => {
      $('handover-qr').hidden = !drawQr($('handover-qr'), link.url);
    }).catch(() => { /* the link and the copy button remain */ });
  } catch (e) {
    say($('share-note'), `Could not make a host link: ${e.message}`, 8000);
  } finally {
    $('handover').disabled = false;
  }
});
$('copy-handover').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText($('handover-link').value);
    $('copy-handover').textContent = 'Copied';
  } catch {
    $('handover-link').select();
  }
});

$('close-room').addEventListener('click', async () => {
  if (!window.confirm('Close the room for everyone? Guests are told the room has closed, and the link stops working.')) return;
  $('close-room').disabled = true;
  state.closing = true; // room:closed may come back before the answer
  try {
    await hostApi('', { method: 'DELETE', okStatuses: [404] });
    end('closed-by-you');
  } catch (e) {
    say($('close-note'), `Could not close the room: ${e.message}`, 8000);
    state.closing = false;
    $('close-room').disabled = false;
  }
});

// ---- meter and spectrum ---------------------------------------------------------------------

const meter = $('level-meter');
const spectrum = $('spectrum');
const g = spectrum.getContext('2d');
let timeData = null;
let freqData = null;
function draw() {
  requestAnimationFrame(draw);
  const a = capture.analyser;
  if (!a) return;
  if (!timeData) {
    timeData = new Float32Array(a.fftSize);
    freqData = new Uint8Array(a.frequencyBinCount);
  }
  a.getFloatTimeDomainData(timeData);
  let sum = 0;
  for (const v of timeData) sum += v * v;
  const rms = Math.sqrt(sum / timeData.length);
  const level = Math.min(1, Math.max(0, (20 * Math.log10(rms + 1e-9) + 60) / 60)); // −60..0 dBFS → 0..1
  meter.dataset.level = level.toFixed(3);
  meter.setAttribute('aria-valuenow', level.toFixed(2));
  meter.firstElementChild.style.width = `${(level * 100).toFixed(1)}%`;
  a.getByteFrequencyData(freqData);
  const w = spectrum.width;
  const h = spectrum.height;
  g.clearRect(0, 0, w, h);
  const bars = 64;
  for (let i = 0; i < bars; i++) {
    // log-spaced bins
    const from = Math.floor(freqData.length ** (i / bars));
    const to = Math.max(from + 1, Math.floor(freqData.length ** ((i + 1) / bars)));
    let m = 0;
    for (let k = from; k < to && k < freqData.length; k++) m = Math.max(m, freqData[k]);
    const bh = (m / 255) * h;
    g.fillStyle = `hsl(${200 + i}, 80%, ${45 + (m / 255) * 20}%)`;
    g.fillRect((i * w) / bars + 1, h - bh, w / bars - 2, bh);
  }
}
requestAnimationFrame(draw);

// ---- going live -----------------------------------------------------------------------------

const MAX_QUEUED = 256 * 1024;
let congestedSince = 0;
function sendFrame(bytes) {
  // nothing goes out before the server confirmed the broadcast (broadcast:started): frames sent
  // earlier are refused with not_live
  if (!state.live || socket.bufferedAmount > MAX_QUEUED) {
    capture.encoder?.markGap(); // not live yet, or the uplink cannot keep up: drop rather than queue
    return;
  }
  socket.sendBinary(bytes);
}

function bitrateValue() {
  return state.bitrateMode === 'auto' ? 128000 : Number(state.bitrateMode);
}

async function startCapture() {
  // with the aux away it only encodes (and so takes it back without a gap) until a handoff's cut
  state.config = await capture.start(sendFrame, { bitrate: bitrateValue(), hold: auxAway() });
  $('stat-codec').textContent = state.config.codec === 'opus' ? 'Opus (WebCodecs)' : 'PCM (the server encodes)';
  return state.config;
}

async function goLive() {
  say($('air-note'), '');
  if (!capture.hasSource || !clock.ready) return;
  state.starting = true;
  render();
  try {
    const config = await startCapture();
    state.wantLive = true;
    socket.send(broadcastStart(roomId, config));
  } catch (e) {
    state.starting = false;
    say($('air-note'), `Could not go live: ${e.message}`);
  }
  render();
}

/** The room is live but this page sends nothing (after a reload): send again, same broadcast if we can. */
async function resume() {
  state.starting = true;
  render();
  try {
    const config = await startCapture();
    state.wantLive = true;
    const same = state.roomConfig && state.roomConfig.codec === config.codec && state.roomConfig.bitrate === config.bitrate;
    if (same) state.starting = false; // the broadcast goes on: frames flow as soon as they are encoded
    else socket.send(broadcastStart(roomId, config)); // another codec or bitrate: announce it
  } catch (e) {
    state.starting = false;
    say($('air-note'), `Could not resume: ${e.message}`);
  }
  render();
}

function stopLive() {
  state.wantLive = false;
  state.sourceEnded = null;
  capture.stopSending();
  socket.send(broadcastStop(roomId));
  render();
}

clock.on('ready', render);
clock.on('sync', render);

$('go-live').addEventListener('click', goLive);
$('stop-live').addEventListener('click', stopLive);
$('bitrate').addEventListener('change', (e) => {
  state.bitrateMode = e.target.value;
  capture.setBitrate(bitrateValue());
});
$('preset').addEventListener('change', (e) => {
  if (socket.send(roomSettings(roomId, { preset: e.target.value }))) say($('settings-note'), 'Changing the delay…', 3000);
});

setInterval(() => {
  const s = capture.stats();
  $('stat-sent').textContent = s.packets ? `${s.packets} packets, ${(s.bytes / 1024).toFixed(0)} KiB`
    + (s.encoderDropped ? `, ${s.encoderDropped} blocks dropped (encoder behind)` : '') : '–';
  // auto bitrate: step down while the uplink queues, back up when it is clear for a while
  if (state.bitrateMode === 'auto' && capture.live) {
    const now = performance.now();
    const cur = capture.encoder.bitrate;
    if (socket.bufferedAmount > 32 * 1024) {
      congestedSince = now;
      if (cur > 32000) capture.setBitrate(cur > 64000 ? 64000 : 32000);
    } else if (now - congestedSince > 30_000 && cur < 128000) {
      congestedSince = now;
      capture.setBitrate(cur < 64000 ? 64000 : 128000);
    }
  }
}, 1000);

// ---- share ----------------------------------------------------------------------------------

function showShare() {
  $('panel-share').hidden = false;
  if ($('share-link').value) return;
  $('share-link').value = guestUrl;
  $('room-code').textContent = roomId;
  import('./qr.js').then(({ drawQr }) => {
    $('qr').hidden = !drawQr($('qr'), guestUrl);
  }).catch(() => { /* no QR code: the link and the copy button remain */ });
}
function sendAccess(kind, settings) {
  if (!socket.send(roomSettings(roomId, settings))) {
    say($('share-note'), 'Not connected: try again in a moment.', 4000);
    renderAccess();
    return false;
  }
  state.pendingAccess = kind;
  say($('share-note'), 'Saving…');
  return true;
}
$('listed').addEventListener('change', (e) => sendAccess('listed', { listed: e.target.checked }));
$('password-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const password = $('room-password').value;
  if (!password) {
    say($('share-note'), 'Type a password first (up to 64 characters).', 5000);
    $('room-password').focus();
    return;
  }
  sendAccess('set', { password });
});
$('remove-password').addEventListener('click', () => sendAccess('remove', { password: '' }));
$('copy-link').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(guestUrl);
  } catch {
    $('share-link').select();
    document.execCommand?.('copy');
  }
  $('copy-link').textContent = 'Copied';
  setTimeout(() => { $('copy-link').textContent = 'Copy'; }, 2000);
});

// ---- people, health, chat -------------------------------------------------------------------

function updatePeople() {
  renderParticipants($('participants'), people.list, {
    youId: state.you?.userId,
    ...moderation.participantOptions(),
    onCohost: (p, isCohost) => socket.send(userCohost(roomId, p.userId, isCohost)),
    onPassAux: state.live ? passAux : undefined,
    auxUserId: state.live ? state.aux?.userId ?? null : null,
    auxOfferId: state.live ? state.aux?.offeredTo ?? null : null,
  });
  $('guest-count').textContent = String(people.count);
  renderHealth();
}

// The guests the host removed (GET /api/rooms/{id}/bans): read when the studio joins and after each
// kick lands; "Let back in" lifts one (DELETE …/bans/{banId}).
async function refreshBans() {
  try {
    renderBans((await (await hostApi('/bans')).json()).bans);
  } catch (e) {
    say($('bans-note'), `Could not read who was removed: ${e.message}`, 8000);
  }
}

function renderBans(bans) {
  $('bans-box').hidden = bans.length === 0;
  $('bans').replaceChildren(...bans.map((b) => el('li', { class: 'row' },
    el('span', { text: b.username }),
    el('span', { class: 'muted', text: `removed ${new Date(b.bannedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` }),
    el('button', {
      type: 'button', text: 'Let back in', 'aria-label': `Let back in: ${b.username}`,
      onclick: async (ev) => {
        ev.currentTarget.disabled = true;
        try {
          await hostApi(`/bans/${encodeURIComponent(b.banId)}`, { method: 'DELETE' });
          say($('bans-note'), `${b.username} can come back in.`, 6000);
        } catch (e) {
          say($('bans-note'), `Could not let ${b.username} back in: ${e.message}`, 8000);
        }
        refreshBans();
      },
    }))));
}

// A gateway names at most 200 of its listeners per report, the least healthy first (big rooms), so a
// row no report named for three rounds goes: that listener left, or it is fine among thousands.
const HEALTH_TTL_MS = 7000;

function healthOf(h) {
  if (!h.updatedAt) return 'silent'; // listening, but its page has not reported yet
  if (h.late) return 'late';
  if (h.underruns > 0) return 'warn';
  return 'ok';
}

function renderHealth() {
  const now = performance.now();
  for (const [id, h] of health) if (now - h.seenAt > HEALTH_TTL_MS) health.delete(id);
  const rank = { late: 0, warn: 1, silent: 2, ok: 3 };
  const rows = [...health.values()].sort((a, b) => (rank[healthOf(a)] - rank[healthOf(b)]) || a.username.localeCompare(b.username));
  const listeners = Math.max(0, people.count - 1);
  const note = listeners === 0 ? 'No listeners yet. Share the link.'
    : rows.length === 0 ? `${listeners === 1 ? 'Your listener has' : `Your ${listeners} listeners have`} not joined audio yet.`
      : rows.length < listeners ? `Showing ${rows.length} of ${listeners} listeners: the others have not joined audio${listeners > 200 ? ', or are doing fine' : ''}.`
        : '';
  $('health-note').textContent = note;
  const cell = (label, text) => el('td', { dataset: { label }, text });
  $('health').replaceChildren(...rows.map((h) => healthOf(h) === 'silent' ? el('tr', { dataset: { userId: h.userId, health: 'silent' } },
    cell('Listener', h.username), cell('Tier', h.tier), cell('Buffer', '–'), cell('Delay', '–'), cell('Sync', 'no report yet'),
    cell('Drops', '–')) : el('tr', { dataset: { userId: h.userId, health: healthOf(h) } },
    cell('Listener', h.username),
    cell('Tier', h.tier),
    cell('Buffer', `${h.bufferMs} ms`),
    cell('Delay', `${h.latencyMs} ms`),
    cell('Sync', syncCell(h)),
    cell('Drops', String(h.underruns)))));
}

/**
 * A listener's sync as the grid says it: "late"; "approximate (±N ms)" where its browser hides the
 * speaker delay and nothing measured it; the error, with its ± where that is wide (a speaker delay
 * measured by ear, #21) — else just the error.
 */
function syncCell(h) {
  const pm = Math.round(Number(h.syncUncertaintyMs) || 0);
  if (h.late) return 'late';
  if (h.latencyKnown === false) return `approximate (±${pm} ms)`;
  return pm > 5 ? `${Number(h.syncErrorMs).toFixed(1)} ms (±${pm})` : `${Number(h.syncErrorMs).toFixed(1)} ms`;
}

function showUnread(n) {
  $('tab-unread').textContent = String(n);
  $('tab-unread').hidden = n === 0;
  $('unread-count').textContent = String(n);
  $('unread-pill').hidden = n === 0 || narrow();
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

// ---- socket ---------------------------------------------------------------------------------

socket.on('open', () => {
  state.connection = 'open';
  state.refusal = null;
  socket.send(roomJoin(roomId, { hostToken: token || undefined, username: savedUsername() || undefined }));
  render();
});
socket.on('close', ({ willReconnect, reason }) => {
  state.joined = false;
  if (!willReconnect && reason === 'forbidden_origin') end('forbidden_origin');
  render();
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
  clearError();
  state.joined = true;
  state.you = m.you;
  state.isHost = m.you.isHost;
  if (!m.you.isHost) {
    end('not-host', ROOM_PAGE_LINK);
    return;
  }
  document.title = `${m.roomName} · Roomcast studio`;
  $('room-name').textContent = m.roomName;
  $('preset').value = m.preset;
  state.listed = Boolean(m.listed);
  state.hasPassword = Boolean(m.hasPassword);
  state.playoutDelayMs = m.playoutDelayMs;
  renderAccess();
  slowMode.show(m.slowModeSeconds);
  chat.setSlowMode(m.slowModeSeconds, true);
  people.apply(m);
  updatePeople();
  refreshBans();
  chat.setEnabled(true);
  showShare();
  state.live = m.isLive;
  state.roomConfig = m.audioConfig || null;
  state.signal = null;
  state.aux = m.aux || null;
  updatePeople();
  socket.send(requestsList(roomId)); // answered by requests:queue: the open requests (after a reload too)
  if (state.wantLive && capture.live && !m.isLive) socket.send(broadcastStart(roomId, state.config)); // resume after a long drop
  render();
});
socket.on('chat:history', (m) => chat.history(m.messages));
socket.on('requests:queue', (m) => requests.replace(m));
socket.on('request:added', (m) => requests.added(m.request));
socket.on('request:resolved', (m) => requests.resolved(m.requestId));
socket.on('requests:open', (m) => requests.setOpen(m.open));
socket.on('chat:message', (m) => chat.add(m));
socket.on('chat:deleted', (m) => chat.remove(m.messageId));
socket.on('chat:muted', (m) => {
  moderation.heard(m);
  updatePeople();
});
socket.on('user:joined', (m) => {
  people.apply(m);
  updatePeople();
  render();
});
socket.on('user:left', (m) => {
  people.apply(m);
  health.delete(m.userId);
  if (moderation.kicking.delete(m.userId)) refreshBans();
  updatePeople();
  render();
});
socket.on('user:cohost', (m) => {
  people.apply(m);
  say($('bans-note'), m.isCohost
    ? `${m.username} is a co-host now: they can remove and mute guests, delete messages, set slow mode and handle track requests.`
    : `${m.username} is no longer a co-host.`, 8000);
  updatePeople();
});
socket.on('user:renamed', (m) => {
  people.apply(m);
  updatePeople();
});
socket.on('participants:list', (m) => {
  people.apply(m);
  updatePeople();
});
socket.on('aux:offered', (m) => {
  const before = state.aux?.offeredTo;
  state.aux = { ...(state.aux || { userId: state.you?.userId }), offeredTo: m.userId || null };
  if (!m.userId && before) say($('air-note'), `${nameOf(before)} did not take the aux.`, 8000);
  updatePeople();
  render();
});
socket.on('aux:handoff', (m) => {
  state.aux = { userId: m.toUserId, fromUserId: m.fromUserId, atUs: m.atUs, offeredTo: null };
  const me = state.you?.userId;
  if (capture.live && m.fromUserId === me) capture.cut(m.atUs, false);
  if (capture.live && m.toUserId === me) capture.cut(m.atUs, true);
  say($('air-note'), m.toUserId === me ? 'You have the aux again.' : `${nameOf(m.toUserId)} has the aux now.`, 8000);
  updatePeople();
  render();
});
socket.on('broadcast:started', (m) => {
  state.live = true;
  state.aux = null;
  state.announcedId = undefined;
  state.nowPlaying = null;
  // a playlist that already plays: guests hear this track from now on
  const t = capture.kind === 'files' && capture.files?.state === 'playing' ? capture.files.list.current : null;
  if (t) announceTrack({ ...t, atUs: capture.streamTimeNow() });
  renderNowPlaying();
  updatePeople();
  state.starting = false;
  state.roomConfig = m.audioConfig;
  state.signal = null;
  render();
});
socket.on('broadcast:stopped', () => {
  state.live = false;
  state.aux = null;
  state.nowPlaying = null;
  updatePeople();
  state.starting = false;
  state.sourceEnded = null;
  if (capture.live) capture.stopSending();
  state.wantLive = false;
  render();
});
socket.on('broadcast:signal', (m) => {
  state.signal = m.state;
  render();
});
socket.on('broadcast:stats', (m) => {
  $('stat-bitrate').textContent = `${m.bitrate} kbps`;
  $('stat-latency').textContent = `${m.latency} ms (buffer ${m.bufferLevel} ms)`;
  $('stat-loss').textContent = `${(m.loss * 100).toFixed(1)} % / ${Number(m.jitterMs).toFixed(1)} ms`;
  $('guest-count').textContent = String(Math.max(people.count, m.guestCount));
});
// audio refused past the frame burst (3 s of frames at once): this page or its connection stalled and
// what it had captured arrived in a rush; the host sent nothing too fast on purpose
const AUDIO_RUSH_TEXT = 'Your audio reached the server in a rush after a stall (this device or its connection was busy): a moment of it was skipped.';
socket.on('broadcast:error', (m) => say($('air-note'), m.code === 'rate_limited' ? AUDIO_RUSH_TEXT : errorText(m.code, m.message), 8000));
socket.on('room:settings', (m) => {
  const before = { playoutDelayMs: state.playoutDelayMs, listed: state.listed };
  $('preset').value = m.preset;
  state.playoutDelayMs = m.playoutDelayMs;
  state.listed = Boolean(m.listed);
  state.hasPassword = Boolean(m.hasPassword);
  renderAccess();
  slowMode.show(m.slowModeSeconds);
  chat.setSlowMode(m.slowModeSeconds, true);
  if (before.playoutDelayMs !== m.playoutDelayMs) say($('settings-note'), settingsChangeText(before, { playoutDelayMs: m.playoutDelayMs, listed: before.listed }), 4000);
  const pending = state.pendingAccess;
  state.pendingAccess = null;
  if (pending === 'set' && m.hasPassword) {
    $('room-password').value = '';
    say($('share-note'), 'Password saved. Guests who open the link are asked for it.', 8000);
  } else if (pending === 'remove' && !m.hasPassword) {
    say($('share-note'), 'Password removed: anyone with the link can join.', 8000);
  } else if (before.listed !== state.listed) {
    say($('share-note'), settingsChangeText({ listed: before.listed }, { listed: state.listed }), 6000);
  } else if (pending) {
    say($('share-note'), '');
  }
});
socket.on('listeners:health', (m) => {
  const now = performance.now();
  for (const l of m.listeners) health.set(l.userId, { ...health.get(l.userId), ...l, seenAt: now });
  renderHealth();
});
setInterval(renderHealth, 2000);
setInterval(render, 1000);
socket.on('room:closed', () => end(state.closing ? 'closed-by-you' : 'closed'));
socket.on('room:notfound', () => end('notfound'));
socket.on('room:kicked', () => end('kicked'));
socket.on('host:moved', () => {
  forgetHostToken(roomId); // replaced by the other device's
  end('moved', ROOM_PAGE_LINK);
});
socket.on('reactions:update', (m) => reactions.update(m));
socket.on('error', (m) => {
  if (m.ref === 'chat:message') chat.refused(m.code, errorText(m.code, m.message), m.retryAfter);
  else if (m.ref === 'reaction:send') reactionBar.refused(m.code);
  else if (['request:resolve', 'requests:open', 'requests:list'].includes(m.ref)) requests.refused(m.code, m.message);
  else if (m.ref === 'room:settings' && state.pendingAccess) {
    state.pendingAccess = null;
    renderAccess();
    say($('share-note'), errorText(m.code, m.message), 8000);
  } else if (m.ref === 'room:settings') say($('settings-note'), errorText(m.code, m.message), 6000);
  else if (m.ref === 'chat:delete') chat.notice(errorText(m.code, m.message));
  else if (m.ref === 'chat:mute' || m.ref === 'user:cohost') say($('bans-note'), errorText(m.code, m.message), 6000);
  else if (m.ref?.startsWith('aux:')) say($('air-note'), errorText(m.code, m.message), 8000);
  else if (m.ref === 'chat:slowmode') {
    slowMode.failed();
    say($('slow-mode-note'), errorText(m.code, m.message), 6000);
  }
  else if (m.ref === 'user:kick') {
    moderation.kicking.clear();
    say($('bans-note'), errorText(m.code, m.message), 6000);
  } else if (m.ref === 'broadcast:start' || m.ref === 'broadcast:stop') {
    state.starting = false;
    say($('air-note'), errorText(m.code, m.message), 8000);
    render();
  } else if (m.code === 'room_not_found' || m.code === 'room_closed') end('notfound');
  else if (m.code === 'invalid_room_id') end('invalid');
  else if (m.code === 'unauthorized' || m.code === 'forbidden') {
    end('not-host', ROOM_PAGE_LINK);
  } else showError(errorText(m.code, m.message), { autoHideMs: 6000 });
});

window.roomcastDebug = {
  get captureStats() { return capture.stats(); },
  /** Reactions shown: {emoji, atUs, count, lateUs, arrivedUs, own, shownAtPerf}, the last 100. */
  get reactions() { return reactionBar.log; },
  heardUs: () => reactions.heardUs(),
  get clockOffsetUs() { return clock.offsetUs; },
  get clockReady() { return clock.ready; },
  get live() { return state.live; },
  get socketState() { return socket.state; },
  get status() { return $('status').dataset.state; },
  get aux() { return state.aux; },
  get userId() { return state.you?.userId; },
  capture,
  clock,
  socket,
};

initToast();
initTabbar((view) => {
  state.view = view;
  watchChat();
});
watchChat(); // on a phone the page opens on another section than chat: messages count as unread from the start

if (!checkSecureContext()) {
  // plain http from another device: secure-context.js says what to do
} else if (!isValidRoomId(roomId)) {
  end('invalid');
} else if (handoverSecret) {
  chat.setEnabled(false);
  render();
  claimHost(handoverSecret);
} else {
  chat.setEnabled(false);
  render();
  socket.connect();
}
