package dev.roomcast.room.booth;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.events.RoomEvents;
import dev.roomcast.room.lifecycle.RoomService;
import dev.roomcast.room.store.Member;
import dev.roomcast.room.store.RoomStore;
import dev.roomcast.room.store.StoredRoom;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Passing the aux: the host offers the broadcast to a member, the member takes it once its source
 * runs, and it comes back when the member gives it back, the host takes it, the member leaves or the
 * broadcast stops. A handoff is cut at a server time {@link Limits#AUX_LEAD_MS} after the accept, so
 * that both browsers know it before it comes: the old one sends audio captured before it, the new one
 * from it on (docs/PROTOCOL.md, passing the aux). The host proves its token; a member is named by the
 * gateway from its socket ({@code X-Roomcast-Member}). Blocking: worker threads only.
 */
@ApplicationScoped
public class AuxService {
    private final RoomStore store;
    private final RoomService rooms;
    private final RoomEvents events;

    public AuxService(RoomStore store, RoomService rooms, RoomEvents events) {
        this.store = store;
        this.rooms = rooms;
        this.events = events;
    }

    /** Host: offers the aux to {@code userId}; everyone hears {@code aux:offered}. */
    public void offer(String roomId, String bearer, String userId) {
        rooms.requireHost(roomId, bearer);
        List<String> r = store.passAux(roomId, "offer", userId, 0);
        switch (r.get(0)) {
            case "ok" -> {
                String name = store.member(roomId, userId).map(Member::username).orElse(null);
                events.toRoom(roomId, new ServerMessage.AuxOffered(roomId, userId, name));
            }
            case "not_member" -> throw new ProtocolException(ErrorCode.NOT_IN_ROOM, "no such member in this room");
            case "host" -> throw new ProtocolException(ErrorCode.BAD_MESSAGE, "the host cannot be offered the aux");
            case "holder" -> throw new ProtocolException(ErrorCode.BAD_MESSAGE, "they have the aux already");
            default -> throw refusal(r.get(0));
        }
    }

    /** The member the aux was offered to takes it: everyone hears {@code aux:handoff} with the cut. */
    public ServerMessage.AuxHandoff accept(String roomId, String memberId) {
        String member = requireMember(memberId);
        rooms.room(roomId);
        long atUs = ServerClock.nowUs() + Limits.AUX_LEAD_MS * 1000L;
        List<String> r = store.passAux(roomId, "accept", member, atUs);
        if (!"ok".equals(r.get(0))) {
            throw refusal(r.get(0));
        }
        var handoff = new ServerMessage.AuxHandoff(roomId, r.get(1), member, atUs);
        events.toRoom(roomId, handoff);
        return handoff;
    }

    /** The member says no, or the host (a bearer) withdraws the offer; everyone hears {@code aux:offered} with no one. */
    public void decline(String roomId, String bearer, String memberId) {
        String actor = actor(roomId, bearer, memberId);
        List<String> r = store.passAux(roomId, "decline", actor, 0);
        if (!"ok".equals(r.get(0))) {
            throw refusal(r.get(0));
        }
        events.toRoom(roomId, new ServerMessage.AuxOffered(roomId, null, null));
    }

    /** The member with the aux gives it back, or the host (a bearer) takes it back: cut as for an accept. */
    public ServerMessage.AuxHandoff giveBack(String roomId, String bearer, String memberId) {
        String actor = actor(roomId, bearer, memberId);
        StoredRoom room = rooms.room(roomId);
        long atUs = ServerClock.nowUs() + Limits.AUX_LEAD_MS * 1000L;
        List<String> r = store.passAux(roomId, "return", actor, atUs);
        if (!"ok".equals(r.get(0))) {
            throw refusal(r.get(0));
        }
        var handoff = new ServerMessage.AuxHandoff(roomId, r.get(1), room.hostId(), atUs);
        events.toRoom(roomId, handoff);
        return handoff;
    }

    /** "" for the host (its token checked), else the member the gateway named. */
    private String actor(String roomId, String bearer, String memberId) {
        if (bearer != null || memberId == null) {
            rooms.requireHost(roomId, bearer);
            return "";
        }
        return requireMember(memberId);
    }

    private static String requireMember(String memberId) {
        if (memberId == null || memberId.isEmpty() || memberId.length() > 64) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the gateway names the member");
        }
        return memberId;
    }

    private static ProtocolException refusal(String status) {
        return switch (status) {
            case "not_found" -> new ProtocolException(ErrorCode.ROOM_NOT_FOUND, "no such room");
            case "not_live" -> new ProtocolException(ErrorCode.NOT_LIVE, "the room is not live");
            case "no_offer" -> new ProtocolException(ErrorCode.FORBIDDEN, "no offer of the aux is open to you");
            case "host_has_it" -> new ProtocolException(ErrorCode.BAD_MESSAGE, "the host has the aux");
            case "not_holder" -> new ProtocolException(ErrorCode.FORBIDDEN, "you do not have the aux");
            default -> new ProtocolException(ErrorCode.INTERNAL, "aux: " + status);
        };
    }
}
