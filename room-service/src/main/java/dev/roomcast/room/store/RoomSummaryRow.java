package dev.roomcast.room.store;

/** One line of the room list, straight from Redis. */
public record RoomSummaryRow(String roomId, String name, long createdAt, boolean live, int guestCount) {}
