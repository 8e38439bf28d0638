package dev.roomcast.room.rest;

import java.util.List;

import dev.roomcast.protocol.message.AudioConfig;

/** Request bodies of the room-service REST API. Fields are checked by {@link Inputs}. */
public final class Requests {
    private Requests() {}

    public record CreateRoom(String roomName) {}

    public record Join(String gatewayId, String userId, String username, String hostToken, String password) {
        @Override
        public String toString() {
            return "Join[gatewayId=" + gatewayId + ", userId=" + userId + "]";
        }
    }

    /** POST /rooms/{id}/members/batch: one gateway's joins, at most 256. */
    public record JoinBatch(String gatewayId, List<BatchMember> members) {}

    public record BatchMember(String userId, String username, String hostToken, String password) {
        @Override
        public String toString() {
            return "BatchMember[userId=" + userId + "]";
        }
    }

    public record Rename(String username) {}

    public record Broadcast(AudioConfig audioConfig) {}

    public record Settings(String preset, String password) {
        @Override
        public String toString() {
            return "Settings[preset=" + preset + "]";
        }
    }

    public record Kick(String userId) {}

    public record Success(boolean success) {}
}
