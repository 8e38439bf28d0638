// The host studio: /host.html?room=<id>. Joins as host with the token this browser kept, picks a
// source, goes live, and shows meter, spectrum, people, listener health and chat.
import { Capture, captureSupport, CaptureError, listInputDevices } from './capture.js';
import { ChatView, renderParticipants } from './chat.js';
import { Clock } from './clock.js';
import {
  broadcastStart, broadcastStop, chatSend, isValidRoomId, roomJoin, roomSettings, userKick,
} from './protocol.js';
import { Socket } from './socket.js';
import { $, clearError, el, errorText, hostToken, savedUsername, showError } from './ui.js';

const roomId = new URLSearchParams(location.search).get('room');
const token = isValidRoomId(roomId) ? hostToken(roomId) : null;
const guestUrl = `${location.origin}/room/${roomId}`;

const socket = new Socket();
const clock = new Clock(socket);
const capture = new Capture(clock);
const chat = new ChatView($('chat-list'), $('chat-form'), (text) => socket.send(chatSend(roomId, text)));
const people = new Map();
const health = new Map();
const state = { starting: false, joined: false, you: null, live: false, wantLive: false, bitrateMode: '128000', closed: false, config: null };
const support = captureSupport();

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
if (!support.display) selectTab(support.input ? 'input' : 'files');
else selectTab('display');

/** Go live needs: joined as host, a source, the clock synced, not live nor starting already. */
function updateGoLive() {
  const b = $('go-live');
  b.disabled = state.live || state.starting || !state.joined || !capture.source || !clock.ready;
  b.title = !state.joined ? 'Connecting to the room…' : !capture.source ? 'Pick a source first'
    : !clock.ready ? 'Syncing the clock with the server…' : '';
}

function sourceReady(text) {
  $('source-status').textContent = text;
  updateGoLive();
}

$('pick-display').addEventListener('click', async () => {
  clearError();
  try {
    const label = await capture.openDisplay();
    sourceReady(`Sharing: ${label || 'tab audio'}`);
  } catch (e) {
    showError(e instanceof CaptureError ? e.message : `Could not share: ${e.message}`);
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
  } catch (e) {
    showError(`Cannot list input devices: ${e.message}`);
  }
}

$('use-device').addEventListener('click', async () => {
  clearError();
  try {
    const label = await capture.openDevice($('device-select').value);
    sourceReady(`Input: ${label || 'device'}`);
  } catch (e) {
    showError(`Could not open the device: ${e.message}`);
  }
});

function renderPlaylist() {
  $('playlist').replaceChildren(...capture.playlist.map((f, i) => el('li', { 'aria-current': String(i === capture.track) },
    el('span', { text: f.name }),
    el('span', { class: 'muted', text: `${Math.round(f.buffer.duration)} s` }),
    el('button', { type: 'button', 'aria-label': `Play ${f.name}`, text: '▶', onclick: () => capture.playFile(i) }),
    el('button', { type: 'button', 'aria-label': `Remove ${f.name}`, text: '✕', onclick: () => { capture.removeFile(i); renderPlaylist(); } }))));
}

$('file-input').addEventListener('change', async (e) => {
  await capture.addFiles([...e.target.files]);
  e.target.value = '';
  renderPlaylist();
});
$('play-files').addEventListener('click', async () => {
  if (capture.playlist.length === 0) {
    showError('Add some audio files first.', { autoHideMs: 4000 });
    return;
  }
  await capture.playFile(0);
  sourceReady('Playing files.');
});
capture.on('track', () => renderPlaylist());
capture.on('ended', () => {
  sourceReady('The source ended. Pick a source to keep broadcasting.');
  renderPlaylist();
});
capture.on('error', (e) => showError(e.message || String(e)));

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
  if (socket.bufferedAmount > MAX_QUEUED) {
    capture.encoder?.markGap(); // the uplink cannot keep up: drop rather than queue without end
    return;
  }
  socket.sendBinary(bytes);
}

function bitrateValue() {
  return state.bitrateMode === 'auto' ? 128000 : Number(state.bitrateMode);
}

async function goLive() {
  clearError();
  if (!capture.source) {
    showError('Pick a source first.');
    return;
  }
  if (!clock.ready) {
    showError('Still syncing the clock with the server, try again in a second.', { autoHideMs: 3000 });
    return;
  }
  state.starting = true;
  updateGoLive();
  try {
    state.config = await capture.start(sendFrame, { bitrate: bitrateValue() });
    state.wantLive = true;
    socket.send(broadcastStart(roomId, state.config));
    $('stat-codec').textContent = state.config.codec === 'opus' ? 'Opus (WebCodecs)' : 'PCM (the server encodes)';
  } catch (e) {
    showError(`Could not go live: ${e.message}`);
  } finally {
    state.starting = false;
    updateGoLive();
  }
}

function stopLive() {
  state.wantLive = false;
  capture.stopSending();
  socket.send(broadcastStop(roomId));
}

function setLive(live) {
  state.live = live;
  const badge = $('live-badge');
  badge.dataset.live = String(live);
  badge.textContent = live ? 'LIVE' : 'offline';
  $('go-live').hidden = live;
  $('stop-live').hidden = !live;
  updateGoLive();
}
clock.on('ready', updateGoLive);
clock.on('sync', updateGoLive);

$('go-live').addEventListener('click', goLive);
$('stop-live').addEventListener('click', stopLive);
$('bitrate').addEventListener('change', (e) => {
  state.bitrateMode = e.target.value;
  capture.setBitrate(bitrateValue());
});
$('preset').addEventListener('change', (e) => socket.send(roomSettings(roomId, { preset: e.target.value })));

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

$('share-link').value = guestUrl;
$('room-code').textContent = roomId || '';
$('copy-link').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(guestUrl);
    $('copy-link').textContent = 'Copied';
  } catch {
    $('share-link').select();
    document.execCommand?.('copy');
    $('copy-link').textContent = 'Copied';
  }
  setTimeout(() => { $('copy-link').textContent = 'Copy'; }, 2000);
});
import('./qr.js').then(({ drawQr }) => {
  $('qr').hidden = !drawQr($('qr'), guestUrl);
}).catch(() => { /* no QR code: the link and the copy button remain */ });

// ---- people, health, chat -------------------------------------------------------------------

function updatePeople() {
  renderParticipants($('participants'), [...people.values()], {
    youId: state.you?.userId,
    onKick: (p) => {
      if (confirm(`Remove ${p.username} from the room?`)) socket.send(userKick(roomId, p.userId));
    },
  });
  $('guest-count').textContent = String(people.size);
}

// A gateway names at most 200 of its listeners per report, the least healthy first (big rooms), so a
// row no report named for three rounds goes: that listener left, or it is fine among thousands.
const HEALTH_TTL_MS = 7000;

function renderHealth() {
  const now = performance.now();
  for (const [id, h] of health) if (now - h.seenAt > HEALTH_TTL_MS) health.delete(id);
  const rows = [...health.values()].sort((a, b) => (b.late - a.late) || a.username.localeCompare(b.username));
  const listeners = Math.max(0, people.size - 1);
  $('health-note').textContent = rows.length < listeners
    ? `The ${rows.length} least healthy of ${listeners} listeners (late ones first).` : '';
  $('health').replaceChildren(...rows.map((h) => el('tr', { dataset: { userId: h.userId, ok: String(!h.late && h.underruns === 0) } },
    el('td', { text: h.username }),
    el('td', { text: h.tier }),
    el('td', { text: `${h.bufferMs} ms` }),
    el('td', { text: `${h.latencyMs} ms` }),
    el('td', { text: h.late ? 'late' : `${Number(h.syncErrorMs).toFixed(1)} ms` }),
    el('td', { text: String(h.underruns) }))));
}

socket.on('open', () => {
  socket.send(roomJoin(roomId, { hostToken: token, username: savedUsername() || undefined }));
});
socket.on('reconnecting', ({ delayMs }) => showError(`Connection lost. Reconnecting in ${Math.ceil(delayMs / 1000)} s… (guests keep the stream for a while)`));
socket.on('room:joined', (m) => {
  clearError();
  state.joined = true;
  state.you = m.you;
  if (!m.you.isHost) {
    showError('This browser is not the host of this room. Guests listen at the room link.');
  }
  document.title = `${m.roomName} · Roomcast studio`;
  $('room-name').textContent = m.roomName;
  $('preset').value = m.preset;
  people.clear();
  for (const p of m.participants) people.set(p.userId, p);
  updatePeople();
  chat.setEnabled(true);
  setLive(m.isLive);
  if (state.wantLive && capture.live && !m.isLive) socket.send(broadcastStart(roomId, state.config)); // resume after a long drop
  if (!state.wantLive && m.isLive && !capture.live) {
    $('source-status').textContent = 'The room is live from before a reload: pick a source and press Go live, or Stop.';
  }
});
socket.on('chat:history', (m) => chat.history(m.messages));
socket.on('chat:message', (m) => chat.add(m));
socket.on('user:joined', (m) => {
  people.set(m.userId, { userId: m.userId, username: m.username, isHost: m.isHost });
  updatePeople();
});
socket.on('user:left', (m) => {
  people.delete(m.userId);
  health.delete(m.userId);
  updatePeople();
  renderHealth();
});
socket.on('user:renamed', (m) => {
  const p = people.get(m.userId);
  if (p) p.username = m.username;
  updatePeople();
});
socket.on('participants:list', (m) => {
  people.clear();
  for (const p of m.participants) people.set(p.userId, p);
  updatePeople();
});
socket.on('broadcast:started', () => setLive(true));
socket.on('broadcast:stopped', () => {
  setLive(false);
  if (capture.live) capture.stopSending();
  state.wantLive = false;
});
socket.on('broadcast:stats', (m) => {
  $('stat-bitrate').textContent = `${m.bitrate} kbps`;
  $('stat-latency').textContent = `${m.latency} ms (buffer ${m.bufferLevel} ms)`;
  $('stat-loss').textContent = `${(m.loss * 100).toFixed(1)} % / ${Number(m.jitterMs).toFixed(1)} ms`;
  $('guest-count').textContent = String(Math.max(people.size, m.guestCount));
});
socket.on('broadcast:error', (m) => showError(`The server refused audio: ${m.code} (${m.message})`, { autoHideMs: 8000 }));
socket.on('room:settings', (m) => { $('preset').value = m.preset; });
socket.on('listeners:health', (m) => {
  const now = performance.now();
  for (const l of m.listeners) health.set(l.userId, { ...health.get(l.userId), ...l, seenAt: now });
  renderHealth();
});
setInterval(renderHealth, 2000);
function fatal(text) {
  state.closed = true;
  showError(text);
  capture.close();
  socket.close();
  setLive(false);
}
socket.on('room:closed', () => fatal('This room has closed.'));
socket.on('room:notfound', () => fatal(errorText('room_not_found')));
socket.on('room:kicked', () => fatal(errorText('kicked')));
socket.on('error', (m) => {
  if (m.ref === 'chat:message') chat.notice(errorText(m.code, m.message));
  else if (m.code === 'unauthorized' || m.code === 'forbidden') showError(errorText('unauthorized'));
  else showError(errorText(m.code, m.message), { autoHideMs: 6000 });
});

window.roomcastDebug = {
  get capture() { return capture.stats(); },
  get clockOffsetUs() { return clock.offsetUs; },
  get clockReady() { return clock.ready; },
  get live() { return state.live; },
  get socketState() { return socket.state; },
  capture,
  clock,
  socket,
};

if (!isValidRoomId(roomId)) {
  showError('This studio link has no valid room code.');
} else {
  if (!token) showError('This browser has no host key for this room, so you join as a guest. Start a room from the home page to host.');
  chat.setEnabled(false);
  socket.connect();
}
