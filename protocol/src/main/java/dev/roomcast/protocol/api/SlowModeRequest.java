package dev.roomcast.protocol.api;

/** {@code PUT /rooms/{id}/slowmode} (host or co-host): guests may send one chat message per {@code seconds}; 0 turns it off. */
public record SlowModeRequest(int seconds) {}
