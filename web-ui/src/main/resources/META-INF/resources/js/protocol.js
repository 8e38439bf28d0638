// The wire, mirrored from the Java `protocol` module (dev.roomcast.protocol). The Java records are
// the source of truth; protocol/test-vectors.json keeps the two equal (test/protocol.test.mjs).
// Pure: no DOM, usable in pages, workers, worklets and node.

/** Hard limits of the wire (Limits.java). */
export const Limits = Object.freeze({
  MAX_TEXT_MESSAGE_BYTES: 16 * 1024,
  MAX_BINARY_MESSAGE_BYTES: 64 * 1024,
  MAX_JSON_DEPTH: 8,
  MAX_JSON_STRING: 4096,
  ROOM_NAME_MAX: 64,
  USERNAME_MAX: 32,
  CHAT_MESSAGE_MAX: 500,
  PASSWORD_MAX: 64,
  DEVICE_KEY_MIN: 16,
  DEVICE_KEY_MAX: 64,
  MUTE_MAX_SECONDS: 86400,
  SLOW_MODE_MAX_SECONDS: 3600,
  AUX_LEAD_MS: 1000, // the aux changes hands this long after the accept (server ms)
  AUX_CUT_SLACK_US: 10000, // the old broadcaster's last packet ends within this of the cut
  TRACK_TEXT_MAX: 200, // a track's title, artist or album (track:set), code points
  ART_MAX_BYTES: 256 * 1024, // a cover art upload (PUT /api/rooms/{id}/art)
  ART_MAX_SIDE: 512, // px: the studio scales a cover to fit before it uploads it
  PEEK_MAX_BYTES: 64 * 1024, // a tab peek frame (PUT /api/rooms/{id}/peek)
  PEEK_MAX_WIDTH: 320, // px: the studio scales a peek frame to fit PEEK_MAX_WIDTH × PEEK_MAX_WIDTH
  PEEK_MIN_INTERVAL_MS: 2000, // a room takes at most one peek frame per interval (rate_limited)
  PEEK_TTL_MS: 20000, // a frame lives this long unless the next replaces it; a guest hides an older one
  PEEK_INTERVAL_MS: 5000, // the studio sends a peek frame this often
  CHAT_HISTORY: 100,
  REQUEST_TEXT_MAX: 200, // a track request's text (request:send), code points, cleaned as a track title
  REQUESTS_OPEN_MAX: 50, // open requests a room keeps; past it a new one is refused requests_full
  REQUEST_INTERVAL_SECONDS: 20, // one request per member per interval, after a burst of REQUEST_BURST
  REQUEST_BURST: 2,
  HEARD_AT_PAST_US: 30000000, // a stream time a listener sends (reaction:send, chat:message atUs): at most this far behind now
  HEARD_AT_AHEAD_US: 2000000, // ... and at most this far ahead (clock error)
  REACTIONS_PER_SECOND: 3, // per socket, after a burst of REACTION_BURST
  REACTION_BURST: 8,
  REACTION_WINDOW_MS: 200, // at most one reactions:update per socket per window
  REACTION_SLOT_US: 100000, // reactions are counted per emoji per slot of stream time
  REACTION_COUNTS_MAX: 64,
  SAMPLE_RATE: 48000,
  CHANNELS: 2,
  PACKET_SAMPLES: 960,
  PACKET_DURATION_US: 20000,
  MAX_OPUS_PACKET: 1275,
  PCM_PACKET_BYTES: 960 * 2 * 2,
  MAX_PACKETS_PER_FRAME: 50,
  MIN_BITRATE: 16000,
  MAX_BITRATE: 256000,
  SILENCE_DBFS: -60,
  SILENCE_AFTER_MS: 10000,
  NO_AUDIO_AFTER_MS: 3000,
  ROOM_ID_LENGTH: 12,
});

/**
 * The fixed set of reactions (Reactions.java; index = order): fire, red heart, laughing, clapping,
 * raised hands, astonished. Anything else is refused with bad_message.
 */
export const REACTIONS = Object.freeze([
  { emoji: '\u{1F525}', label: 'Fire' },
  { emoji: '\u2764\uFE0F', label: 'Love it' },
  { emoji: '\u{1F602}', label: 'Laughing' },
  { emoji: '\u{1F44F}', label: 'Applause' },
  { emoji: '\u{1F64C}', label: 'Hands up' },
  { emoji: '\u{1F62E}', label: 'Wow' },
]);

/** Opus adds a fixed decoder delay of 312 samples (6.5 ms) at 48 kHz. */
export const OPUS_DECODER_DELAY_SAMPLES = 312;

/** ErrorCode.java wire names. */
export const ErrorCode = Object.freeze({
  BAD_JSON: 'bad_json',
  BAD_MESSAGE: 'bad_message',
  UNKNOWN_TYPE: 'unknown_type',
  TOO_LARGE: 'too_large',
  RATE_LIMITED: 'rate_limited',
  NOT_IN_ROOM: 'not_in_room',
  ALREADY_IN_ROOM: 'already_in_room',
  WRONG_ROOM: 'wrong_room',
  NOT_HOST: 'not_host',
  INVALID_NAME: 'invalid_name',
  NAME_TAKEN: 'name_taken',
  INVALID_ROOM_ID: 'invalid_room_id',
  ROOM_NOT_FOUND: 'room_not_found',
  ROOM_FULL: 'room_full',
  ROOM_CLOSED: 'room_closed',
  PASSWORD_REQUIRED: 'password_required',
  WRONG_PASSWORD: 'wrong_password',
  TOO_MANY_ATTEMPTS: 'too_many_attempts',
  KICKED: 'kicked',
  BANNED: 'banned',
  MUTED: 'muted',
  SLOW_MODE: 'slow_mode',
  NOT_COHOST: 'not_cohost',
  REQUESTS_OFF: 'requests_off',
  REQUESTS_FULL: 'requests_full',
  REQUEST_NOT_FOUND: 'request_not_found',
  CHAT_EMPTY: 'chat_empty',
  CHAT_TOO_LONG: 'chat_too_long',
  BAD_FRAME: 'bad_frame',
  BAD_CODEC: 'bad_codec',
  BAD_AUDIO_CONFIG: 'bad_audio_config',
  NOT_LIVE: 'not_live',
  FORBIDDEN_ORIGIN: 'forbidden_origin',
  TOO_MANY_CONNECTIONS: 'too_many_connections',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not_found',
  METHOD_NOT_ALLOWED: 'method_not_allowed',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
  UNAVAILABLE: 'unavailable',
  INTERNAL: 'internal',
});

/** A message or frame that breaks the protocol; `code` is an ErrorCode wire name. */
export class ProtocolError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
  }
}

/** Codec.java: wire name ↔ frame header byte. */
export const Codec = Object.freeze({ OPUS: 'opus', PCM: 'pcm' });
const CODEC_IDS = Object.freeze({ opus: 1, pcm: 2 });
const CODEC_BY_ID = Object.freeze({ 1: 'opus', 2: 'pcm' });

/** SignalState.java: what a live room's guests hear from the host, decided by the server. */
export const SIGNAL_STATES = Object.freeze(['sound', 'silence', 'none']);

/** Tier.java: the quality ladder; index = frame header byte. */
export const TIERS = Object.freeze(['high', 'medium', 'low']);
/** Bits per second of each re-encoded tier; 0 for high (the host's own). */
export const TIER_BITRATE = Object.freeze({ high: 0, medium: 64000, low: 32000 });

export function tierLower(tier) {
  return tier === 'high' ? 'medium' : 'low';
}

export function tierHigher(tier) {
  return tier === 'low' ? 'medium' : 'high';
}

/** LatencyPreset.java: play-out delay D and the gateway's batch length. */
export const PRESETS = Object.freeze({
  live: Object.freeze({ playoutDelayMs: 400, batchMs: 40 }),
  party: Object.freeze({ playoutDelayMs: 1200, batchMs: 100 }),
  stable: Object.freeze({ playoutDelayMs: 5000, batchMs: 100 }),
});

/** Client → server message types (ClientMessage.java). */
export const ClientType = Object.freeze({
  CLOCK_PING: 'clock:ping',
  ROOM_CREATE: 'room:create',
  ROOM_JOIN: 'room:join',
  ROOM_LEAVE: 'room:leave',
  USER_RENAME: 'user:rename',
  PARTICIPANTS_LIST: 'participants:list',
  BROADCAST_START: 'broadcast:start',
  BROADCAST_STOP: 'broadcast:stop',
  ROOM_SETTINGS: 'room:settings',
  USER_KICK: 'user:kick',
  CHAT_MESSAGE: 'chat:message',
  CHAT_MUTE: 'chat:mute',
  CHAT_DELETE: 'chat:delete',
  ROOM_CLOSE: 'room:close',
  CHAT_SLOWMODE: 'chat:slowmode',
  USER_COHOST: 'user:cohost',
  AUX_PASS: 'aux:pass',
  AUX_ACCEPT: 'aux:accept',
  AUX_DECLINE: 'aux:decline',
  AUX_RETURN: 'aux:return',
  TRACK_SET: 'track:set',
  REACTION_SEND: 'reaction:send',
  REQUEST_SEND: 'request:send',
  REQUEST_RESOLVE: 'request:resolve',
  REQUESTS_LIST: 'requests:list',
  REQUESTS_OPEN: 'requests:open',
  QUALITY_REQUEST: 'quality:request',
  STATS_REPORT: 'stats:report',
});

/** Server → client message types (ServerMessage.java). */
export const ServerType = Object.freeze({
  CLOCK_PONG: 'clock:pong',
  WELCOME: 'server:welcome',
  ROOM_CREATED: 'room:created',
  ROOM_JOINED: 'room:joined',
  ROOM_LEFT: 'room:left',
  USER_JOINED: 'user:joined',
  USER_LEFT: 'user:left',
  USER_RENAMED: 'user:renamed',
  PARTICIPANTS_LIST: 'participants:list',
  PARTICIPANTS_UPDATE: 'participants:update',
  BROADCAST_STARTED: 'broadcast:started',
  BROADCAST_STOPPED: 'broadcast:stopped',
  HOST_STATUS: 'host:status',
  BROADCAST_STATS: 'broadcast:stats',
  BROADCAST_ERROR: 'broadcast:error',
  BROADCAST_SIGNAL: 'broadcast:signal',
  ROOM_SETTINGS: 'room:settings',
  ROOM_CLOSED: 'room:closed',
  ROOM_NOTFOUND: 'room:notfound',
  ROOM_FULL: 'room:full',
  ROOM_KICKED: 'room:kicked',
  CHAT_MESSAGE: 'chat:message',
  CHAT_HISTORY: 'chat:history',
  CHAT_MUTED: 'chat:muted',
  CHAT_DELETED: 'chat:deleted',
  USER_COHOST: 'user:cohost',
  HOST_MOVED: 'host:moved',
  AUX_OFFERED: 'aux:offered',
  AUX_HANDOFF: 'aux:handoff',
  TRACK_CHANGED: 'track:changed',
  REACTIONS_UPDATE: 'reactions:update',
  REQUEST_ADDED: 'request:added',
  REQUEST_RESOLVED: 'request:resolved',
  REQUEST_UPDATE: 'request:update',
  REQUESTS_QUEUE: 'requests:queue',
  REQUESTS_OPEN: 'requests:open',
  PEEK_FRAME: 'peek:frame',
  PEEK_STOPPED: 'peek:stopped',
  QUALITY_CHANGED: 'quality:changed',
  LISTENERS_HEALTH: 'listeners:health',
  DRAINING: 'server:draining',
  ERROR: 'error',
});

/** Field order of every client message: the Java record components, in order. */
export const CLIENT_FIELDS = Object.freeze({
  'clock:ping': ['id', 't0'],
  'room:create': ['roomName', 'username', 'listed'],
  'room:join': ['roomId', 'username', 'hostToken', 'password', 'deviceKey'],
  'room:leave': [],
  'user:rename': ['username'],
  'participants:list': [],
  'broadcast:start': ['roomId', 'audioConfig'],
  'broadcast:stop': ['roomId'],
  'room:settings': ['roomId', 'preset', 'password', 'listed'],
  'user:kick': ['roomId', 'userId'],
  'chat:message': ['roomId', 'message', 'atUs'],
  'chat:mute': ['roomId', 'userId', 'seconds'],
  'chat:delete': ['roomId', 'messageId'],
  'room:close': ['roomId'],
  'chat:slowmode': ['roomId', 'seconds'],
  'user:cohost': ['roomId', 'userId', 'isCohost'],
  'aux:pass': ['roomId', 'userId'],
  'aux:accept': ['roomId'],
  'aux:decline': ['roomId'],
  'aux:return': ['roomId'],
  'track:set': ['roomId', 'title', 'artist', 'album', 'atUs', 'art'],
  'reaction:send': ['roomId', 'emoji', 'atUs'],
  'request:send': ['roomId', 'text'],
  'request:resolve': ['roomId', 'requestId', 'outcome'],
  'requests:list': ['roomId'],
  'requests:open': ['roomId', 'open'],
  'quality:request': ['tier'],
  'stats:report': ['bufferMs', 'latencyMs', 'syncErrorMs', 'underruns', 'late', 'syncUncertaintyMs', 'latencyKnown'],
});

/** Field order of every server message (null fields are left out on the wire). */
export const SERVER_FIELDS = Object.freeze({
  'clock:pong': ['id', 't0', 't1', 't2'],
  'server:welcome': ['userId', 'gatewayId', 'serverTimeUs', 'maxTextBytes', 'maxBinaryBytes', 'username'],
  'room:created': ['roomId', 'roomName', 'hostId', 'hostToken', 'createdAt', 'url', 'listed'],
  'room:joined': ['roomId', 'roomName', 'hostId', 'participants', 'isLive', 'you', 'preset', 'playoutDelayMs',
    'audioConfig', 'hostConnected', 'hasPassword', 'participantCount', 'presenceVersion', 'listed', 'slowModeSeconds', 'aux', 'track'],
  'room:left': ['roomId'],
  'user:joined': ['roomId', 'userId', 'username', 'isHost', 'participantCount', 'presenceVersion', 'isCohost'],
  'user:left': ['roomId', 'userId', 'username', 'participantCount', 'presenceVersion'],
  'user:renamed': ['roomId', 'userId', 'username'],
  'participants:list': ['roomId', 'participants', 'presenceVersion'],
  'participants:update': ['roomId', 'participantCount', 'joined', 'left', 'more', 'presenceVersion'],
  'broadcast:started': ['roomId', 'audioConfig', 'startedAt', 'preset', 'playoutDelayMs'],
  'broadcast:stopped': ['roomId', 'reason'],
  'host:status': ['roomId', 'connected'],
  'broadcast:stats': ['roomId', 'bitrate', 'latency', 'bufferLevel', 'guestCount', 'quality', 'loss', 'jitterMs', 'signal'],
  'broadcast:error': ['roomId', 'code', 'message'],
  'broadcast:signal': ['roomId', 'state', 'atUs'],
  'room:settings': ['roomId', 'preset', 'playoutDelayMs', 'hasPassword', 'listed', 'slowModeSeconds'],
  'room:closed': ['roomId', 'reason'],
  'room:notfound': ['roomId'],
  'room:full': ['roomId', 'maxUsers'],
  'room:kicked': ['roomId'],
  'chat:message': ['id', 'roomId', 'userId', 'username', 'message', 'timestamp', 'isHost', 'atUs'],
  'chat:history': ['roomId', 'messages'],
  'chat:muted': ['roomId', 'userId', 'username', 'until'],
  'chat:deleted': ['roomId', 'messageId'],
  'user:cohost': ['roomId', 'userId', 'username', 'isCohost'],
  'host:moved': ['roomId', 'at'],
  'aux:offered': ['roomId', 'userId', 'username'],
  'aux:handoff': ['roomId', 'fromUserId', 'toUserId', 'atUs'],
  'track:changed': ['roomId', 'title', 'artist', 'album', 'atUs', 'art'],
  'reactions:update': ['roomId', 'counts'],
  'peek:frame': ['roomId', 'url', 'at'],
  'peek:stopped': ['roomId'],
  'request:added': ['roomId', 'request'],
  'request:resolved': ['roomId', 'requestId', 'outcome'],
  'request:update': ['roomId', 'requestId', 'text', 'state'],
  'requests:queue': ['roomId', 'open', 'requests'],
  'requests:open': ['roomId', 'open'],
  'quality:changed': ['tier', 'auto', 'reason'],
  'listeners:health': ['roomId', 'listeners'],
  'server:draining': ['reconnectInMs'],
  'error': ['code', 'message', 'ref', 'retryAfter'],
});

/** Host-only client messages: the server answers `not_host` to anyone else. */
export const HOST_ONLY = Object.freeze(['broadcast:start', 'broadcast:stop', 'room:settings', 'room:close', 'user:cohost',
  'aux:pass', 'track:set']);

/** Moderation: the host or a co-host; the server answers `not_cohost` to anyone else. */
export const MODERATION = Object.freeze(['user:kick', 'chat:mute', 'chat:delete', 'chat:slowmode', 'request:resolve',
  'requests:open']);

/** RequestOutcome.java: what the host did with a track request. */
export const REQUEST_OUTCOMES = Object.freeze(['played', 'dismissed']);

// ---------------------------------------------------------------------------------------------
// Text rules (Text.java): the builders clean and check like the server does, so the UI can show
// the same error before sending.

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_KEEP_NL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// Java's String.strip(): Character.isWhitespace, close to JS trim minus no-break spaces.
const JAVA_WS = '[\\t\\n\\u000b\\f\\r\\u001c-\\u001f \\u1680\\u2000-\\u2006\\u2008-\\u200a\\u2028\\u2029\\u205f\\u3000]';
const STRIP = new RegExp(`^${JAVA_WS}+|${JAVA_WS}+$`, 'g');
// Names (Text.name): invisible = white space, space separators, format characters, Hangul and
// braille blanks; trimmed from both ends, and a name needs one visible character (not a mark).
const INVISIBLE = '[\\s\\p{Zs}\\p{Cf}\\u115f\\u1160\\u3164\\uffa0\\u2800]';
const NAME_TRIM = new RegExp(`^${INVISIBLE}+|${INVISIBLE}+$`, 'gu');
const VISIBLE = /[^\s\p{Zs}\p{Cf}\p{Mn}\p{Me}\u115f\u1160\u3164\uffa0\u2800]/u;
const ROOM_ID = /^[A-Za-z0-9_-]{12}$/;

export function stripControl(s, keepNewlines) {
  return s.replace(keepNewlines ? CONTROL_KEEP_NL : CONTROL, '');
}

function codePoints(s) {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function cleanName(raw, max, code = ErrorCode.INVALID_NAME) {
  if (typeof raw !== 'string') throw new ProtocolError(code, 'name is required');
  const s = stripControl(raw, false).replace(NAME_TRIM, '');
  if (s.length === 0 || !VISIBLE.test(s)) throw new ProtocolError(code, 'name is empty or invisible');
  if (codePoints(s) > max) throw new ProtocolError(code, `name is longer than ${max} characters`);
  return s;
}

export function cleanChat(raw) {
  if (typeof raw !== 'string') throw new ProtocolError(ErrorCode.CHAT_EMPTY, 'message is empty');
  const s = stripControl(raw, true).replace(STRIP, '');
  if (s.length === 0) throw new ProtocolError(ErrorCode.CHAT_EMPTY, 'message is empty');
  if (codePoints(s) > Limits.CHAT_MESSAGE_MAX) {
    throw new ProtocolError(ErrorCode.CHAT_TOO_LONG, `message is longer than ${Limits.CHAT_MESSAGE_MAX} characters`);
  }
  return s;
}

export function isValidRoomId(id) {
  return typeof id === 'string' && ROOM_ID.test(id);
}

function roomId(id) {
  if (!isValidRoomId(id)) {
    throw new ProtocolError(ErrorCode.INVALID_ROOM_ID, 'room id must be 12 characters of [A-Za-z0-9_-]');
  }
  return id;
}

function optional(v, fn) {
  return v === undefined || v === null ? undefined : fn(v);
}

/** Builds `{type, ...fields}` in the record's field order, leaving out null/undefined fields. */
function make(type, values) {
  const msg = { type };
  for (const f of CLIENT_FIELDS[type]) {
    const v = values[f];
    if (v !== undefined && v !== null) msg[f] = v;
  }
  return msg;
}

// ---------------------------------------------------------------------------------------------
// Client message builders, one per ClientMessage record. Each returns a plain object; send it
// with encodeClient (JSON.stringify keeps the insertion order, which is the record's order).

export function audioConfig({ codec, sampleRate = Limits.SAMPLE_RATE, channels = Limits.CHANNELS, bitrate }) {
  if (!(codec in CODEC_IDS)) throw new ProtocolError(ErrorCode.BAD_CODEC, 'unknown codec');
  if (sampleRate !== Limits.SAMPLE_RATE) throw new ProtocolError(ErrorCode.BAD_AUDIO_CONFIG, 'sampleRate must be 48000');
  if (channels !== Limits.CHANNELS) throw new ProtocolError(ErrorCode.BAD_AUDIO_CONFIG, 'channels must be 2');
  if (!Number.isInteger(bitrate) || bitrate < Limits.MIN_BITRATE || bitrate > Limits.MAX_BITRATE) {
    throw new ProtocolError(ErrorCode.BAD_AUDIO_CONFIG,
      `bitrate must be between ${Limits.MIN_BITRATE} and ${Limits.MAX_BITRATE}`);
  }
  return { codec, sampleRate, channels, bitrate };
}

export function clockPing(id, t0) {
  return make('clock:ping', { id: id | 0, t0 });
}

/** `listed` (optional): on the home page's list while live; unlisted when left out. */
export function roomCreate(roomName, username, listed) {
  if (listed !== undefined && listed !== null && typeof listed !== 'boolean') {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'listed must be true or false');
  }
  return make('room:create', {
    roomName: cleanName(roomName, Limits.ROOM_NAME_MAX),
    username: optional(username, (u) => cleanName(u, Limits.USERNAME_MAX)),
    listed: listed ?? undefined,
  });
}

/** A device key: DEVICE_KEY_MIN..DEVICE_KEY_MAX characters of [A-Za-z0-9_-]. */
export function isDeviceKey(k) {
  return typeof k === 'string' && k.length >= Limits.DEVICE_KEY_MIN && k.length <= Limits.DEVICE_KEY_MAX
    && /^[A-Za-z0-9_-]+$/.test(k);
}

export function roomJoin(id, { username, hostToken, password, deviceKey } = {}) {
  if (hostToken !== undefined && hostToken !== null && (hostToken.length === 0 || hostToken.length > 128)) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'hostToken is malformed');
  }
  if (password !== undefined && password !== null && password.length > Limits.PASSWORD_MAX) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'password is too long');
  }
  if (deviceKey !== undefined && deviceKey !== null && !isDeviceKey(deviceKey)) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'deviceKey is malformed');
  }
  return make('room:join', {
    roomId: roomId(id),
    username: optional(username, (u) => cleanName(u, Limits.USERNAME_MAX)),
    hostToken,
    password,
    deviceKey,
  });
}

export function roomLeave() {
  return make('room:leave', {});
}

export function userRename(username) {
  return make('user:rename', { username: cleanName(username, Limits.USERNAME_MAX) });
}

export function participantsRequest() {
  return make('participants:list', {});
}

export function broadcastStart(id, config) {
  if (!config) throw new ProtocolError(ErrorCode.BAD_AUDIO_CONFIG, 'audioConfig is required');
  return make('broadcast:start', { roomId: roomId(id), audioConfig: audioConfig(config) });
}

export function broadcastStop(id) {
  return make('broadcast:stop', { roomId: roomId(id) });
}

/**
 * Host only. A null/undefined field is left as it is; an empty password removes it; `listed` puts
 * the room on (true) or off (false) the home page's list.
 */
export function roomSettings(id, { preset, password, listed } = {}) {
  if (preset !== undefined && preset !== null && !(preset in PRESETS)) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'unknown preset');
  }
  if (password !== undefined && password !== null && password.length > Limits.PASSWORD_MAX) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'password is too long');
  }
  if (listed !== undefined && listed !== null && typeof listed !== 'boolean') {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'listed must be true or false');
  }
  return make('room:settings', { roomId: roomId(id), preset, password, listed });
}

export function userKick(id, userId) {
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 64) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'userId is required');
  }
  return make('user:kick', { roomId: roomId(id), userId });
}

/** Host or co-host: no chat from `userId` for `seconds` (0 lifts it; at most MUTE_MAX_SECONDS). */
export function chatMute(id, userId, seconds) {
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 64) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'userId is required');
  }
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > Limits.MUTE_MAX_SECONDS) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, `seconds must be 0..${Limits.MUTE_MAX_SECONDS}`);
  }
  return make('chat:mute', { roomId: roomId(id), userId, seconds });
}

/** A chat message id as chat-service makes them: `<partition>-<offset>`. */
export function isChatId(s) {
  return typeof s === 'string' && /^\d{1,5}-\d{1,19}$/.test(s);
}

/** Host or co-host: delete a chat message for everyone. */
export function chatDelete(id, messageId) {
  if (!isChatId(messageId)) throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'messageId is not a chat message id');
  return make('chat:delete', { roomId: roomId(id), messageId });
}

/** Host or co-host: guests may send one chat message per `seconds` (0 turns slow mode off). */
export function chatSlowMode(id, seconds) {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > Limits.SLOW_MODE_MAX_SECONDS) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, `seconds must be 0..${Limits.SLOW_MODE_MAX_SECONDS}`);
  }
  return make('chat:slowmode', { roomId: roomId(id), seconds });
}

/** Host only: make a participant a co-host (moderation, not the broadcast) or no longer one. */
export function userCohost(id, userId, isCohost) {
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 64) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'userId is required');
  }
  if (typeof isCohost !== 'boolean') throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'isCohost (true or false) is required');
  return make('user:cohost', { roomId: roomId(id), userId, isCohost });
}

/**
 * Host only, while live: what plays from stream time `atUs` on (the capture time, server µs, of the
 * track's first sample). Title required; artist and album optional; each at most TRACK_TEXT_MAX.
 * `art` optional: the hash of a cover uploaded to this room (PUT /api/rooms/{id}/art).
 */
export function trackSet(id, { title, artist, album, art } = {}, atUs) {
  const text = (v) => cleanName(v, Limits.TRACK_TEXT_MAX, ErrorCode.BAD_MESSAGE);
  if (!Number.isSafeInteger(atUs) || atUs <= 0) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'atUs (the stream time the track starts at, server µs) is required');
  }
  if (art != null && !isArtHash(art)) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'art is the SHA-256 (64 lower-case hex digits) of art uploaded for this room');
  }
  return make('track:set', { roomId: roomId(id), title: text(title), artist: artist == null ? undefined : text(artist),
    album: album == null ? undefined : text(album), atUs, art: art ?? undefined });
}

/** A cover's name: the SHA-256 of its bytes, 64 lower-case hex digits. */
export function isArtHash(s) {
  return typeof s === 'string' && /^[0-9a-f]{64}$/.test(s);
}

/** Where a room's cover is served (same origin): content-addressed, cacheable for good. */
export function artPath(id, art) {
  return `/api/rooms/${roomId(id)}/art/${art}`;
}

/** Host only, while live: offer the aux (the broadcast) to a participant. */
export function auxPass(id, userId) {
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 64) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'userId is required');
  }
  return make('aux:pass', { roomId: roomId(id), userId });
}

/** The participant offered the aux takes it (its source already runs). */
export function auxAccept(id) {
  return make('aux:accept', { roomId: roomId(id) });
}

/** The participant offered the aux says no, or the host withdraws the offer. */
export function auxDecline(id) {
  return make('aux:decline', { roomId: roomId(id) });
}

/** The participant with the aux gives it back, or the host takes it back. */
export function auxReturn(id) {
  return make('aux:return', { roomId: roomId(id) });
}

/** Host only: close the room for everyone. */
export function roomClose(id) {
  return make('room:close', { roomId: roomId(id) });
}

/** `atUs` (optional): the stream time the sender hears now (server µs), shown as "at 2:31 of the track". */
export function chatSend(id, message, atUs) {
  if (atUs !== undefined && atUs !== null && (!Number.isSafeInteger(atUs) || atUs <= 0)) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'atUs must be a stream time (server µs)');
  }
  return make('chat:message', { roomId: roomId(id), message: cleanChat(message), atUs });
}

/** A reaction: one emoji of REACTIONS at the stream time the sender hears now (server µs). */
export function reactionSend(id, emoji, atUs) {
  const room = roomId(id); // first, as the record does: a bad room id wins over a bad emoji
  if (typeof emoji !== 'string' || !REACTIONS.some((r) => r.emoji === emoji)) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'emoji must be one of the room\'s reactions');
  }
  if (!Number.isSafeInteger(atUs) || atUs <= 0) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'atUs (the stream time you hear, server µs) is required');
  }
  return make('reaction:send', { roomId: room, emoji, atUs });
}

/** Any member: ask the host for a track; the text is cleaned as a track title (1..200 code points). */
export function requestSend(id, text) {
  const room = roomId(id);
  return make('request:send', { roomId: room, text: cleanName(text, Limits.REQUEST_TEXT_MAX, ErrorCode.BAD_MESSAGE) });
}

/** Host or co-host: an open request was played or is dismissed. */
export function requestResolve(id, requestId, outcome) {
  const room = roomId(id);
  if (!Number.isSafeInteger(requestId) || requestId <= 0) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'requestId (a request\'s id, a positive integer) is required');
  }
  if (!REQUEST_OUTCOMES.includes(outcome)) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'outcome must be played or dismissed');
  }
  return make('request:resolve', { roomId: room, requestId, outcome });
}

/** Answered with requests:queue: all open requests for the host and co-hosts, your own for anyone else. */
export function requestsList(id) {
  return make('requests:list', { roomId: roomId(id) });
}

/** Host or co-host: track requests on (true) or off (false). */
export function requestsOpen(id, open) {
  const room = roomId(id);
  if (typeof open !== 'boolean') throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'open (true or false) is required');
  return make('requests:open', { roomId: room, open });
}

/** tier: high, medium, low or auto. */
export function qualityRequest(tier) {
  if (!(tier === 'auto' || TIERS.includes(tier))) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'tier must be high, medium, low or auto');
  }
  return make('quality:request', { tier });
}

/**
 * Optional: `syncUncertaintyMs` (0..60000, how far the guest may honestly be off the room) and
 * `latencyKnown` (false where the browser hides its output latency: sync approximate).
 */
export function statsReport({ bufferMs, latencyMs, syncErrorMs, underruns, late, syncUncertaintyMs, latencyKnown }) {
  const m = make('stats:report', {
    bufferMs: Math.round(bufferMs),
    latencyMs: Math.round(latencyMs),
    syncErrorMs,
    underruns: Math.round(underruns),
    late: Boolean(late),
    syncUncertaintyMs: syncUncertaintyMs ?? undefined,
    latencyKnown: latencyKnown === undefined || latencyKnown === null ? undefined : Boolean(latencyKnown),
  });
  if (!(m.bufferMs >= 0 && m.bufferMs <= 60000 && m.latencyMs >= 0 && m.latencyMs <= 60000 && m.underruns >= 0
    && Number.isFinite(syncErrorMs) && Math.abs(syncErrorMs) <= 60000)) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'stats out of range');
  }
  if (m.syncUncertaintyMs !== undefined && !(Number.isFinite(m.syncUncertaintyMs)
    && m.syncUncertaintyMs >= 0 && m.syncUncertaintyMs <= 60000)) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'syncUncertaintyMs out of range');
  }
  return m;
}

/** Builds any client message from its type and a fields object (as parsed from JSON). */
export function buildClient(type, f = {}) {
  switch (type) {
    case 'clock:ping': return clockPing(f.id, f.t0);
    case 'room:create': return roomCreate(f.roomName, f.username, f.listed);
    case 'room:join': return roomJoin(f.roomId, f);
    case 'room:leave': return roomLeave();
    case 'user:rename': return userRename(f.username);
    case 'participants:list': return participantsRequest();
    case 'broadcast:start': return broadcastStart(f.roomId, f.audioConfig);
    case 'broadcast:stop': return broadcastStop(f.roomId);
    case 'room:settings': return roomSettings(f.roomId, f);
    case 'user:kick': return userKick(f.roomId, f.userId);
    case 'chat:message': return chatSend(f.roomId, f.message, f.atUs);
    case 'chat:mute': return chatMute(f.roomId, f.userId, f.seconds);
    case 'chat:delete': return chatDelete(f.roomId, f.messageId);
    case 'room:close': return roomClose(f.roomId);
    case 'chat:slowmode': return chatSlowMode(f.roomId, f.seconds);
    case 'user:cohost': return userCohost(f.roomId, f.userId, f.isCohost);
    case 'aux:pass': return auxPass(f.roomId, f.userId);
    case 'aux:accept': return auxAccept(f.roomId);
    case 'aux:decline': return auxDecline(f.roomId);
    case 'aux:return': return auxReturn(f.roomId);
    case 'track:set': return trackSet(f.roomId, f, f.atUs);
    case 'reaction:send': return reactionSend(f.roomId, f.emoji, f.atUs);
    case 'request:send': return requestSend(f.roomId, f.text);
    case 'request:resolve': return requestResolve(f.roomId, f.requestId, f.outcome);
    case 'requests:list': return requestsList(f.roomId);
    case 'requests:open': return requestsOpen(f.roomId, f.open);
    case 'quality:request': return qualityRequest(f.tier);
    case 'stats:report': return statsReport(f);
    default: throw new ProtocolError(ErrorCode.UNKNOWN_TYPE, 'unknown message type');
  }
}

export function encodeClient(message) {
  return JSON.stringify(message);
}

/**
 * Decodes one server control message. Unknown fields are kept; an unknown type raises
 * `unknown_type` (callers normally ignore such messages, so an older page survives a newer server).
 */
export function decodeServer(text) {
  let m;
  try {
    m = JSON.parse(text);
  } catch {
    throw new ProtocolError(ErrorCode.BAD_JSON, 'not valid JSON');
  }
  if (m === null || typeof m !== 'object' || Array.isArray(m)) {
    throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'a message must be a JSON object');
  }
  if (typeof m.type !== 'string') throw new ProtocolError(ErrorCode.BAD_MESSAGE, "field 'type' is missing");
  if (!(m.type in SERVER_FIELDS)) throw new ProtocolError(ErrorCode.UNKNOWN_TYPE, 'unknown message type');
  return m;
}

// ---------------------------------------------------------------------------------------------
// Binary audio frames (AudioFrames.java). All integers big-endian:
//  0 u8 version (1) | 1 u8 codec | 2 u8 tier | 3 u8 packet count n (1..50) | 4 u32 sequence
//  8 i64 capture time µs (server clock) | 16 u16 samples per packet (960) | 18 u16 flags
// 20 n × { u16 length, bytes }

export const FRAME_VERSION = 1;
export const FRAME_HEADER_BYTES = 20;
export const FLAG_DISCONTINUITY = 1;

function asBytes(buf) {
  if (buf instanceof Uint8Array) return buf;
  if (buf instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && buf instanceof SharedArrayBuffer)) {
    return new Uint8Array(buf);
  }
  if (ArrayBuffer.isView(buf)) return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  throw new TypeError('expected bytes');
}

function view(b) {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

export function codecId(codec) {
  const id = CODEC_IDS[codec];
  if (id === undefined) throw new ProtocolError(ErrorCode.BAD_CODEC, 'unknown codec');
  return id;
}

export function codecOfId(id) {
  const c = CODEC_BY_ID[id];
  if (c === undefined) throw new ProtocolError(ErrorCode.BAD_CODEC, `unknown codec ${id}`);
  return c;
}

export function tierId(tier) {
  const id = TIERS.indexOf(tier);
  if (id < 0) throw new ProtocolError(ErrorCode.BAD_MESSAGE, 'unknown tier');
  return id;
}

export function tierOfId(id) {
  const t = TIERS[id];
  if (t === undefined) throw new ProtocolError(ErrorCode.BAD_FRAME, `unknown tier ${id}`);
  return t;
}

/**
 * Checks a whole frame like AudioFrames.validate: version, codec, tier, count, duration, flags,
 * every packet length, and that the packets fill the frame exactly.
 * @throws ProtocolError bad_frame, bad_codec or too_large
 */
export function validateFrame(buf, length) {
  const b = asBytes(buf);
  const len = length ?? b.length;
  if (len > Limits.MAX_BINARY_MESSAGE_BYTES) {
    throw new ProtocolError(ErrorCode.TOO_LARGE, `frame is larger than ${Limits.MAX_BINARY_MESSAGE_BYTES} bytes`);
  }
  if (len < FRAME_HEADER_BYTES + 2) throw new ProtocolError(ErrorCode.BAD_FRAME, 'frame is shorter than its header');
  if (b[0] !== FRAME_VERSION) throw new ProtocolError(ErrorCode.BAD_FRAME, `unsupported frame version ${b[0]}`);
  const codec = codecOfId(b[1]);
  tierOfId(b[2]);
  const n = b[3];
  if (n < 1 || n > Limits.MAX_PACKETS_PER_FRAME) {
    throw new ProtocolError(ErrorCode.BAD_FRAME, `packet count must be 1..${Limits.MAX_PACKETS_PER_FRAME}`);
  }
  const dv = view(b);
  if (dv.getUint16(16) !== Limits.PACKET_SAMPLES) {
    throw new ProtocolError(ErrorCode.BAD_FRAME, 'packets must be 960 samples (20 ms)');
  }
  if ((dv.getUint16(18) & ~FLAG_DISCONTINUITY) !== 0) throw new ProtocolError(ErrorCode.BAD_FRAME, 'unknown flags');
  const max = codec === 'opus' ? Limits.MAX_OPUS_PACKET : Limits.PCM_PACKET_BYTES;
  let pos = FRAME_HEADER_BYTES;
  for (let i = 0; i < n; i++) {
    if (pos + 2 > len) throw new ProtocolError(ErrorCode.BAD_FRAME, `frame ends inside packet ${i}`);
    const plen = dv.getUint16(pos);
    pos += 2;
    if (plen < 1 || plen > max) throw new ProtocolError(ErrorCode.BAD_FRAME, `packet ${i} has length ${plen}`);
    if (codec === 'pcm' && plen !== Limits.PCM_PACKET_BYTES) {
      throw new ProtocolError(ErrorCode.BAD_FRAME, `a PCM packet must be ${Limits.PCM_PACKET_BYTES} bytes`);
    }
    pos += plen;
    if (pos > len) throw new ProtocolError(ErrorCode.BAD_FRAME, `frame ends inside packet ${i}`);
  }
  if (pos !== len) throw new ProtocolError(ErrorCode.BAD_FRAME, 'trailing bytes after the last packet');
}

/**
 * Validates and decodes a frame. Packets are views into the given bytes (no copy).
 * captureTimeUs is a Number (exact up to 2^53 µs, year 2255).
 */
export function decodeFrame(buf) {
  const b = asBytes(buf);
  validateFrame(b, b.length);
  const dv = view(b);
  const n = b[3];
  const packets = new Array(n);
  let pos = FRAME_HEADER_BYTES;
  for (let i = 0; i < n; i++) {
    const plen = dv.getUint16(pos);
    packets[i] = b.subarray(pos + 2, pos + 2 + plen);
    pos += 2 + plen;
  }
  return {
    codec: CODEC_BY_ID[b[1]],
    tier: TIERS[b[2]],
    sequence: dv.getUint32(4),
    captureTimeUs: Number(dv.getBigInt64(8)),
    packetSamples: dv.getUint16(16),
    flags: dv.getUint16(18),
    packets,
  };
}

/**
 * Encodes a frame. codec and tier are wire names; packets are Uint8Arrays; sequence wraps at 2^32.
 */
export function encodeFrame({ codec, tier, sequence, captureTimeUs, packetSamples = Limits.PACKET_SAMPLES,
  flags = 0, packets }) {
  if (!packets || packets.length < 1 || packets.length > Limits.MAX_PACKETS_PER_FRAME) {
    throw new RangeError(`packet count must be 1..${Limits.MAX_PACKETS_PER_FRAME}`);
  }
  let size = FRAME_HEADER_BYTES;
  for (const p of packets) size += 2 + p.length;
  const out = new Uint8Array(size);
  const dv = view(out);
  out[0] = FRAME_VERSION;
  out[1] = codecId(codec);
  out[2] = tierId(tier);
  out[3] = packets.length;
  dv.setUint32(4, ((sequence % 0x100000000) + 0x100000000) % 0x100000000);
  dv.setBigInt64(8, BigInt(Math.trunc(captureTimeUs)));
  dv.setUint16(16, packetSamples);
  dv.setUint16(18, flags);
  let pos = FRAME_HEADER_BYTES;
  for (const p of packets) {
    dv.setUint16(pos, p.length);
    out.set(p, pos + 2);
    pos += 2 + p.length;
  }
  return out;
}

export function bytesToHex(b) {
  let s = '';
  for (const x of asBytes(b)) s += x.toString(16).padStart(2, '0');
  return s;
}

export function hexToBytes(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}
