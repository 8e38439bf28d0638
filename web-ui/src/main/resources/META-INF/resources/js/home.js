// Home: start a room (REST), browse rooms (GET /api/rooms every 5 s), join by code or link.
import { isValidRoomId, Limits } from './protocol.js';
import { apiUrl } from './socket.js';
import { $, clearError, el, saveHostToken, savedUsername, saveUsername, showError } from './ui.js';

/** A room id from a code or any link that contains /room/<id> or ?room=<id>. */
export function roomIdFrom(input) {
  const s = input.trim();
  if (isValidRoomId(s)) return s;
  const m = s.match(/\/room\/([A-Za-z0-9_-]{12})(?:[/?#]|$)/) || s.match(/[?&]room=([A-Za-z0-9_-]{12})/);
  return m ? m[1] : null;
}

async function createRoom(e) {
  e.preventDefault();
  clearError();
  const roomName = $('room-name').value.trim();
  const username = $('host-name').value.trim();
  if (!roomName || roomName.length > Limits.ROOM_NAME_MAX) {
    showError('Give the room a name (1–64 characters).');
    return;
  }
  if (username) saveUsername(username);
  const button = $('create-room');
  button.disabled = true;
  try {
    const res = await fetch(apiUrl('/api/rooms'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ roomName }),
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body?.error?.message || `The server said ${res.status}.`);
    saveHostToken(body.roomId, body.hostToken);
    location.assign(`/host.html?room=${encodeURIComponent(body.roomId)}`);
  } catch (err) {
    showError(`Could not start the room: ${err.message}`);
    button.disabled = false;
  }
}

function joinRoom(e) {
  e.preventDefault();
  const id = roomIdFrom($('join-code').value);
  if (!id) {
    showError('That is not a room code or link (codes are 12 characters).');
    return;
  }
  location.assign(`/room/${id}`);
}

async function refreshRooms() {
  try {
    const res = await fetch(apiUrl('/api/rooms'));
    if (!res.ok) throw new Error(String(res.status));
    const rooms = await res.json();
    const list = $('room-list');
    list.replaceChildren(...rooms.map((r) => el('li', { dataset: { roomId: r.roomId } },
      el('a', { href: `/room/${encodeURIComponent(r.roomId)}`, text: r.roomName }),
      r.isLive ? el('span', { class: 'badge live', text: 'LIVE' }) : el('span', { class: 'badge', text: 'idle' }),
      el('span', { class: 'muted', text: `${r.guestCount} listening` }))));
    $('rooms-empty').hidden = rooms.length > 0;
  } catch {
    // keep the last list; the next refresh retries
  }
}

if (typeof document !== 'undefined') {
  $('host-name').value = savedUsername();
  $('create-form').addEventListener('submit', createRoom);
  $('join-form').addEventListener('submit', joinRoom);
  refreshRooms();
  setInterval(refreshRooms, 5000);
}
