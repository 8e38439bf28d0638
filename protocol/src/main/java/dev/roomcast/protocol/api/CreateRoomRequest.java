package dev.roomcast.protocol.api;

/**
 * {@code POST /rooms} (room-service) and {@code POST /api/rooms} (gateway). {@code listed}: true puts
 * the room on the public list ({@code GET /api/rooms}); absent or false keeps it unlisted.
 */
public record CreateRoomRequest(String roomName, Boolean listed) {
    // no one-String constructor: Jackson would take it as a creator and read a bare "name" body as a room

    public boolean isListed() {
        return Boolean.TRUE.equals(listed);
    }
}
