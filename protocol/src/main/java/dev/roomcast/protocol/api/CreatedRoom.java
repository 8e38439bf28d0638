package dev.roomcast.protocol.api;

/**
 * The answer to creating a room: the only place the host token ever appears. {@code url} (the
 * share link) is added by the gateway, which knows the public address; room-service leaves it out.
 * {@code listed}: on the home page's list while live (as asked; unlisted by default).
 */
public record CreatedRoom(String roomId, String roomName, String hostId, String hostToken, long createdAt, String url,
                          boolean listed) {

    public CreatedRoom withUrl(String shareUrl) {
        return new CreatedRoom(roomId, roomName, hostId, hostToken, createdAt, shareUrl, listed);
    }

    @Override
    public String toString() {
        return "CreatedRoom[roomId=" + roomId + ", hostId=" + hostId + "]";
    }
}
