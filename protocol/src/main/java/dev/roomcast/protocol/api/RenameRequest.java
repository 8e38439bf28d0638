package dev.roomcast.protocol.api;

/** {@code PUT /rooms/{id}/members/{userId}}. */
public record RenameRequest(String username) {}
