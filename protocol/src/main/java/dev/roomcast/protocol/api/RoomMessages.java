package dev.roomcast.protocol.api;

import dev.roomcast.protocol.message.ChatEntry;
import java.util.List;

/** {@code GET /rooms/{id}/messages} (chat-service) and {@code /api/rooms/{id}/messages}: oldest first. */
public record RoomMessages(String roomId, List<ChatEntry> messages) {}
