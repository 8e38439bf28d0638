package dev.roomcast.protocol.api;

/**
 * {@code PUT /rooms/{id}/art} (host): the stored cover's name ({@code art}, its SHA-256 in hex, for
 * {@code track:set}), where it is served ({@code url}, relative), its type and size.
 */
public record ArtUpload(String art, String url, String contentType, int bytes) {}
