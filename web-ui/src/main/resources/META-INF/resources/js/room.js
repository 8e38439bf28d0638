// The guest page: /room/<id>. Joins over the socket, keeps participants and chat, and plays the
// host in sync once the guest taps "Join audio".
import { ChatView, renderParticipants } from './chat.js';
import { Clock } from './clock.js';
import { Player } from './player.js';
import { Roster } from './roster.js';
import {
  chatSend, isValidRoomId, PRESETS, qualityRequest, roomJoin, statsReport, userRename,
} from './protocol.js';
import { Socket } from './socket.js';
import { $, clearError, el, errorText, savedUsername, saveUsername, showError } from './ui.js';

const pathId = location.pathname.match(/\/room\/([A-Za-z0-9_-]{12})/)?.[1];
const roomId = pathId || new URLSearchParams(location.search).get('room');

const socket = new Socket();
const clock = new Clock(socket);
const player = new Player(clock);
const people = new Roster();
const state = {
  joined: false, you: null, hostId: null, live: false, hostConnected: true, tier: null, tierMode: 'auto',
  delayMs: PRESETS.live.playoutDelayMs, closed: false,
};
const chat = new ChatView($('chat-list'), $('chat-form'), (text) => socket.send(chatSend(roomId, text)));

function setStatus(text, warn = false) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('warn', warn);
}

function updateLive() {
  const badge = $('live-badge');
  badge.dataset.live = String(state.live);
  badge.textContent = state.live ? 'LIVE' : 'offline';
  if (state.closed) return;
  if (!socket.isOpen && state.joined) setStatus('Reconnecting…', true);
  else if (state.live && !state.hostConnected) setStatus('Host reconnecting…', true);
  else if (!state.live) setStatus(state.joined ? 'The host is not broadcasting right now.' : 'Connecting…');
  else if (!player.started) setStatus('Live. Tap "Join audio" to listen.');
  else if (player.state === 'late') setStatus('Playing late: your connection is slower than the room delay.', true);
  else if (player.state === 'playing') setStatus('Playing in sync.');
  else setStatus('Buffering…');
}

function updatePeople() {
  const list = $('participants');
  renderParticipants(list, people.list, { youId: state.you?.userId });
  // a big room lists only some participants (room:joined's first ~100, then batched updates)
  if (people.more > 0) list.append(el('li', { class: 'participant more', dataset: { testid: 'more-participants' }, text: `+${people.more} more` }));
  $('guest-count').textContent = String(people.count);
  const host = people.host;
  $('host-name').textContent = host ? host.username : '–';
}

function setDelay(ms) {
  state.delayMs = ms;
  player.setDelay(ms);
  $('delay-ms').textContent = `${ms} ms`;
}

function fatal(message) {
  state.closed = true;
  state.live = false;
  showError(message);
  setStatus(message, true);
  chat.setEnabled(false);
  $('join-audio').disabled = true;
  player.stop();
  socket.close();
  updateLive();
}

socket.on('open', () => {
  clearError();
  const username = savedUsername() || undefined;
  socket.send(roomJoin(roomId, { username }));
});
socket.on('close', ({ willReconnect }) => {
  if (!willReconnect && !state.closed) showError('Disconnected from the server.');
  updateLive();
});
socket.on('reconnecting', ({ delayMs }) => setStatus(`Connection lost. Reconnecting in ${Math.ceil(delayMs / 1000)} s…`, true));
socket.on('room:joined', (m) => {
  state.joined = true;
  state.you = m.you;
  state.hostId = m.hostId;
  state.live = m.isLive;
  state.hostConnected = m.hostConnected;
  document.title = `${m.roomName} · Roomcast`;
  $('room-name').textContent = m.roomName;
  people.reset(m.participants, m.participantCount, m.hostId);
  setDelay(m.playoutDelayMs);
  if (!$('username').value) $('username').value = m.you.username;
  chat.setEnabled(true);
  socket.send(qualityRequest(state.tierMode)); // answered by quality:changed: the tier shown
  updatePeople();
  updateLive();
});
socket.on('chat:history', (m) => chat.history(m.messages));
socket.on('chat:message', (m) => chat.add(m));
socket.on('user:joined', (m) => {
  people.joined({ userId: m.userId, username: m.username, isHost: m.isHost }, m.participantCount);
  if (m.isHost) state.hostId = m.userId;
  updatePeople();
});
socket.on('user:left', (m) => {
  people.left(m.userId, m.participantCount);
  updatePeople();
});
// big rooms: guests get joins and leaves batched (the host still gets them one by one)
socket.on('participants:update', (m) => {
  people.update(m);
  updatePeople();
});
socket.on('user:renamed', (m) => {
  people.renamed(m.userId, m.username);
  if (state.you && m.userId === state.you.userId) state.you.username = m.username;
  updatePeople();
});
socket.on('participants:list', (m) => {
  people.reset(m.participants, m.participantCount);
  updatePeople();
});
socket.on('broadcast:started', (m) => {
  state.live = true;
  state.hostConnected = true;
  setDelay(m.playoutDelayMs);
  player.reset();
  updateLive();
});
socket.on('broadcast:stopped', (m) => {
  state.live = false;
  player.reset();
  setStatus(m.reason === 'host_lost' ? 'The host left; the broadcast ended.' : 'The host stopped the broadcast.');
  $('live-badge').dataset.live = 'false';
  $('live-badge').textContent = 'offline';
});
socket.on('host:status', (m) => {
  state.hostConnected = m.connected;
  updateLive();
});
socket.on('room:settings', (m) => setDelay(m.playoutDelayMs));
socket.on('quality:changed', (m) => {
  state.tier = m.tier;
  player.note('tier', { tier: m.tier, reason: m.reason });
  $('tier').textContent = m.auto ? `${m.tier} (auto)` : m.tier;
});
socket.on('room:closed', () => fatal('This room has closed.'));
socket.on('room:notfound', () => fatal(errorText('room_not_found')));
socket.on('room:full', (m) => fatal(`This room is full (${m.maxUsers} listeners).`));
socket.on('room:kicked', () => fatal(errorText('kicked')));
socket.on('error', (m) => {
  if (m.ref === 'chat:message') chat.notice(errorText(m.code, m.message));
  else if (m.code === 'kicked' || m.code === 'password_required' || m.code === 'room_not_found') fatal(errorText(m.code, m.message));
  else showError(errorText(m.code, m.message), { autoHideMs: 6000 });
});
socket.on('binary', (buf) => player.handleFrame(buf));

player.on('error', (e) => showError(e.message || String(e)));
player.on('state', updateLive);
player.on('stats', (s) => {
  $('buffer-ms').textContent = `${Math.round(s.bufferMs)} ms`;
  $('latency-ms').textContent = `${Math.round(s.latencyMs)} ms`;
  $('sync-error').textContent = `${s.syncErrorMs.toFixed(1)} ms${s.late ? ' (late)' : ''}`;
  const info = $('sync-info');
  info.dataset.syncError = s.syncErrorMs.toFixed(2);
  info.dataset.bufferMs = String(Math.round(s.bufferMs));
  info.dataset.late = String(s.late);
  info.dataset.playedPackets = String(s.playedPackets);
  updateLive();
  if (!state.live || !socket.isOpen) return;
  try {
    socket.send(statsReport({
      bufferMs: Math.min(60000, Math.max(0, s.bufferMs + s.jitterBufferMs)),
      latencyMs: Math.min(60000, Math.max(0, s.latencyMs)),
      syncErrorMs: Math.max(-60000, Math.min(60000, Math.round(s.syncErrorMs * 10) / 10)),
      underruns: s.underruns,
      late: s.late,
    }));
  } catch { /* out of range: skip this report */ }
  // Automatic tier choice belongs to the server (docs/SYNC.md): in "auto" the page only reports.
});

$('join-audio').addEventListener('click', async () => {
  const button = $('join-audio');
  if (player.started) {
    await player.stop();
    button.textContent = 'Join audio';
    button.setAttribute('aria-pressed', 'false');
    updateLive();
    return;
  }
  if (!Player.supported()) {
    showError('This browser cannot play Roomcast audio (no AudioWorklet).');
    return;
  }
  button.disabled = true;
  try {
    await player.start();
    player.setVolume(Number($('volume').value));
    player.setNudge(Number($('nudge').value));
    player.setDelay(state.delayMs);
    button.textContent = 'Leave audio';
    button.setAttribute('aria-pressed', 'true');
  } catch (e) {
    showError(`Could not start audio: ${e.message}`);
  } finally {
    button.disabled = false;
    updateLive();
  }
});
$('volume').addEventListener('input', (e) => player.setVolume(Number(e.target.value)));
$('nudge').addEventListener('input', (e) => {
  player.setNudge(Number(e.target.value));
  $('nudge-value').textContent = `${e.target.value} ms`;
});
$('tier-select').addEventListener('change', (e) => {
  state.tierMode = e.target.value;
  socket.send(qualityRequest(state.tierMode)); // auto: the gateway moves us on congestion, the page never asks
});
$('rename-form').addEventListener('submit', (e) => {
  e.preventDefault();
  try {
    const msg = userRename($('username').value);
    socket.send(msg);
    saveUsername(msg.username);
  } catch {
    showError(errorText('invalid_name'), { autoHideMs: 4000 });
  }
});

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

if (!isValidRoomId(roomId)) {
  fatal('This link has no valid room code.');
} else {
  chat.setEnabled(false);
  socket.connect();
}
