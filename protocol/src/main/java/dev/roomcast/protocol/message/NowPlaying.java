package dev.roomcast.protocol.message;

/**
 * What plays in a room from stream time {@code atUs} on (the capture time, server µs, of the
 * track's first sample), as its host said: {@code track:changed}, and {@code track} in
 * {@code room:joined} and the room's details for a late joiner. {@code art}: the SHA-256 (hex) of
 * its cover, stored for the room and served at {@link dev.roomcast.protocol.CoverArt#path}; or null.
 */
public record NowPlaying(String title, String artist, String album, long atUs, String art) {}
