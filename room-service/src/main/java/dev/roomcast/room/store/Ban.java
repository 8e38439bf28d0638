package dev.roomcast.room.store;

import dev.roomcast.protocol.bus.BusJson;

/**
 * One kick that keeps someone out (kick.lua writes it): the user id, the device (for good) and the
 * address (until {@code addressUntil}, 0 for none). Hashes only; lifted with unban.lua.
 */
public record Ban(String banId, String userId, String username, long bannedAt, String deviceHash, String addressHash,
                  long addressUntil) {

    public static Ban of(String json) {
        return BusJson.decode(json, Ban.class);
    }
}
