// Small DOM helpers shared by the pages. User text only ever goes in with textContent.

export const $ = (id) => document.getElementById(id);

/** createElement with attributes ({class, text, dataset, aria-*, on*}) and children. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

let errorTimer = null;

/** Shows a message in the #error banner (sticky unless `autoHideMs`). */
export function showError(message, { autoHideMs = 0 } = {}) {
  const box = $('error');
  if (!box) return;
  box.textContent = message;
  box.hidden = false;
  clearTimeout(errorTimer);
  if (autoHideMs) errorTimer = setTimeout(clearError, autoHideMs);
}

export function clearError() {
  const box = $('error');
  if (box) {
    box.hidden = true;
    box.textContent = '';
  }
}

export function formatClock(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

const USERNAME_KEY = 'roomcast.username';

export function savedUsername() {
  try {
    return localStorage.getItem(USERNAME_KEY) || '';
  } catch {
    return '';
  }
}

export function saveUsername(name) {
  try {
    localStorage.setItem(USERNAME_KEY, name);
  } catch { /* private mode */ }
}

const tokenKey = (roomId) => `roomcast.hostToken.${roomId}`;

/** The host token lives in the tab's sessionStorage and in localStorage (reopen as host later). */
export function saveHostToken(roomId, token) {
  for (const s of [sessionStorage, localStorage]) {
    try {
      s.setItem(tokenKey(roomId), token);
    } catch { /* storage off */ }
  }
}

export function hostToken(roomId) {
  for (const s of [sessionStorage, localStorage]) {
    try {
      const t = s.getItem(tokenKey(roomId));
      if (t) return t;
    } catch { /* storage off */ }
  }
  return null;
}

export function forgetHostToken(roomId) {
  for (const s of [sessionStorage, localStorage]) {
    try {
      s.removeItem(tokenKey(roomId));
    } catch { /* storage off */ }
  }
}

/** Human words for server error codes. */
export function errorText(code, fallback) {
  return ({
    room_not_found: 'This room does not exist (or has closed).',
    room_full: 'This room is full.',
    room_closed: 'This room has closed.',
    kicked: 'You were removed from this room by the host.',
    password_required: 'This room needs a password.',
    rate_limited: 'Slow down a little: too many messages.',
    not_host: 'Only the host can do that.',
    unauthorized: 'This browser\'s host key for the room is not valid.',
    chat_too_long: 'Messages are at most 500 characters.',
    chat_empty: 'Type a message first.',
    invalid_name: 'Names are 1–32 characters.',
    unavailable: 'The server is busy. Retrying…',
    too_many_connections: 'Too many connections from this network.',
    forbidden_origin: 'This page is not allowed to connect to the server.',
  })[code] || fallback || `Error: ${code}`;
}
