package dev.roomcast.room.lifecycle;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of GET /rooms. */
public record RoomSummary(String roomId, String roomName, int guestCount, @JsonProperty("isLive") boolean isLive,
                          long createdAt) {}
