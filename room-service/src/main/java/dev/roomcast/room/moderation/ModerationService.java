package dev.roomcast.room.moderation;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.api.RoomBans;
import dev.roomcast.protocol.api.RoomDetails;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.config.RoomConfig;
import dev.roomcast.room.events.RoomEvents;
import dev.roomcast.room.lifecycle.MemberService;
import dev.roomcast.room.lifecycle.RoomService;
import dev.roomcast.room.store.Member;
import dev.roomcast.room.store.RoomStore;
import dev.roomcast.room.store.StoredRoom;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Running a room: removing and muting members, slow mode (the host or a co-host), co-hosts, bans
 * (the host only). The host proves its token; a co-host is named by the gateway from the socket
 * ({@code X-Roomcast-Member}) and must be one in Redis. A co-host acts on guests only, never on the
 * host or another co-host. Blocking: worker threads only.
 */
@ApplicationScoped
public class ModerationService {
    private final RoomStore store;
    private final RoomService rooms;
    private final MemberService members;
    private final RoomEvents events;
    private final RoomConfig config;

    public ModerationService(RoomStore store, RoomService rooms, MemberService members, RoomEvents events, RoomConfig config) {
        this.store = store;
        this.rooms = rooms;
        this.members = members;
        this.events = events;
        this.config = config;
    }

    /** Who acts: the room's host (a valid token) or one of its co-hosts. */
    public record Actor(StoredRoom room, String userId, boolean host) {}

    /**
     * The host when a bearer token is given (401/403 as for every host call), else the co-host named by
     * the gateway; {@code not_cohost} for a member who is neither, {@code unauthorized} for no one.
     */
    public Actor actor(String roomId, String bearer, String memberId) {
        if (bearer != null || memberId == null) {
            StoredRoom room = rooms.requireHost(roomId, bearer);
            return new Actor(room, room.hostId(), true);
        }
        StoredRoom room = rooms.room(roomId);
        if (memberId.isEmpty() || memberId.length() > 64 || store.member(roomId, memberId).filter(Member::cohost).isEmpty()) {
            throw new ProtocolException(ErrorCode.NOT_COHOST, "only the host or a co-host can do that");
        }
        return new Actor(room, memberId, false);
    }

    /** The member {@code userId} as a target of {@code actor}: not the actor, not the host; a co-host only for the host. */
    private Member target(Actor actor, String userId, String verb) {
        if (userId.equals(actor.userId())) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "you cannot " + verb + " yourself");
        }
        if (userId.equals(actor.room().hostId())) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "a co-host cannot " + verb + " the host");
        }
        Member m = store.member(actor.room().roomId(), userId)
                .orElseThrow(() -> new ProtocolException(ErrorCode.NOT_IN_ROOM, "no such member in this room"));
        if (m.cohost() && !actor.host()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "a co-host cannot " + verb + " another co-host");
        }
        return m;
    }

    /**
     * Removes a member and keeps it out — its user id and its device for good, its address for a
     * while (for devices new to the room); someone not in the room is {@code not_in_room}.
     */
    public void kick(String roomId, String bearer, String memberId, String userId) {
        Actor actor = actor(roomId, bearer, memberId);
        target(actor, userId, "remove");
        long now = System.currentTimeMillis();
        store.kick(roomId, userId, RoomIds.newBanId(), now, now + config.banAddressFor().toMillis())
                .orElseThrow(() -> new ProtocolException(ErrorCode.NOT_IN_ROOM, "no such member in this room"));
        events.toUser(roomId, userId, new ServerMessage.RoomKicked(roomId));
        members.remove(roomId, userId, null);
    }

    /**
     * No chat from a member for {@code seconds} (0 lifts it), held on its user id and its device, so a
     * reload does not lift it. The member, the host and the acting co-host are told ({@code chat:muted}).
     */
    public void mute(String roomId, String bearer, String memberId, String userId, int seconds) {
        if (seconds < 0 || seconds > Limits.MUTE_MAX_SECONDS) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "seconds must be 0.." + Limits.MUTE_MAX_SECONDS);
        }
        Actor actor = actor(roomId, bearer, memberId);
        Member m = target(actor, userId, "mute");
        long until = seconds == 0 ? 0 : System.currentTimeMillis() + seconds * 1000L;
        store.mute(roomId, m, until);
        var muted = new ServerMessage.ChatMuted(roomId, userId, m.username(), until);
        events.toUser(roomId, userId, muted);
        events.toUser(roomId, actor.room().hostId(), muted);
        if (!actor.host()) {
            events.toUser(roomId, actor.userId(), muted);
        }
    }

    /** Guests may send one chat message per {@code seconds} (0: off); everyone hears {@code room:settings}. */
    public RoomDetails slowMode(String roomId, String bearer, String memberId, int seconds) {
        if (seconds < 0 || seconds > Limits.SLOW_MODE_MAX_SECONDS) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "seconds must be 0.." + Limits.SLOW_MODE_MAX_SECONDS);
        }
        actor(roomId, bearer, memberId);
        return rooms.setSlowMode(roomId, seconds);
    }

    /** Host only: makes a member a co-host (or no longer one); everyone hears {@code user:cohost}. */
    public void cohost(String roomId, String bearer, String userId, boolean cohost) {
        rooms.requireHost(roomId, bearer);
        switch (store.cohost(roomId, userId, cohost)) {
            case NOT_MEMBER -> throw new ProtocolException(ErrorCode.NOT_IN_ROOM, "no such member in this room");
            case HOST -> throw new ProtocolException(ErrorCode.BAD_MESSAGE, "the host is the host, not a co-host");
            case OK -> {
                Member m = store.member(roomId, userId)
                        .orElseThrow(() -> new ProtocolException(ErrorCode.NOT_IN_ROOM, "no such member in this room"));
                events.toRoom(roomId, new ServerMessage.UserCohost(roomId, userId, m.username(), cohost));
            }
        }
    }

    /** Host only: the room's bans, oldest first. */
    public RoomBans bans(String roomId, String bearer) {
        rooms.requireHost(roomId, bearer);
        long now = System.currentTimeMillis();
        return new RoomBans(roomId, store.bans(roomId).stream()
                .map(b -> new RoomBans.Entry(b.banId(), b.username(), b.bannedAt(), b.deviceHash() != null,
                        b.addressUntil() > now ? b.addressUntil() : 0))
                .toList());
    }

    /** Host only: lifts a ban; an unknown ban id is {@code not_found}. */
    public void unban(String roomId, String bearer, String banId) {
        rooms.requireHost(roomId, bearer);
        if (!RoomIds.isBanId(banId) || !store.unban(roomId, banId)) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no such ban in this room");
        }
    }
}
