package dev.roomcast.protocol.message;

/** Someone in a room, as everyone in it sees them; a co-host may moderate the room (not broadcast). */
public record Participant(String userId, String username, boolean isHost, boolean isCohost) {
    public Participant(String userId, String username, boolean isHost) {
        this(userId, username, isHost, false);
    }
}
