package dev.roomcast.protocol.api;

/**
 * {@code PUT /rooms/{id}/peek} (host): the frame now in the room's peek slot, where guests load it
 * ({@code url}, relative, with the frame's random key), when it came ({@code at}, server ms), its type and size.
 */
public record PeekUpload(String url, long at, String contentType, int bytes) {}
