package dev.roomcast.protocol.api;

import dev.roomcast.protocol.RequestOutcome;

/** {@code POST /rooms/{id}/requests/{requestId}/resolve} (host or co-host): see {@code request:resolve}. */
public record RequestResolution(RequestOutcome outcome) {}
