package dev.roomcast.room.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.message.Participant;

/** One entry of a room's members hash (userId → this JSON). */
public record Member(String userId, String username, @JsonProperty("isHost") boolean isHost, String gatewayId,
                     long joinedAt) {

    public Participant participant() {
        return new Participant(userId, username, isHost);
    }

    public String json() {
        return BusJson.encode(this);
    }

    public static Member of(String json) {
        return BusJson.decode(json, Member.class);
    }
}
