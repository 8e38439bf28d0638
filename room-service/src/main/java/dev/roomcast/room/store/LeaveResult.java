package dev.roomcast.room.store;

/** A member the leave script removed, the members left and whether the room is live. */
public record LeaveResult(Member member, int memberCount, boolean live) {}
