package dev.roomcast.protocol.api;

import dev.roomcast.protocol.message.AudioConfig;

/** {@code POST /rooms/{id}/broadcast} (host). */
public record BroadcastRequest(AudioConfig audioConfig) {}
