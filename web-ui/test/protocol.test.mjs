// The shared byte-level vectors (protocol/test-vectors.json), checked against protocol.js the same
// way protocol/src/test/.../TestVectorsTest.java checks the Java codec.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  encodeFrame, decodeFrame, validateFrame, bytesToHex, hexToBytes, buildClient, encodeClient, decodeServer,
  ProtocolError, ErrorCode, SERVER_FIELDS, CLIENT_FIELDS, PRESETS, TIERS, Limits, statsReport, chatSend, roomJoin, cleanName,
} from '../src/main/resources/META-INF/resources/js/protocol.js';

const vectors = JSON.parse(readFileSync(fileURLToPath(new URL('../../protocol/test-vectors.json', import.meta.url)), 'utf8'));

describe('good frames encode to exactly their bytes and decode back to their fields', () => {
  assert.ok(vectors.frames.length > 0);
  for (const v of vectors.frames) {
    test(v.name, () => {
      const packets = v.packets.map(hexToBytes);
      const bytes = encodeFrame({ codec: v.codec, tier: v.tier, sequence: v.sequence, captureTimeUs: v.captureTimeUs,
        packetSamples: v.packetSamples, flags: v.flags, packets });
      assert.equal(bytesToHex(bytes), v.hex);
      const f = decodeFrame(hexToBytes(v.hex).buffer);
      assert.equal(f.codec, v.codec);
      assert.equal(f.tier, v.tier);
      assert.equal(f.sequence, v.sequence);
      assert.equal(f.captureTimeUs, v.captureTimeUs);
      assert.equal(f.packetSamples, v.packetSamples);
      assert.equal(f.flags, v.flags);
      assert.deepEqual(f.packets.map(bytesToHex), v.packets);
    });
  }
});

describe('bad frames are refused with their error code', () => {
  for (const v of vectors.badFrames) {
    test(v.name, () => {
      assert.throws(() => decodeFrame(hexToBytes(v.hex)), (e) => e instanceof ProtocolError && e.code === v.error);
      assert.throws(() => validateFrame(hexToBytes(v.hex)), (e) => e.code === v.error);
    });
  }
});

describe('every client message is built to the same JSON as the Java records', () => {
  for (const v of vectors.clientMessages) {
    test(v.json, () => {
      const parsed = JSON.parse(v.json);
      assert.equal(parsed.type, v.type);
      const { type, ...fields } = parsed;
      assert.equal(encodeClient(buildClient(type, fields)), v.json);
    });
  }
  test('the vectors cover every client type', () => {
    assert.deepEqual(new Set(vectors.clientMessages.map((v) => v.type)), new Set(Object.keys(CLIENT_FIELDS)));
  });
});

describe('builders refuse what the server refuses, with the same code', () => {
  const checked = new Set(['invalid_room_id', 'invalid_name', 'chat_empty', 'chat_too_long', 'bad_codec', 'bad_audio_config']);
  for (const v of vectors.badClientMessages) {
    let parsed;
    try { parsed = JSON.parse(v.json); } catch { continue; }
    if (!checked.has(v.error) && !['quality:request', 'reaction:send', 'request:send', 'request:resolve', 'requests:list',
      'requests:open'].includes(parsed?.type)) continue;
    test(v.json.slice(0, 80), () => {
      const { type, ...fields } = parsed;
      assert.throws(() => buildClient(type, fields), (e) => e instanceof ProtocolError && e.code === v.error);
    });
  }
  test('a chat message is cleaned like Text.chat', () => {
    assert.equal(chatSend('AbC123_-xYz9', '  hi\u202e there\n ').message, 'hi there');
  });
  test('optional fields are left out', () => {
    assert.equal(encodeClient(roomJoin('AbC123_-xYz9', {})), '{"type":"room:join","roomId":"AbC123_-xYz9"}');
  });
  test('stats out of range are refused', () => {
    assert.throws(() => statsReport({ bufferMs: -1, latencyMs: 0, syncErrorMs: 0, underruns: 0, late: false }),
      (e) => e.code === 'bad_message');
  });
});

describe('names are cleaned like Text.name, or refused with the same code', () => {
  assert.ok(vectors.names.length > 0);
  for (const v of vectors.names) {
    test(JSON.stringify(v.raw), () => {
      if ('clean' in v) assert.equal(cleanName(v.raw, v.max), v.clean);
      else assert.throws(() => cleanName(v.raw, v.max), (e) => e instanceof ProtocolError && e.code === v.error);
    });
  }
});

describe('server messages decode to their type, fields in the Java order', () => {
  for (const v of vectors.serverMessages) {
    test(v.type, () => {
      const m = decodeServer(v.json);
      assert.equal(m.type, v.type);
      const keys = Object.keys(m).slice(1);
      const order = SERVER_FIELDS[v.type].filter((f) => keys.includes(f));
      assert.deepEqual(keys, order);
    });
  }
  test('participants:update has the shape the guest page renders', () => {
    const v = vectors.serverMessages.find((x) => x.type === 'participants:update');
    assert.ok(v, 'a participants:update vector');
    const m = decodeServer(v.json);
    assert.equal(typeof m.participantCount, 'number');
    assert.ok(Array.isArray(m.joined) && m.joined.every((p) => typeof p.userId === 'string' && typeof p.isHost === 'boolean'));
    assert.ok(Array.isArray(m.left) && m.left.every((p) => typeof p.userId === 'string' && typeof p.username === 'string'));
    assert.equal(typeof m.more, 'number');
  });
  test('room:joined carries participantCount', () => {
    const v = vectors.serverMessages.find((x) => x.type === 'room:joined');
    assert.equal(typeof decodeServer(v.json).participantCount, 'number');
  });
  test('bad server text raises a protocol error', () => {
    assert.throws(() => decodeServer('nope'), (e) => e.code === 'bad_json');
    assert.throws(() => decodeServer('[1]'), (e) => e.code === 'bad_message');
    assert.throws(() => decodeServer('{"type":"x:y"}'), (e) => e.code === 'unknown_type');
  });
});

test('the error codes are the vectors\' (ErrorCode.java)', () => {
  assert.deepEqual(new Set(Object.values(ErrorCode)), new Set(Object.keys(vectors.errorCodes)));
});

test('constants match the Java enums', () => {
  assert.deepEqual(TIERS, ['high', 'medium', 'low']);
  assert.equal(PRESETS.live.playoutDelayMs, 400);
  assert.equal(PRESETS.party.playoutDelayMs, 1200);
  assert.equal(PRESETS.stable.playoutDelayMs, 5000);
  assert.equal(Limits.PCM_PACKET_BYTES, 3840);
});
