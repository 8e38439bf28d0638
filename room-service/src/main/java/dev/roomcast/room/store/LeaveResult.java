package dev.roomcast.room.store;

/** A member the leave script removed, the members left, whether the room is live, and its presence version after. */
public record LeaveResult(Member member, int memberCount, boolean live, long presenceVersion) {}
