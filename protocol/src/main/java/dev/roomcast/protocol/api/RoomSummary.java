package dev.roomcast.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of the room list ({@code GET /rooms}, {@code GET /api/rooms}): a room that is live now.
 * {@code hostName} is the host's display name, absent while the host is not in the room;
 * {@code participantCount} is everyone in it, host included; {@code guestCount} everyone but the host.
 */
public record RoomSummary(String roomId, String roomName, String hostId, String hostName, int participantCount,
                          int guestCount, @JsonProperty("isLive") boolean isLive, long createdAt) {}
