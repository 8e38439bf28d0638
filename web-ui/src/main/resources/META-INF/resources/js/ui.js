// Small DOM helpers shared by the pages. User text only ever goes in with textContent.
import { getSetting, setSetting } from './settings.js';

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

let toastTimer = null;

/**
 * A message at the bottom of the screen, where a phone user looks (#toast, fixed): for what has no
 * control of its own. Sticky unless `autoHideMs`. Errors of a control go next to it (`say`).
 */
export function showError(message, { autoHideMs = 0 } = {}) {
  const box = $('toast');
  if (!box) return;
  box.querySelector('.toast-text').textContent = message;
  box.hidden = false;
  clearTimeout(toastTimer);
  if (autoHideMs) toastTimer = setTimeout(clearError, autoHideMs);
}

export function clearError() {
  const box = $('toast');
  if (box) {
    box.hidden = true;
    box.querySelector('.toast-text').textContent = '';
  }
}

/** Wires the toast's close button (call once per page). */
export function initToast() {
  $('toast')?.querySelector('.toast-close')?.addEventListener('click', clearError);
}

const noteTimers = new WeakMap();

/** A sentence next to the control it is about (an element with aria-live), cleared after `ms` if given. */
export function say(node, text, ms = 0) {
  if (!node) return;
  node.textContent = text;
  clearTimeout(noteTimers.get(node));
  if (ms && text) noteTimers.set(node, setTimeout(() => { node.textContent = ''; }, ms));
}

export function formatClock(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function savedUsername() {
  return getSetting('username');
}

export function saveUsername(name) {
  setSetting('username', name);
}

/**
 * Phone layout: a tab bar switches which section of the page shows (`main[data-view]`); on a wide
 * screen every section shows and the bar is hidden by CSS. Returns a function to switch views.
 */
export function initTabbar(onView = () => {}) {
  const main = document.querySelector('main');
  const tabs = [...document.querySelectorAll('.tabbar [data-view]')];
  const show = (view) => {
    main.dataset.view = view;
    for (const t of tabs) t.setAttribute('aria-current', String(t.dataset.view === view));
    onView(view);
  };
  for (const t of tabs) t.addEventListener('click', () => show(t.dataset.view));
  return show;
}

/** True when the phone layout (one section at a time) is in use. */
export function narrow() {
  return window.matchMedia('(max-width: 700px)').matches;
}

/**
 * Shows the end of a visit (room not found, closed, removed...) in place of the page's sections:
 * a heading, a sentence and the way home.
 */
export function showEnding(title, text) {
  const box = $('ending');
  if (!box) return;
  $('ending-title').textContent = title;
  $('ending-text').textContent = text;
  box.hidden = false;
  document.querySelector('main').dataset.ended = 'true';
  document.body.dataset.ended = 'true';
  const h1 = $('room-name');
  if (h1) h1.textContent = '';
  document.title = `${title} · Roomcast`;
  box.querySelector('a')?.focus();
}

const passwordKey = (roomId) => `roomcast.password.${roomId}`;

/** A room password that let this tab in: kept for the tab's session only (a reload or reconnect rejoins with it). */
export function savePassword(roomId, password) {
  try {
    sessionStorage.setItem(passwordKey(roomId), password);
  } catch { /* storage off: asked again after a reload */ }
}

export function savedPassword(roomId) {
  try {
    return sessionStorage.getItem(passwordKey(roomId)) || null;
  } catch {
    return null;
  }
}

export function forgetPassword(roomId) {
  try {
    sessionStorage.removeItem(passwordKey(roomId));
  } catch { /* storage off */ }
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

/** Human words for every error code a page can receive (ErrorCode.java). */
export const ERROR_TEXT = Object.freeze({
  bad_json: 'The page sent something the server could not read. Reload the page.',
  bad_message: 'The page sent something the server could not read. Reload the page.',
  unknown_type: 'This page is older than the server. Reload the page.',
  too_large: 'That was too long for the server.',
  rate_limited: 'Slow down a little: too many messages at once.',
  not_in_room: 'You are not in the room any more. Reload the page to join again.',
  already_in_room: 'This tab is already in a room.',
  wrong_room: 'That was meant for another room. Reload the page.',
  not_host: 'Only the host can do that.',
  not_cohost: 'Only the host or a co-host can do that.',
  not_live: 'The broadcast has not started yet.',
  room_not_found: 'This room does not exist (or has closed).',
  room_full: 'This room is full.',
  room_closed: 'This room has closed.',
  invalid_room_id: 'That is not a room code: codes are 12 letters, digits, - or _.',
  invalid_name: 'Names are 1 to 32 characters, and not only spaces or invisible characters.',
  name_taken: 'Someone in this room already has that name (or one that looks just like it). Pick another.',
  requests_off: 'The host is not taking requests right now.',
  requests_full: 'The host has a long list of requests already. Try again later.',
  request_not_found: 'That request was already played or dismissed.',
  chat_empty: 'Type a message first.',
  chat_too_long: 'Messages are at most 500 characters.',
  kicked: 'You were removed from this room by the host.',
  banned: 'The host removed you from this room, so this browser cannot come back in.',
  muted: 'The host muted you in chat for a while.',
  slow_mode: 'Slow mode is on: wait a little before your next message.',
  password_required: 'This room needs a password.',
  wrong_password: 'That password is not right.',
  too_many_attempts: 'Too many wrong passwords. Wait a minute, then try again.',
  unauthorized: 'This browser\'s host key for the room is not valid.',
  forbidden: 'This browser\'s host key for the room is not valid.',
  bad_frame: 'The server could not use a piece of your audio; it skipped it.',
  bad_codec: 'The server refused the audio format. Stop and go live again.',
  bad_audio_config: 'The server refused the audio settings. Pick another bitrate and go live again.',
  unavailable: 'The server is busy. Try again in a moment.',
  too_many_connections: 'Too many Roomcast connections from your network: close other Roomcast tabs.',
  forbidden_origin: 'This page is not allowed to connect to the server.',
  internal: 'Something went wrong on the server. Try again.',
});

export function errorText(code, fallback) {
  return ERROR_TEXT[code] || fallback || 'Something went wrong. Try again.';
}
