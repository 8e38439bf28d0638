// A file's title, artist and album from its own tags (ID3v2, Vorbis comments, FLAC, MP4, RIFF
// INFO), read with music-metadata (vendored, loaded on first use), or a title made from its name.
import { cleanName, Limits } from './protocol.js';

let lib = null;

/**
 * {title?, artist?, album?, cover?}: what the file's tags say, each text cleaned as track:set wants
 * it, `cover` the embedded picture as a Blob (the front cover if it names one); {} if none.
 */
export async function readTags(file) {
  try {
    lib ??= import('./vendor/music-metadata/music-metadata.min.js');
    const { parseBlob } = await lib;
    const { common } = await parseBlob(file, { duration: false });
    const tags = { title: clean(common.title), artist: clean(common.artist ?? common.artists?.join(', ')), album: clean(common.album) };
    const picture = cover(common.picture);
    return picture ? { ...tags, cover: picture } : tags;
  } catch {
    return {}; // not a format it knows, or no tags: the name will do
  }
}

/** The front cover, else the first picture, as a Blob; undefined if there is none. */
function cover(pictures) {
  if (!Array.isArray(pictures) || pictures.length === 0) return undefined;
  const p = pictures.find((x) => /front/i.test(x.type ?? '')) ?? pictures[0];
  if (!(p?.data?.length > 0)) return undefined;
  const type = /^image\//.test(p.format ?? '') ? p.format : `image/${String(p.format ?? 'jpeg').replace(/^jpg$/, 'jpeg')}`;
  return new Blob([p.data], { type });
}

function clean(s) {
  if (typeof s !== 'string') return undefined;
  try {
    return cleanName(s, Limits.TRACK_TEXT_MAX);
  } catch {
    const cut = [...s].slice(0, Limits.TRACK_TEXT_MAX).join('');
    try {
      return cleanName(cut, Limits.TRACK_TEXT_MAX);
    } catch {
      return undefined;
    }
  }
}

/** "02_-_Aurora_(live).flac" → "02 - Aurora (live)": a title for a file without one. */
export function titleFromName(name) {
  const base = String(name ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/_+/g, ' ').trim();
  return clean(base) ?? clean(String(name ?? '')) ?? 'Untitled';
}
