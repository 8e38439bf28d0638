// Titles come from the files' own tags (music-metadata, vendored), else from the file name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readTags, titleFromName } from '../src/main/resources/META-INF/resources/js/tags.js';

/** A file of test/support/. */
const support = (name) => readFileSync(new URL(`./support/${name}`, import.meta.url));

/** An ID3v2.3 tag (text frames and a cover) in front of 2 KB of "MPEG": what many .mp3 files start with. */
function id3File(frames, raw = []) {
  const frame = (id, body) => {
    const f = new Uint8Array(10 + body.length);
    f.set(new TextEncoder().encode(id), 0);
    new DataView(f.buffer).setUint32(4, body.length);
    f.set(body, 10);
    return f;
  };
  const parts = Object.entries(frames).map(([id, text]) => frame(id, new Uint8Array([3, ...new TextEncoder().encode(text)])))
    .concat(raw.map(([id, body]) => frame(id, body)));
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
  const flac = new Blob([support('tagged.flac')], { type: 'audio/flac' });
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

/** Bytes that start like a JPEG: what a cover's first bytes are. */
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode('JFIF cover bytes')]);

/** An ID3v2.3 APIC frame: latin-1, MIME type, picture type 3 (front cover), empty description, the bytes. */
function apic(bytes) {
  return new Uint8Array([0, ...new TextEncoder().encode('image/jpeg'), 0, 3, 0, ...bytes]);
}

/** tagged.flac with a PICTURE metadata block (type 6) after its STREAMINFO: a front cover, as taggers write it. */
function flacWithCover(flac, mime, bytes) {
  const enc = new TextEncoder();
  const body = [];
  const u32 = (n) => body.push((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
  u32(3);
  u32(mime.length);
  body.push(...enc.encode(mime));
  u32(0); // description
  u32(512); u32(512); u32(24); u32(0);
  u32(bytes.length);
  body.push(...bytes);
  const streaminfoEnd = 4 + 4 + 34;
  const head = new Uint8Array([6, (body.length >> 16) & 255, (body.length >> 8) & 255, body.length & 255]);
  const out = new Uint8Array(flac.length + 4 + body.length);
  out.set(flac.subarray(0, streaminfoEnd), 0);
  out[4] &= 0x7f; // STREAMINFO is no longer the last block (it was not in tagged.flac either: its comments follow)
  out.set(head, streaminfoEnd);
  out.set(body, streaminfoEnd + 4);
  out.set(flac.subarray(streaminfoEnd), streaminfoEnd + 4 + body.length);
  return out;
}

test('cover art: an ID3v2 APIC front cover comes back as an image Blob with its bytes', async () => {
  const tags = await readTags(id3File({ TIT2: 'Song' }, [['APIC', apic(JPEG)]]));
  assert.equal(tags.title, 'Song');
  assert.equal(tags.cover.type, 'image/jpeg');
  assert.deepEqual(new Uint8Array(await tags.cover.arrayBuffer()), JPEG);
});

test('cover art: a FLAC PICTURE block (tagged.flac with a cover added)', async () => {
  const flac = new Uint8Array(support('tagged.flac'));
  const tags = await readTags(new Blob([flacWithCover(flac, 'image/jpeg', JPEG)], { type: 'audio/flac' }));
  assert.equal(tags.title, 'Aurora');
  assert.equal(tags.cover.type, 'image/jpeg');
  assert.deepEqual(new Uint8Array(await tags.cover.arrayBuffer()), JPEG);
});

test('no picture: no cover key at all', async () => {
  assert.equal('cover' in await readTags(id3File({ TIT2: 'Song' })), false);
});

// Files a real encoder wrote (ffmpeg 5.1, Debian 12, 0.5 s of 440 Hz, made once and kept in support/:
// CI does not install ffmpeg for four small fixtures). The MP3 and the M4A carry cover.png
// (16×16 red) as their attached picture, as taggers and ffmpeg's -disposition attached_pic write it:
//   ffmpeg -f lavfi -i sine=f=440:d=0.5 -i cover.png -map 0:a -map 1:v -c:a libmp3lame -b:a 32k -ac 1 \
//     -c:v copy -disposition:v attached_pic -id3v2_version 3 -metadata title=Mercury ... tagged.mp3
//   (M4A: -c:a aac; Ogg: -c:a libvorbis, no picture; Opus: -c:a libopus, no picture)
const COVER_PNG = new Uint8Array(support('cover.png'));

for (const [file, mime, expected, cover] of [
  ['tagged.mp3', 'audio/mpeg', { title: 'Mercury', artist: 'Ana', album: 'Planets' }, true],
  ['tagged.m4a', 'audio/mp4', { title: 'Venus', artist: 'Bo', album: 'Planets' }, true],
  ['tagged.ogg', 'audio/ogg', { title: 'Earth', artist: 'Cy', album: 'Planets' }, false],
  ['tagged.opus', 'audio/ogg', { title: 'Mars', artist: 'Di', album: 'Planets' }, false],
]) {
  test(`an encoder's ${file}: title, artist and album${cover ? ', and its cover with the same bytes' : ''}`, async () => {
    const { cover: art, ...tags } = await readTags(new Blob([support(file)], { type: mime }));
    assert.deepEqual(tags, expected);
    if (cover) {
      assert.equal(art.type, 'image/png');
      assert.deepEqual(new Uint8Array(await art.arrayBuffer()), COVER_PNG);
    } else {
      assert.equal(art, undefined);
    }
  });
}
