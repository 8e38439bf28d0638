package dev.roomcast.protocol.bus;

/**
 * One record of {@code roomcast.chat.ingest} (key = room id): a chat message as a gateway received
 * it. Identity fields come from the sender's connection on the gateway, never from its payload.
 */
public record ChatIngest(String roomId, String userId, String username, boolean isHost, String message,
                         String gatewayId, long receivedAt) {}
