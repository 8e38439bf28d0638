package dev.roomcast.protocol.api;

/** {@code POST /rooms/{id}/aux/offer} (host): the member to offer the aux to. */
public record AuxRequest(String userId) {}
