package dev.roomcast.chat.history;

import dev.roomcast.protocol.message.ChatEntry;
import java.util.List;

/** A room's chat history, oldest first. */
public record MessagesResponse(String roomId, List<ChatEntry> messages) {}
