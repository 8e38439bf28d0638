package dev.roomcast.room.store;

/** One line of the room list (a live room), straight from Redis; hostName null while the host is away. */
public record RoomSummaryRow(String roomId, String name, long createdAt, String hostId, String hostName,
                             int participantCount, int guestCount) {}
