// Titles come from the files' own tags (music-metadata, vendored), else from the file name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readTags, titleFromName } from '../src/main/resources/META-INF/resources/js/tags.js';

/** An ID3v2.3 tag (text frames and a cover) in front of 2 KB of "MPEG": what many .mp3 files start with. */
function id3File(frames) {
  const frame = (id, body) => {
    const f = new Uint8Array(10 + body.length);
    f.set(new TextEncoder().encode(id), 0);
    new DataView(f.buffer).setUint32(4, body.length);
    f.set(body, 10);
    return f;
  };
  const parts = Object.entries(frames).map(([id, text]) => frame(id, new Uint8Array([3, ...new TextEncoder().encode(text)])));
  const size = parts.reduce((a, f) => a + f.length, 0);
  const out = new Uint8Array(10 + size + 2048);
  out.set([0x49, 0x44, 0x33, 3, 0, 0, (size >> 21) & 127, (size >> 14) & 127, (size >> 7) & 127, size & 127]);
  let o = 10;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return new Blob([out], { type: 'audio/mpeg' });
}

test('ID3v2 title, artist and album', async () => {
  const tags = await readTags(id3File({ TIT2: 'Windowlicker', TPE1: 'Aphex Twin', TALB: 'Windowlicker EP' }));
  assert.deepEqual(tags, { title: 'Windowlicker', artist: 'Aphex Twin', album: 'Windowlicker EP' });
});

test('FLAC Vorbis comments (a file sox wrote with TITLE, ARTIST, ALBUM)', async () => {
  const flac = new Blob([readFileSync(new URL('./support/tagged.flac', import.meta.url))], { type: 'audio/flac' });
  assert.deepEqual(await readTags(flac), { title: 'Aurora', artist: 'Ana', album: 'Dawn' });
});

test('tags are cleaned like every text a guest sees: control characters out, trimmed, at most 200 characters', async () => {
  const tags = await readTags(id3File({ TIT2: '  Song\u0007 ', TPE1: 'x'.repeat(300) }));
  assert.equal(tags.title, 'Song');
  assert.equal([...tags.artist].length, 200);
});

test('no tags, or not audio: nothing, and the name makes a title', async () => {
  assert.deepEqual(await readTags(new Blob([new Uint8Array(64)])), {});
  assert.equal(titleFromName('02_-_Aurora_(live).flac'), '02 - Aurora (live)');
  assert.equal(titleFromName('mix.04.mp3'), 'mix.04');
  assert.equal(titleFromName('.mp3'), '.mp3');
});
