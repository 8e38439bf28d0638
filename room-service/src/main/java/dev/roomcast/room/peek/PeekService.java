package dev.roomcast.room.peek;

import dev.roomcast.protocol.CoverArt;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.TabPeek;
import dev.roomcast.protocol.api.PeekUpload;
import dev.roomcast.protocol.api.RetryLaterException;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.events.RoomEvents;
import dev.roomcast.room.lifecycle.RoomService;
import dev.roomcast.room.store.PeekStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The tab peek: while live, the host's studio puts a small picture of its shared tab in the room's
 * one slot (checked by its first bytes and size, at most one per {@link Limits#PEEK_MIN_INTERVAL_MS}),
 * kept {@link Limits#PEEK_TTL_MS} unless the next replaces it; the room hears {@code peek:frame} with
 * its URL, or {@code peek:stopped} when the host empties the slot. Blocking: worker threads only.
 */
@ApplicationScoped
public class PeekService {
    private final PeekStore store;
    private final RoomService rooms;
    private final RoomEvents events;

    public PeekService(PeekStore store, RoomService rooms, RoomEvents events) {
        this.store = store;
        this.rooms = rooms;
        this.events = events;
    }

    public PeekUpload put(String roomId, String bearer, byte[] image) {
        rooms.requireHost(roomId, bearer);
        String type = TabPeek.check(image);
        long now = System.currentTimeMillis();
        String key = TabPeek.newKey();
        PeekStore.Put put = store.put(roomId, image, key, now, Limits.PEEK_MIN_INTERVAL_MS, Limits.PEEK_TTL_MS);
        if (put instanceof PeekStore.Put.NoRoom) {
            throw RoomService.notFound();
        }
        if (put instanceof PeekStore.Put.NotLive) {
            throw new ProtocolException(ErrorCode.NOT_LIVE, "the peek shows only while the room is live");
        }
        if (put instanceof PeekStore.Put.TooSoon soon) {
            throw new RetryLaterException(ErrorCode.RATE_LIMITED, "one peek frame every "
                    + Limits.PEEK_MIN_INTERVAL_MS / 1000 + " s", (int) Math.ceil(soon.waitMs() / 1000.0));
        }
        String url = TabPeek.path(roomId, key);
        events.toRoom(roomId, new ServerMessage.PeekFrame(roomId, url, now));
        return new PeekUpload(url, now, type, image.length);
    }

    /** Host: the peek stops now; the room hears {@code peek:stopped} (also when the slot was already empty). */
    public void stop(String roomId, String bearer) {
        rooms.requireHost(roomId, bearer);
        store.delete(roomId);
        events.toRoom(roomId, new ServerMessage.PeekStopped(roomId));
    }

    /** The frame in the room's slot named {@code key}; {@code not_found} when the peek is off, that frame was replaced or expired. */
    public Frame get(String roomId, String key) {
        byte[] bytes = (TabPeek.isKey(key) ? store.get(roomId, key) : Optional.<byte[]>empty())
                .orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND, "no such picture of the host's tab now"));
        return new Frame(bytes, CoverArt.contentType(bytes));
    }

    public record Frame(byte[] bytes, String contentType) {}
}
