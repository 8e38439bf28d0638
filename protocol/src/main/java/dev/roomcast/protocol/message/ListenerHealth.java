package dev.roomcast.protocol.message;

import dev.roomcast.protocol.Tier;

/** One listener's last report, as the host's health grid shows it. */
public record ListenerHealth(String userId, String username, Tier tier, int bufferMs, int latencyMs,
                             double syncErrorMs, int underruns, boolean late, long updatedAt) {}
