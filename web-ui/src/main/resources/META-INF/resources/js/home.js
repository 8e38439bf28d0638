// Home: start a room (REST), see the rooms live now (GET /api/rooms every 5 s), join by code or link.
import { cleanName, isValidRoomId, Limits, ProtocolError } from './protocol.js';
import { checkSecureContext } from './secure-context.js';
import { apiUrl } from './socket.js';
import { $, el, errorText, initToast, saveHostToken, savedUsername, saveUsername, say } from './ui.js';

/** A room id from a code or any link that contains /room/<id> or ?room=<id>. */
export function roomIdFrom(input) {
  const s = input.trim();
  if (isValidRoomId(s)) return s;
  const m = s.match(/\/room\/([A-Za-z0-9_-]{12})(?:[/?#]|$)/) || s.match(/[?&]room=([A-Za-z0-9_-]{12})/);
  return m ? m[1] : null;
}

/** The rooms to list: live ones only, most people first (the server does the same; old servers did not). */
export function liveRooms(rooms) {
  const seen = new Set();
  return rooms
    // live with nobody in it: the host left and the room waits out its grace period, a link to nothing
    .filter((r) => r && r.isLive && count(r) > 0 && typeof r.roomId === 'string' && !seen.has(r.roomId) && seen.add(r.roomId))
    .sort((a, b) => (count(b) - count(a)) || String(a.roomName).localeCompare(String(b.roomName)));
}

function count(r) {
  return Number.isFinite(r.participantCount) ? r.participantCount : (r.guestCount ?? 0);
}

async function createRoom(e) {
  e.preventDefault();
  const note = $('create-note');
  let roomName;
  let username = '';
  try {
    roomName = cleanName($('room-name').value, Limits.ROOM_NAME_MAX);
  } catch {
    say(note, 'Give the room a name: 1 to 64 characters, not only spaces or invisible ones.');
    $('room-name').focus();
    return;
  }
  if ($('host-name').value.trim()) {
    try {
      username = cleanName($('host-name').value, Limits.USERNAME_MAX);
    } catch (err) {
      say(note, errorText(err instanceof ProtocolError ? err.code : 'invalid_name'));
      $('host-name').focus();
      return;
    }
    saveUsername(username);
  }
  const button = $('create-room');
  button.disabled = true;
  say(note, '');
  try {
    const res = await fetch(apiUrl('/api/rooms'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ roomName, listed: $('room-listed').checked }),
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(errorText(body?.error?.code, body?.error?.message || `The server said ${res.status}.`));
    saveHostToken(body.roomId, body.hostToken);
    location.assign(`/host.html?room=${encodeURIComponent(body.roomId)}`);
  } catch (err) {
    say(note, `Could not start the room: ${err.message === 'Failed to fetch' ? 'the server cannot be reached.' : err.message}`);
    button.disabled = false;
  }
}

function joinRoom(e) {
  e.preventDefault();
  const id = roomIdFrom($('join-code').value);
  if (!id) {
    say($('join-note'), 'That is not a room code or link: codes are 12 letters, digits, - or _.');
    return;
  }
  location.assign(`/room/${id}`);
}

async function refreshRooms() {
  try {
    const res = await fetch(apiUrl('/api/rooms'));
    if (!res.ok) throw new Error(String(res.status));
    const rooms = liveRooms(await res.json());
    $('room-list').replaceChildren(...rooms.map((r) => {
      const n = count(r);
      return el('li', { dataset: { roomId: r.roomId } },
        el('a', { href: `/room/${encodeURIComponent(r.roomId)}`, text: r.roomName }),
        el('span', { class: 'badge live', text: 'LIVE' }),
        r.hostName ? el('span', { class: 'muted', text: `by ${r.hostName}` }) : null,
        el('span', { class: 'muted', text: n === 1 ? '1 person' : `${n} people` }));
    }));
    $('rooms-empty').hidden = rooms.length > 0;
  } catch {
    // keep the last list; the next refresh retries
  }
}

if (typeof document !== 'undefined') {
  initToast();
  if (checkSecureContext()) {
    $('host-name').value = savedUsername();
    $('create-form').addEventListener('submit', createRoom);
    $('join-form').addEventListener('submit', joinRoom);
    refreshRooms();
    setInterval(refreshRooms, 5000);
  }
}
