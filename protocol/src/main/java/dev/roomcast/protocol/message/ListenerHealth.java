package dev.roomcast.protocol.message;

import dev.roomcast.protocol.Tier;

/**
 * One listener's last report, as the host's health grid shows it. {@code syncUncertaintyMs} and
 * {@code latencyKnown} are null (left out on the wire) when the listener's page did not send them.
 */
public record ListenerHealth(String userId, String username, Tier tier, int bufferMs, int latencyMs,
                             double syncErrorMs, int underruns, boolean late, long updatedAt,
                             Double syncUncertaintyMs, Boolean latencyKnown) {

    /** A row without the optional sync-uncertainty fields. */
    public ListenerHealth(String userId, String username, Tier tier, int bufferMs, int latencyMs,
                          double syncErrorMs, int underruns, boolean late, long updatedAt) {
        this(userId, username, tier, bufferMs, latencyMs, syncErrorMs, underruns, late, updatedAt, null, null);
    }
}
