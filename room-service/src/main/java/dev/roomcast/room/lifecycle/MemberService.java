package dev.roomcast.room.lifecycle;

import dev.roomcast.protocol.DeviceKeys;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.api.BatchJoinAnswer;
import dev.roomcast.protocol.api.JoinAnswer;
import dev.roomcast.protocol.api.JoinOutcome;
import dev.roomcast.protocol.api.RoomDetails;
import dev.roomcast.protocol.api.RoomFullException;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Joining, leaving and renaming (removing and muting: moderation). Blocking: worker threads only. */
@ApplicationScoped
public class MemberService {
    private final RoomStore store;
    private final RoomService rooms;
    private final RoomEvents events;
    private final RoomConfig config;
    private final RoomMetrics metrics;
    private final PasswordGate passwords;

    public MemberService(RoomStore store, RoomService rooms, RoomEvents events, RoomConfig config, RoomMetrics metrics,
                         PasswordGate passwords) {
        this.passwords = passwords;
        this.store = store;
        this.rooms = rooms;
        this.events = events;
        this.config = config;
        this.metrics = metrics;
    }

    /** Most members one batch join may carry. */
    public static final int MAX_BATCH = 256;

    /** One member of a batch: its command, or why its request was malformed. */
    public record BatchItem(String askedUserId, JoinCommand cmd, ProtocolException invalid) {}

    /** A single join: a batch of one (same rules, same script). */
    public JoinAnswer join(String roomId, JoinCommand cmd) {
        BatchJoinAnswer a = joinBatch(roomId, cmd.gatewayId(), List.of(new BatchItem(cmd.userId(), cmd, null)));
        JoinOutcome o = a.results().get(0);
        if (!o.ok()) {
            throw o.exception();
        }
        return new JoinAnswer(a.room(), o.you());
    }

    /**
     * Joins up to {@link #MAX_BATCH} members of one gateway: reads the room once, checks each
     * member's host token, password and (in the script) kicked / host id / the listener limit, and
     * admits them all in one Lua call. An unknown room refuses the whole call (404); everything
     * else is answered per member.
     */
    public BatchJoinAnswer joinBatch(String roomId, String gatewayId, List<BatchItem> items) {
        StoredRoom room;
        try {
            room = rooms.room(roomId);
        } catch (ProtocolException e) {
            items.forEach(i -> metrics.joinRefused(e.code().wire()));
            throw e;
        }
        int n = items.size();
        JoinOutcome[] out = new JoinOutcome[n];
        boolean[] host = new boolean[n];
        String[] userIds = new String[n];
        List<String> lookup = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BatchItem it = items.get(i);
            if (it.invalid() != null) {
                out[i] = JoinOutcome.refused(it.askedUserId(), it.invalid());
                continue;
            }
            JoinCommand cmd = it.cmd();
            if (cmd.hostToken() != null) {
                if (!Secrets.tokenMatches(cmd.hostToken(), room.tokenHash())) {
                    out[i] = JoinOutcome.refused(it.askedUserId(), new ProtocolException(ErrorCode.FORBIDDEN, "wrong host token"));
                    continue;
                }
                host[i] = true;
            }
            userIds[i] = host[i] ? room.hostId() : cmd.userId();
            lookup.add(userIds[i]);
        }
        List<Optional<Member>> found = store.members(roomId, lookup);
        Map<String, Member> existing = new HashMap<>();
        for (Optional<Member> m : found) {
            m.ifPresent(x -> existing.put(x.userId(), x));
        }
        ProtocolException[] locked = passwordRefusals(room, items, out, host, userIds, existing);
        long now = System.currentTimeMillis();
        List<Member> toAdmit = new ArrayList<>(n);
        List<Integer> admitIndex = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (out[i] != null) {
                continue;
            }
            JoinCommand cmd = items.get(i).cmd();
            Member old = existing.get(userIds[i]);
            if (locked[i] != null) {
                out[i] = JoinOutcome.refused(items.get(i).askedUserId(), locked[i]);
                continue;
            }
            String username = cmd.username() != null ? cmd.username()
                    : old != null ? old.username() : host[i] ? "Host" : defaultGuestName(userIds[i]);
            toAdmit.add(new Member(userIds[i], username, host[i], gatewayId, old != null ? old.joinedAt() : now,
                    NameKey.reserved(username), cmd.deviceKey() == null ? null : DeviceKeys.hash(cmd.deviceKey()),
                    cmd.address() == null ? null : Secrets.addressHash(roomId, AddressKey.of(cmd.address()))));
            admitIndex.add(i);
        }
        int maxUsers = Math.max(1, config.maxUsersPerRoom());
        List<JoinResult> results = toAdmit.isEmpty() ? List.of() : store.joinBatch(roomId, gatewayId, toAdmit, maxUsers, now);
        boolean anyFound = toAdmit.isEmpty();
        boolean hostAdmitted = false;
        for (int k = 0; k < results.size(); k++) {
            int i = admitIndex.get(k);
            JoinResult result = results.get(k);
            Member member = toAdmit.get(k).withCohost(result.cohost());
            String asked = items.get(i).askedUserId();
            if (result.status() != JoinResult.Status.NOT_FOUND) {
                anyFound = true;
            }
            switch (result.status()) {
                case NOT_FOUND -> out[i] = JoinOutcome.refused(asked, RoomService.notFound());
                case KICKED -> out[i] = JoinOutcome.refused(asked, new ProtocolException(ErrorCode.KICKED, "you were removed from this room"));
                case BANNED -> out[i] = JoinOutcome.refused(asked, new ProtocolException(ErrorCode.BANNED, "the host removed you from this room"));
                case NAME_TAKEN -> out[i] = JoinOutcome.refused(asked, nameTaken());
                case HOST_ID -> out[i] = JoinOutcome.refused(asked, new ProtocolException(ErrorCode.FORBIDDEN, "this user id belongs to the host"));
                case FULL -> out[i] = JoinOutcome.refused(asked, new RoomFullException(maxUsers));
                case JOINED, REJOINED -> {
                    out[i] = JoinOutcome.admitted(asked, result.status() == JoinResult.Status.REJOINED, member.participant());
                    metrics.joined(member.isHost());
                    hostAdmitted |= member.isHost();
                    if (result.status() == JoinResult.Status.JOINED) {
                        events.toRoom(roomId, new ServerMessage.UserJoined(roomId, member.userId(), member.username(),
                                member.isHost(), result.memberCount(), result.presenceVersion(), member.cohost()));
                    } else {
                        Member old = existing.get(member.userId());
                        if (old != null && !old.username().equals(member.username())) {
                            events.toRoom(roomId, new ServerMessage.UserRenamed(roomId, member.userId(), member.username()));
                        }
                    }
                    if (member.isHost() && !result.hostWasConnected()) {
                        events.toRoom(roomId, new ServerMessage.HostStatus(roomId, true));
                    }
                }
            }
        }
        for (JoinOutcome o : out) {
            if (!o.ok()) {
                metrics.joinRefused(o.error().code().wire());
            }
        }
        tellMutedRejoins(roomId, room.hostId(), toAdmit, results);
        if (!anyFound) {
            throw RoomService.notFound();
        }
        JoinResult last = results.isEmpty() ? null : results.get(results.size() - 1);
        RoomDetails details = last == null ? rooms.joinDetails(roomId)
                : rooms.joinDetails(room, hostAdmitted, last.memberCount(), last.presenceVersion());
        return new BatchJoinAnswer(details, List.of(out));
    }

    /**
     * A device the host muted that joins again (a reload: a new user id) is still muted — chat-service
     * checks the device — so it and the host are told now, not at its first refused message.
     */
    private void tellMutedRejoins(String roomId, String hostId, List<Member> admitted, List<JoinResult> results) {
        Map<String, Member> byDevice = new HashMap<>();
        for (int k = 0; k < results.size(); k++) {
            Member m = admitted.get(k);
            if (results.get(k).status() == JoinResult.Status.JOINED && !m.isHost() && m.deviceHash() != null) {
                byDevice.put(m.deviceHash(), m);
            }
        }
        store.mutedDevices(roomId, List.copyOf(byDevice.keySet()), System.currentTimeMillis()).forEach((device, until) -> {
            Member m = byDevice.get(device);
            var muted = new ServerMessage.ChatMuted(roomId, m.userId(), m.username(), until);
            events.toUser(roomId, m.userId(), muted);
            events.toUser(roomId, hostId, muted);
        });
    }

    /** The password gate for the guests of a password room who are not in it yet (PasswordGate); null = may go on. */
    private ProtocolException[] passwordRefusals(StoredRoom room, List<BatchItem> items, JoinOutcome[] out, boolean[] host,
                                                 String[] userIds, Map<String, Member> existing) {
        ProtocolException[] locked = new ProtocolException[items.size()];
        if (!room.hasPassword()) {
            return locked;
        }
        List<Integer> at = new ArrayList<>();
        List<PasswordGate.Try> tries = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (out[i] == null && !host[i] && !existing.containsKey(userIds[i])) {
                at.add(i);
                tries.add(new PasswordGate.Try(items.get(i).cmd().password(), items.get(i).cmd().address()));
            }
        }
        List<ProtocolException> refused = tries.isEmpty() ? List.of() : passwords.check(room, tries);
        for (int k = 0; k < at.size(); k++) {
            locked[at.get(k)] = refused.get(k);
        }
        return locked;
    }

    private static ProtocolException nameTaken() {
        return new ProtocolException(ErrorCode.NAME_TAKEN, "someone in this room (or its host) has that name");
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
            events.toRoom(roomId, new ServerMessage.UserLeft(roomId, userId, r.member().username(), r.memberCount(),
                    r.presenceVersion()));
            if (r.member().isHost()) {
                events.toRoom(roomId, new ServerMessage.HostStatus(roomId, false));
            } else {
                auxGone(roomId, userId);
            }
        });
        return left.isPresent();
    }

    /**
     * A member who had the aux left: the host has it again from now (its studio sends again if its
     * source still runs). A member who was offered it left: the offer is gone.
     */
    private void auxGone(String roomId, String userId) {
        long now = ServerClock.nowUs();
        List<String> r = store.passAux(roomId, "gone", userId, now);
        if ("returned".equals(r.get(0))) {
            events.toRoom(roomId, new ServerMessage.AuxHandoff(roomId, userId, r.get(1), now));
        } else if ("withdrawn".equals(r.get(0))) {
            events.toRoom(roomId, new ServerMessage.AuxOffered(roomId, null, null));
        }
    }

    public Participant rename(String roomId, String userId, String username) {
        rooms.room(roomId);
        RoomStore.Renamed r = store.rename(roomId, userId, username, NameKey.reserved(username))
                .orElseThrow(() -> new ProtocolException(ErrorCode.NOT_IN_ROOM, "no such member in this room"));
        if (r.nameTaken()) {
            throw nameTaken();
        }
        events.toRoom(roomId, new ServerMessage.UserRenamed(roomId, userId, username));
        return r.member().participant();
    }

    static String defaultGuestName(String userId) {
        return String.format("Guest_%05d", Math.floorMod(userId.hashCode(), 100_000));
    }
}
