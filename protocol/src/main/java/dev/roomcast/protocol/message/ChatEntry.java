package dev.roomcast.protocol.message;

/**
 * One stored chat message. {@code timestamp} is server time in ms since the Unix epoch; {@code atUs}
 * the stream time its sender was hearing (server µs), or null.
 */
public record ChatEntry(String id, String roomId, String userId, String username, String message,
                        long timestamp, boolean isHost, Long atUs) {
    public ChatEntry(String id, String roomId, String userId, String username, String message, long timestamp,
                     boolean isHost) {
        this(id, roomId, userId, username, message, timestamp, isHost, null);
    }
}
