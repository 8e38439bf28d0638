package dev.roomcast.protocol.api;

/**
 * {@code POST /rooms} (room-service) and {@code POST /api/rooms} (gateway). {@code listed}: true puts
 * the room on the public list ({@code GET /api/rooms}); absent or false keeps it unlisted.
 */
public record CreateRoomRequest(String roomName, Boolean listed) {
    public CreateRoomRequest(String roomName) {
        this(roomName, null);
    }

    public boolean isListed() {
        return Boolean.TRUE.equals(listed);
    }
}
