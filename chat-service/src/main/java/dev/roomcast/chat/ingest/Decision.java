package dev.roomcast.chat.ingest;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.message.ChatEntry;

/** What chat-service does with one ingest record. Decided once per record, applied until it sticks. */
public sealed interface Decision {

    /** Store the entry and publish it to the room. */
    record Accept(ChatEntry entry) implements Decision {}

    /**
     * Tell the sender why not (an {@code error} with this {@code ref}: chat:message or chat:delete, and
     * {@code retryAfter} seconds for slow mode, else null).
     */
    record Refuse(String roomId, String userId, ErrorCode code, String message, String ref, Integer retryAfter)
            implements Decision {}

    /** The host or a co-host deletes a stored message for everyone. */
    record Delete(String roomId, String userId, String messageId) implements Decision {}

    /** Not a chat message we can answer (undecodable, no room or user): skip it. */
    record Drop(String reason) implements Decision {}
}
