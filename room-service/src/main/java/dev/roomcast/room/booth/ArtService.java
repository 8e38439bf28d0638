package dev.roomcast.room.booth;

import dev.roomcast.protocol.CoverArt;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.api.ArtUpload;
import dev.roomcast.room.config.RoomConfig;
import dev.roomcast.room.lifecycle.RoomService;
import dev.roomcast.room.store.ArtStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Cover art: the host uploads an image once (checked by its first bytes and size), it is stored
 * under its SHA-256 for the room's lifetime (at most {@code roomcast.room.art-per-room}, oldest out)
 * and named by that hash in {@code track:set}. Blocking: worker threads only.
 */
@ApplicationScoped
public class ArtService {
    private final ArtStore store;
    private final RoomService rooms;
    private final int cap;

    public ArtService(ArtStore store, RoomService rooms, RoomConfig config) {
        this.store = store;
        this.rooms = rooms;
        this.cap = config.artPerRoom();
    }

    public ArtUpload upload(String roomId, String bearer, byte[] image) {
        rooms.requireHost(roomId, bearer);
        String type = CoverArt.check(image);
        String sha = CoverArt.hash(image);
        store.put(roomId, sha, image, System.currentTimeMillis(), cap)
                .orElseThrow(() -> new ProtocolException(ErrorCode.ROOM_NOT_FOUND, "no such room"));
        return new ArtUpload(sha, CoverArt.path(roomId, sha), type, image.length);
    }

    /** The image and its type; {@code not_found} for a hash the room does not keep. */
    public Image get(String roomId, String sha) {
        byte[] bytes = CoverArt.isHash(sha) ? store.get(roomId, sha).orElse(null) : null;
        if (bytes == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no such art in this room");
        }
        return new Image(bytes, CoverArt.contentType(bytes));
    }

    /** For track:set: the art must be one the room keeps. */
    public void requireStored(String roomId, String sha) {
        if (sha != null && !store.has(roomId, sha)) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "art names no cover uploaded to this room (PUT /api/rooms/{id}/art first)");
        }
    }

    public record Image(byte[] bytes, String contentType) {}
}
