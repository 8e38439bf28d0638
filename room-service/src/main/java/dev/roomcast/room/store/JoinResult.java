package dev.roomcast.room.store;

/**
 * What the join script decided, the room's member count and presence version right after it, and
 * whether the member is a co-host (its device was made one before).
 */
public record JoinResult(Status status, int memberCount, boolean hostWasConnected, long presenceVersion, boolean cohost) {
    public enum Status { JOINED, REJOINED, NOT_FOUND, KICKED, BANNED, NAME_TAKEN, HOST_ID, FULL }
}
