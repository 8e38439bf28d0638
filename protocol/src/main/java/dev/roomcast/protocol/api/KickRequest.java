package dev.roomcast.protocol.api;

/** {@code POST /rooms/{id}/kicks} (host). */
public record KickRequest(String userId) {}
