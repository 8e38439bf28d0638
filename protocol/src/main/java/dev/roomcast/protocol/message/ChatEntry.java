package dev.roomcast.protocol.message;

/** One stored chat message. {@code timestamp} is server time in ms since the Unix epoch. */
public record ChatEntry(String id, String roomId, String userId, String username, String message,
                        long timestamp, boolean isHost) {}
