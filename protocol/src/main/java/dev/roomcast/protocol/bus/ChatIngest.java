package dev.roomcast.protocol.bus;

/**
 * One record of {@code roomcast.chat.ingest} (key = room id): a chat message as a gateway received
 * it, or — with {@code deleteId} — the host's deletion of one. Identity fields come from the sender's
 * connection on the gateway, never from its payload; {@code deviceHash} is the hash of the device key
 * the socket joined with ({@link dev.roomcast.protocol.DeviceKeys}), or null. {@code atUs}: the stream
 * time the sender was hearing (checked by the gateway), or null.
 */
public record ChatIngest(String roomId, String userId, String username, boolean isHost, String message,
                         String gatewayId, long receivedAt, String deviceHash, String deleteId, Long atUs) {
    public ChatIngest(String roomId, String userId, String username, boolean isHost, String message,
                      String gatewayId, long receivedAt, String deviceHash, String deleteId) {
        this(roomId, userId, username, isHost, message, gatewayId, receivedAt, deviceHash, deleteId, null);
    }
}
