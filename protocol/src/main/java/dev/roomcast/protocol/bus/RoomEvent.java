package dev.roomcast.protocol.bus;

import dev.roomcast.protocol.message.ServerMessage;

/**
 * One record of the {@code roomcast.room.events} topic (key = room id): a server message for the
 * sockets of a room on every gateway. {@code toUserId} null = everyone in the room; otherwise
 * only that user's sockets. Gateways also read the messages they care about (room:closed,
 * room:settings, room:kicked, broadcast:started ...) to update their own state. {@code fromGatewayId}:
 * the gateway that sent it when it already delivered it to its own sockets (a gateway's
 * {@code reactions:update} of its own reactions), so that gateway skips it; else null.
 */
public record RoomEvent(String roomId, String toUserId, ServerMessage message, String fromGatewayId) {
    public RoomEvent(String roomId, String toUserId, ServerMessage message) {
        this(roomId, toUserId, message, null);
    }

    public static RoomEvent toRoom(String roomId, ServerMessage message) {
        return new RoomEvent(roomId, null, message);
    }

    public static RoomEvent toUser(String roomId, String userId, ServerMessage message) {
        return new RoomEvent(roomId, userId, message);
    }
}
