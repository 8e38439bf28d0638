package dev.roomcast.room.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.message.Participant;

/**
 * One entry of a room's members hash (userId → this JSON). {@code nameKey} (the name as compared,
 * null when not reserved), {@code deviceHash} and {@code addressHash} stay inside room-service: they
 * are never part of a {@link Participant}. {@code cohost}: the host made this member a co-host (set by
 * the scripts; chat-service reads it too).
 */
public record Member(String userId, String username, @JsonProperty("isHost") boolean isHost, String gatewayId,
                     long joinedAt, String nameKey, String deviceHash, String addressHash, boolean cohost) {

    public Member(String userId, String username, boolean isHost, String gatewayId, long joinedAt) {
        this(userId, username, isHost, gatewayId, joinedAt, null, null, null, false);
    }

    public Member(String userId, String username, boolean isHost, String gatewayId, long joinedAt, String nameKey,
                  String deviceHash, String addressHash) {
        this(userId, username, isHost, gatewayId, joinedAt, nameKey, deviceHash, addressHash, false);
    }

    public Participant participant() {
        return new Participant(userId, username, isHost, cohost);
    }

    /** The same member as a co-host or not. */
    public Member withCohost(boolean c) {
        return new Member(userId, username, isHost, gatewayId, joinedAt, nameKey, deviceHash, addressHash, c);
    }

    public String json() {
        return BusJson.encode(this);
    }

    public static Member of(String json) {
        return BusJson.decode(json, Member.class);
    }
}
