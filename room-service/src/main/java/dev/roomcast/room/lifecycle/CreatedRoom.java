package dev.roomcast.room.lifecycle;

/** The answer to POST /rooms: the only place the host token ever appears. */
public record CreatedRoom(String roomId, String roomName, String hostId, String hostToken, long createdAt) {
    @Override
    public String toString() {
        return "CreatedRoom[roomId=" + roomId + ", hostId=" + hostId + "]";
    }
}
