package dev.roomcast.room.requests;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.RequestOutcome;
import dev.roomcast.protocol.api.RequestQueue;
import dev.roomcast.protocol.api.RetryLaterException;
import dev.roomcast.protocol.message.ClientMessage;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.protocol.message.TrackAsk;
import dev.roomcast.room.events.RoomEvents;
import dev.roomcast.room.lifecycle.RoomService;
import dev.roomcast.room.moderation.ModerationService;
import dev.roomcast.room.store.Member;
import dev.roomcast.room.store.RequestStore;
import dev.roomcast.room.store.RoomStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Track requests: a member asks (text cleaned as a track title, rate-limited per member, at most
 * {@link Limits#REQUESTS_OPEN_MAX} open a room); the host or a co-host sees the queue and marks one
 * played or dismisses it; the requester hears what became of its own. The requester is the member the
 * gateway names from the socket, its name the one room-service holds. Blocking: worker threads only.
 */
@ApplicationScoped
public class RequestService {
    private static final long INTERVAL_MS = Limits.REQUEST_INTERVAL_SECONDS * 1000L;

    private final RequestStore requests;
    private final RoomStore store;
    private final RoomService rooms;
    private final ModerationService moderation;
    private final RoomEvents events;

    public RequestService(RequestStore requests, RoomStore store, RoomService rooms, ModerationService moderation,
                          RoomEvents events) {
        this.requests = requests;
        this.store = store;
        this.rooms = rooms;
        this.moderation = moderation;
        this.events = events;
    }

    public TrackAsk add(String roomId, String memberId, String rawText) {
        Member member = member(roomId, memberId);
        // the socket message's rules, once
        String text = new ClientMessage.RequestSend(roomId, rawText).text();
        long now = System.currentTimeMillis();
        var added = requests.add(roomId, member.userId(), member.username(), text, now, Limits.REQUESTS_OPEN_MAX,
                INTERVAL_MS, Limits.REQUEST_BURST);
        if (added instanceof RequestStore.Added.Ok ok) {
            TrackAsk ask = new TrackAsk(ok.id(), member.userId(), member.username(), text, now);
            events.toRoom(roomId, new ServerMessage.RequestAdded(roomId, ask));
            events.toUser(roomId, member.userId(), new ServerMessage.RequestUpdate(roomId, ask.id(), text,
                    ServerMessage.RequestUpdate.REQUESTED));
            return ask;
        }
        if (added instanceof RequestStore.Added.Off) {
            throw new ProtocolException(ErrorCode.REQUESTS_OFF, "the host has turned requests off");
        }
        if (added instanceof RequestStore.Added.Full) {
            throw new ProtocolException(ErrorCode.REQUESTS_FULL, "the host has " + Limits.REQUESTS_OPEN_MAX
                    + " requests waiting, try again later");
        }
        if (added instanceof RequestStore.Added.TooSoon soon) {
            throw new RetryLaterException(ErrorCode.RATE_LIMITED, "one request every " + Limits.REQUEST_INTERVAL_SECONDS + " s",
                    (int) Math.ceil(soon.waitMs() / 1000.0));
        }
        throw RoomService.notFound();
    }

    /** Host (bearer) or co-host (member): the request is no longer open; moderators and its requester hear it. */
    public TrackAsk resolve(String roomId, String bearer, String memberId, long requestId, RequestOutcome outcome) {
        if (outcome == null) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "outcome must be played or dismissed");
        }
        moderation.actor(roomId, bearer, memberId);
        TrackAsk ask = requests.take(roomId, requestId).orElseThrow(() ->
                new ProtocolException(ErrorCode.REQUEST_NOT_FOUND, "no open request with that id"));
        events.toRoom(roomId, new ServerMessage.RequestResolved(roomId, requestId, outcome));
        events.toUser(roomId, ask.userId(), new ServerMessage.RequestUpdate(roomId, requestId, ask.text(), outcome.wire()));
        return ask;
    }

    /** The host (bearer), a co-host: every open request; any other member: its own. */
    public RequestQueue queue(String roomId, String bearer, String memberId) {
        boolean all;
        if (bearer != null) {
            moderation.actor(roomId, bearer, null);
            all = true;
        } else {
            all = member(roomId, memberId).cohost();
        }
        List<TrackAsk> open = requests.open(roomId);
        if (!all) {
            open = open.stream().filter(a -> a.userId().equals(memberId)).toList();
        }
        return new RequestQueue(requests.isOpen(roomId), open);
    }

    /** Host or co-host: requests on or off; the room hears {@code requests:open}. */
    public RequestQueue setOpen(String roomId, String bearer, String memberId, Boolean open) {
        if (open == null) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "open (true or false) is required");
        }
        moderation.actor(roomId, bearer, memberId);
        store.update(roomId, Map.of(RequestStore.OFF, open ? "0" : "1"), List.of(), 0).orElseThrow(RoomService::notFound);
        events.toRoom(roomId, new ServerMessage.RequestsOpenChanged(roomId, open));
        return new RequestQueue(open, List.of());
    }

    private Member member(String roomId, String memberId) {
        rooms.room(roomId);
        if (memberId == null || memberId.isEmpty() || memberId.length() > 64) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the member is required");
        }
        return store.member(roomId, memberId).orElseThrow(() ->
                new ProtocolException(ErrorCode.NOT_IN_ROOM, "you are not in this room"));
    }
}
