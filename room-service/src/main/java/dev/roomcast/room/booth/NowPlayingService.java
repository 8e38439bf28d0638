package dev.roomcast.room.booth;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.api.TrackRequest;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.message.ClientMessage;
import dev.roomcast.protocol.message.NowPlaying;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.events.RoomEvents;
import dev.roomcast.room.lifecycle.RoomService;
import dev.roomcast.room.store.RoomStore;
import dev.roomcast.room.store.StoredRoom;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * What plays in a live room (track:set): the host says it, stamped with the stream time the track
 * starts at; the room hears {@code track:changed} and the room hash keeps it for late joiners until
 * the broadcast stops. Blocking: worker threads only.
 */
@ApplicationScoped
public class NowPlayingService {
    private final RoomStore store;
    private final RoomService rooms;
    private final RoomEvents events;
    private final ArtService art;

    public NowPlayingService(RoomStore store, RoomService rooms, RoomEvents events, ArtService art) {
        this.store = store;
        this.rooms = rooms;
        this.events = events;
        this.art = art;
    }

    public NowPlaying set(String roomId, String bearer, TrackRequest body) {
        StoredRoom room = rooms.requireHost(roomId, bearer);
        // the socket message's rules, once: cleaned text, lengths, a stream time
        NowPlaying track = new ClientMessage.TrackSet(roomId, body.title(), body.artist(), body.album(), body.atUs(), body.art()).nowPlaying();
        if (Math.abs(track.atUs() - ServerClock.nowUs()) > Limits.TRACK_AT_WINDOW_US) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "atUs is not the stream time of audio being sent now");
        }
        if (!room.live()) {
            throw new ProtocolException(ErrorCode.NOT_LIVE, "the room is not live");
        }
        art.requireStored(roomId, track.art());
        store.update(roomId, Map.of(StoredRoom.TRACK, BusJson.encode(track)), List.of(), System.currentTimeMillis());
        events.toRoom(roomId, ServerMessage.TrackChanged.of(roomId, track));
        return track;
    }
}
