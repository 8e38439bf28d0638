package dev.roomcast.room.lifecycle;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.api.HandoverLink;
import dev.roomcast.protocol.api.HostToken;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.events.RoomEvents;
import dev.roomcast.room.store.RoomStore;
import dev.roomcast.room.store.Secrets;
import dev.roomcast.room.store.StoredRoom;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The host on another device: the host asks for a handover secret (one at a time, 10 minutes, the
 * newest replaces the last); the device that presents it gets a fresh host token, the old token
 * stops working, and the old host's sockets are told ({@code host:moved}) and leave the room.
 * Blocking: worker threads only.
 */
@ApplicationScoped
public class HostHandover {
    /** How long a handover link works. */
    public static final Duration LINK_TTL = Duration.ofMinutes(10);

    private final RoomStore store;
    private final RoomService rooms;
    private final RoomEvents events;

    public HostHandover(RoomStore store, RoomService rooms, RoomEvents events) {
        this.store = store;
        this.rooms = rooms;
        this.events = events;
    }

    /** Host only: a new handover secret (the previous one stops working). */
    public HandoverLink create(String roomId, String bearer) {
        rooms.requireHost(roomId, bearer);
        String secret = RoomIds.newHostToken();
        long until = System.currentTimeMillis() + LINK_TTL.toMillis();
        store.update(roomId, Map.of(StoredRoom.HANDOVER_HASH, Secrets.hashToken(secret),
                StoredRoom.HANDOVER_UNTIL, String.valueOf(until)), List.of(), 0).orElseThrow(RoomService::notFound);
        return new HandoverLink(secret, null, until);
    }

    /**
     * With the handover secret as the bearer: the room's new host token. A used, replaced or
     * unknown secret is {@code forbidden}; an expired one says so.
     */
    public HostToken claim(String roomId, String bearer) {
        String secret = HostAuth.bearer(bearer);
        StoredRoom room = rooms.room(roomId);
        String fresh = RoomIds.newHostToken();
        long now = System.currentTimeMillis();
        switch (store.claimHandover(roomId, Secrets.hashToken(secret), now, Secrets.hashToken(fresh))) {
            case OK -> {
                events.toUser(roomId, room.hostId(), new ServerMessage.HostMoved(roomId, now));
                return new HostToken(fresh);
            }
            case NOT_FOUND -> throw RoomService.notFound();
            case EXPIRED -> throw new ProtocolException(ErrorCode.FORBIDDEN,
                    "this host link has expired: make a new one in the studio");
            default -> throw new ProtocolException(ErrorCode.FORBIDDEN,
                    "this host link does not work any more: it was used, or a newer one replaced it");
        }
    }
}
