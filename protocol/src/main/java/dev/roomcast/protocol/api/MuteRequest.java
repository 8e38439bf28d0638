package dev.roomcast.protocol.api;

/** {@code POST /rooms/{id}/mutes} (host only): no chat from {@code userId} (and its device) for {@code seconds}; 0 lifts it. */
public record MuteRequest(String userId, int seconds) {}
