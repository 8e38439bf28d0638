package dev.roomcast.room.lifecycle;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.message.Participant;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.config.RoomConfig;
import dev.roomcast.room.events.RoomEvents;
import dev.roomcast.room.store.JoinResult;
import dev.roomcast.room.store.LeaveResult;
import dev.roomcast.room.store.Member;
import dev.roomcast.room.store.RoomStore;
import dev.roomcast.room.store.Secrets;
import dev.roomcast.room.store.StoredRoom;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Joining, leaving, renaming and kicking. Blocking: worker threads only. */
@ApplicationScoped
public class MemberService {
    private final RoomStore store;
    private final RoomService rooms;
    private final RoomEvents events;
    private final RoomConfig config;
    private final RoomMetrics metrics;

    public MemberService(RoomStore store, RoomService rooms, RoomEvents events, RoomConfig config, RoomMetrics metrics) {
        this.store = store;
        this.rooms = rooms;
        this.events = events;
        this.config = config;
        this.metrics = metrics;
    }

    public JoinAnswer join(String roomId, JoinCommand cmd) {
        try {
            return doJoin(roomId, cmd);
        } catch (ProtocolException e) {
            metrics.joinRefused(e.code().wire());
            throw e;
        }
    }

    private JoinAnswer doJoin(String roomId, JoinCommand cmd) {
        StoredRoom room = rooms.room(roomId);
        boolean host = false;
        if (cmd.hostToken() != null) {
            if (!Secrets.tokenMatches(cmd.hostToken(), room.tokenHash())) {
                throw new ProtocolException(ErrorCode.UNAUTHORIZED, "wrong host token");
            }
            host = true;
        }
        String userId = host ? room.hostId() : cmd.userId();
        Optional<Member> existing = store.member(roomId, userId);
        if (!host && room.hasPassword() && existing.isEmpty() && !Secrets.passwordMatches(cmd.password(), room.passwordHash())) {
            throw new ProtocolException(ErrorCode.PASSWORD_REQUIRED, "this room needs the right password");
        }
        String username = cmd.username() != null ? cmd.username()
                : existing.map(Member::username).orElse(host ? "Host" : defaultGuestName(userId));
        long now = System.currentTimeMillis();
        Member member = new Member(userId, username, host, cmd.gatewayId(), existing.map(Member::joinedAt).orElse(now));
        int maxUsers = Math.max(1, config.maxUsersPerRoom());
        JoinResult result = store.join(roomId, member, maxUsers, now);
        switch (result.status()) {
            case NOT_FOUND -> throw RoomService.notFound();
            case KICKED -> throw new ProtocolException(ErrorCode.KICKED, "you were removed from this room");
            case HOST_ID -> throw new ProtocolException(ErrorCode.UNAUTHORIZED, "this user id belongs to the host");
            case FULL -> throw new RoomFullException(maxUsers);
            case JOINED, REJOINED -> { }
        }
        metrics.joined(host);
        if (result.status() == JoinResult.Status.JOINED) {
            events.toRoom(roomId, new ServerMessage.UserJoined(roomId, userId, username, host, result.memberCount()));
        } else if (existing.isPresent() && !existing.get().username().equals(username)) {
            events.toRoom(roomId, new ServerMessage.UserRenamed(roomId, userId, username));
        }
        if (host && !result.hostWasConnected()) {
            events.toRoom(roomId, new ServerMessage.HostStatus(roomId, true));
        }
        return new JoinAnswer(rooms.details(roomId), member.participant());
    }

    /** Idempotent: leaving a room one is not in changes nothing. */
    public void leave(String roomId, String userId) {
        rooms.room(roomId);
        remove(roomId, userId, null);
    }

    /**
     * Removes a member (only while {@code onlyFromGateway} holds it, when given) and tells the room.
     * True if this call removed it.
     */
    public boolean remove(String roomId, String userId, String onlyFromGateway) {
        long now = System.currentTimeMillis();
        Optional<LeaveResult> left = store.leave(roomId, userId, onlyFromGateway, now,
                now + config.hostGracePeriod().toMillis());
        left.ifPresent(r -> {
            events.toRoom(roomId, new ServerMessage.UserLeft(roomId, userId, r.member().username(), r.memberCount()));
            if (r.member().isHost()) {
                events.toRoom(roomId, new ServerMessage.HostStatus(roomId, false));
            }
        });
        return left.isPresent();
    }

    public Participant rename(String roomId, String userId, String username) {
        rooms.room(roomId);
        Member m = store.rename(roomId, userId, username)
                .orElseThrow(() -> new ProtocolException(ErrorCode.NOT_IN_ROOM, "no such member in this room"));
        events.toRoom(roomId, new ServerMessage.UserRenamed(roomId, userId, username));
        return m.participant();
    }

    /** Host only: removes the user and keeps it out of the room. */
    public void kick(String roomId, String bearer, String userId) {
        StoredRoom room = rooms.requireHost(roomId, bearer);
        if (userId.equals(room.hostId())) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "the host cannot kick itself");
        }
        store.kick(roomId, userId);
        events.toUser(roomId, userId, new ServerMessage.RoomKicked(roomId));
        remove(roomId, userId, null);
    }

    static String defaultGuestName(String userId) {
        return String.format("Guest_%05d", Math.floorMod(userId.hashCode(), 100_000));
    }
}
