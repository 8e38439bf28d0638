package dev.roomcast.protocol.api;

/** {@code PUT /rooms/{id}/cohosts/{userId}} (host only): make the member a co-host, or no longer one. */
public record CohostRequest(Boolean isCohost) {}
