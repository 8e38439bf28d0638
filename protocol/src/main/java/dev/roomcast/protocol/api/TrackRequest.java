package dev.roomcast.protocol.api;

/** {@code PUT /rooms/{id}/track} (host): what plays from stream time {@code atUs} on (see {@code track:set}). */
public record TrackRequest(String title, String artist, String album, Long atUs, String art) {}
