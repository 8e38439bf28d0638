package dev.roomcast.room.store;

/** What the join script decided, and the room's member count and presence version right after it. */
public record JoinResult(Status status, int memberCount, boolean hostWasConnected, long presenceVersion) {
    public enum Status { JOINED, REJOINED, NOT_FOUND, KICKED, BANNED, NAME_TAKEN, HOST_ID, FULL }
}
