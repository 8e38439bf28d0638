package dev.roomcast.protocol.message;

/** Someone in a room, as everyone in it sees them. */
public record Participant(String userId, String username, boolean isHost) {}
