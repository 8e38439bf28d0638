package dev.roomcast.protocol.api;

/** {@code PUT /rooms/{id}/requests/open} (host or co-host): track requests on or off (see {@code requests:open}). */
public record RequestsSwitch(Boolean open) {}
