package dev.roomcast.room.store;

/** What the join script decided. */
public record JoinResult(Status status, int memberCount, boolean hostWasConnected) {
    public enum Status { JOINED, REJOINED, NOT_FOUND, KICKED, HOST_ID, FULL }
}
