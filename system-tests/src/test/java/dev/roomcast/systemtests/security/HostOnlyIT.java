package dev.roomcast.systemtests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roomcast.systemtests.LiveStack;
import dev.roomcast.systemtests.Rest;
import dev.roomcast.testsupport.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Host-only actions need the host token (one test per action, each tried by a guest, by a socket
 * that offered a wrong token, and by the host of another room), host tokens and passwords never
 * reach guests or logs, room ids cannot be guessed, kicks hold, passwords gate joins.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Security: host-only actions, secrets, ids, kicks and passwords")
class HostOnlyIT {
    static LiveStack stack;
    static Rest.Room room;
    static Rest.Room other;
    static Probe host;
    static Probe guest;
    static Probe otherHost;
    /** Every secret created in this class: none may show up in a guest's messages or in any log. */
    static final Set<String> secrets = new HashSet<>();
    /** Every socket that was never the host of the room whose secrets it might see. */
    static final List<Probe> guests = new CopyOnWriteArrayList<>();
    static final List<Probe> all = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void up() {
        stack = LiveStack.get();
        room = Rest.createRoom(stack.gatewayA(), "Guarded room");
        other = Rest.createRoom(stack.gatewayB(), "Other room");
        secrets.add(room.hostToken());
        secrets.add(other.hostToken());
        host = track(BadInputIT.joinAs(Probe.open(LiveStack.ws(stack.gatewayA()), "host"), room.roomId(), room.hostToken()));
        otherHost = track(BadInputIT.joinAs(Probe.open(LiveStack.ws(stack.gatewayB()), "other-host"), other.roomId(), other.hostToken()));
        guest = guest("guest", stack.gatewayB());
    }

    @AfterAll
    static void down() {
        all.forEach(Probe::close);
        for (Rest.Room r : new Rest.Room[] {room, other}) {
            if (r != null) {
                Rest.delete(stack.gatewayA(), "/api/rooms/" + r.roomId(), r.hostToken());
            }
        }
    }

    static Probe track(Probe p) {
        all.add(p);
        return p;
    }

    static Probe guest(String name, ServiceProcess gw) {
        Probe p = track(BadInputIT.joinAs(Probe.open(LiveStack.ws(gw), name), room.roomId(), null));
        guests.add(p);
        return p;
    }

    static ObjectNode msg(String type) {
        return BadInputIT.msg(type).put("roomId", room.roomId());
    }

    static ObjectNode startMessage() {
        ObjectNode m = msg("broadcast:start");
        m.putObject("audioConfig").put("codec", "opus").put("sampleRate", 48000).put("channels", 2).put("bitrate", 128000);
        return m;
    }

    static String userId(Probe p) {
        return p.messages().stream().filter(m -> "room:joined".equals(m.path("type").asText())).reduce((a, b) -> b).orElseThrow()
                .path("you").path("userId").asText();
    }

    static JsonNode details() {
        Http.Reply r = Http.get(stack.gatewayA(), "/api/rooms/" + room.roomId());
        assertEquals(200, r.status(), r.toString());
        try {
            return Probe.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The action is refused for a guest (not_host), for a socket whose room:join offered a wrong
     * token (the join itself is refused with forbidden, so the action is not_in_room), and for
     * the host of another room naming this one (wrong_room).
     */
    static void refusedWithoutTheToken(Function<Probe, JsonNode> action) {
        refusedWithoutTheToken(action, "not_host");
    }

    /** {@code guestCode}: what a plain guest gets — not_host, or not_cohost for moderation (the host or a co-host). */
    static void refusedWithoutTheToken(Function<Probe, JsonNode> action, String guestCode) {
        int from = guest.size();
        guest.send(action.apply(guest));
        assertEquals(guestCode, guest.awaitError(from).path("code").asText(), "a guest");

        Probe wrong = track(Probe.open(LiveStack.ws(stack.gatewayA()), "wrong-token"));
        guests.add(wrong);
        int f2 = wrong.size();
        wrong.send(BadInputIT.msg("room:join").put("roomId", room.roomId()).put("hostToken", other.hostToken()));
        assertEquals("forbidden", wrong.awaitError(f2).path("code").asText(), "a join with another room's token");
        int f3 = wrong.size();
        wrong.send(action.apply(wrong));
        assertEquals("not_in_room", wrong.awaitError(f3).path("code").asText(), "after a refused join");
        assertEquals(0, wrong.count("room:joined"));

        int f4 = otherHost.size();
        otherHost.send(action.apply(otherHost));
        assertEquals("wrong_room", otherHost.awaitError(f4).path("code").asText(), "the host of another room");
    }

    @Test
    @Order(1)
    @DisplayName("broadcast:start without the host token is refused and the room stays off air")
    void broadcastStartNeedsTheHost() {
        refusedWithoutTheToken(p -> startMessage());
        assertFalse(details().path("isLive").asBoolean(), "not live: " + details());
        assertEquals(0, guest.count("broadcast:started"));
    }

    @Test
    @Order(2)
    @DisplayName("broadcast:stop without the host token is refused and the broadcast goes on")
    void broadcastStopNeedsTheHost() {
        int from = host.size();
        host.send(startMessage());
        host.awaitType("broadcast:started", from);
        guest.awaitType("broadcast:started", 0);
        refusedWithoutTheToken(p -> msg("broadcast:stop"));
        assertTrue(details().path("isLive").asBoolean(), "still live: " + details());
        assertEquals(0, guest.count("broadcast:stopped"));
        // the host can
        host.send(msg("broadcast:stop"));
        JsonNode stopped = guest.awaitType("broadcast:stopped", 0);
        assertEquals("host", stopped.path("reason").asText());
    }

    @Test
    @Order(3)
    @DisplayName("room:settings without the host token is refused: preset and password unchanged")
    void settingsNeedTheHost() {
        String before = details().path("preset").asText();
        String other = "stable".equals(before) ? "live" : "stable";
        refusedWithoutTheToken(p -> msg("room:settings").put("preset", other).put("password", "intruder-pw"));
        JsonNode d = details();
        assertEquals(before, d.path("preset").asText(), d.toString());
        assertFalse(d.path("hasPassword").asBoolean(), d.toString());
        assertEquals(0, guest.count("room:settings"));
    }

    @Test
    @Order(4)
    @DisplayName("user:kick from a guest (neither the host nor a co-host) is refused with not_cohost: the victim stays")
    void kickNeedsTheHost() {
        Probe victim = guest("victim", stack.gatewayA());
        String victimId = userId(victim);
        refusedWithoutTheToken(p -> msg("user:kick").put("userId", victimId), "not_cohost");
        int from = victim.size();
        victim.send("{\"type\":\"participants:list\"}");
        JsonNode list = victim.awaitType("participants:list", from);
        assertTrue(list.toString().contains(victimId), "still a participant: " + list);
        assertEquals(0, victim.count("room:kicked"));
    }

    @Test
    @Order(12)
    @DisplayName("chat:mute, chat:delete, chat:slowmode (not_cohost), user:cohost, room:close and track:set (not_host) from a guest are refused: nobody is muted or promoted, nothing said to play, the room stays")
    void moderationNeedsTheHost() {
        Probe victim = guest("mute-victim", stack.gatewayA());
        String victimId = userId(victim);
        refusedWithoutTheToken(p -> msg("chat:mute").put("userId", victimId).put("seconds", 600), "not_cohost");
        refusedWithoutTheToken(p -> msg("chat:delete").put("messageId", "0-1"), "not_cohost");
        refusedWithoutTheToken(p -> msg("chat:slowmode").put("seconds", 60), "not_cohost");
        refusedWithoutTheToken(p -> msg("user:cohost").put("userId", userId(guest)).put("isCohost", true));
        refusedWithoutTheToken(p -> msg("room:close"));
        refusedWithoutTheToken(p -> msg("track:set").put("title", "Not the host's").put("atUs", System.currentTimeMillis() * 1000));
        assertEquals(0, guest.count("track:changed"), "nobody said what plays");
        assertEquals(0, victim.count("chat:muted"));
        assertEquals(0, guest.count("user:cohost"), "nobody was made a co-host");
        assertEquals(0, details().path("slowModeSeconds").asInt(), "slow mode stayed off: " + details());
        assertEquals(0, guest.count("room:closed"));
        assertEquals(200, Http.get(stack.gatewayB(), "/api/rooms/" + room.roomId()).status(), "the room is still there");
    }

    @Test
    @Order(13)
    @DisplayName("the aux: only the host passes it (not_host), only the member it was offered to takes it (forbidden),"
            + " and then only that member's audio from the cut and the host's up to it reach the room; anyone else's is refused")
    void auxNeedsTheHost() {
        int started = host.size();
        host.send(startMessage());
        host.awaitType("broadcast:started", started);
        Probe dj = guest("dj", stack.gatewayA());
        Probe bystander = guest("bystander", stack.gatewayB());
        String djId = userId(dj);
        refusedWithoutTheToken(p -> msg("aux:pass").put("userId", djId));
        assertEquals(0, dj.count("aux:offered"), "no offer reached the member");
        assertTrue(details().path("aux").isMissingNode() || details().path("aux").isNull(), "nothing passed: " + details());

        int from = bystander.size();
        bystander.send(msg("aux:accept"));
        assertEquals("forbidden", bystander.awaitError(from).path("code").asText(), "an accept without an offer");

        host.send(msg("aux:pass").put("userId", djId));
        assertEquals(djId, dj.awaitType("aux:offered", 0).path("userId").asText());
        from = bystander.size();
        bystander.send(msg("aux:accept"));
        assertEquals("forbidden", bystander.awaitError(from).path("code").asText(), "an accept of someone else's offer");
        from = bystander.size();
        bystander.send(msg("aux:decline"));
        assertEquals("forbidden", bystander.awaitError(from).path("code").asText(), "declining someone else's offer");

        int djFrom = dj.size();
        dj.send(msg("aux:accept"));
        JsonNode handoff = bystander.awaitType("aux:handoff", 0);
        assertEquals(djId, handoff.path("toUserId").asText(), handoff.toString());
        assertEquals(details().path("hostId").asText(), handoff.path("fromUserId").asText(), handoff.toString());
        assertEquals(djId, details().path("aux").path("userId").asText(), details().toString());
        long cut = handoff.path("atUs").asLong();

        // the member sends from the cut; audio of its own from long before it is refused
        dj.sendBinary(frameAt(cut));
        dj.sendBinary(frameAt(cut - 10_000_000));
        JsonNode refused = dj.await("broadcast:error", djFrom, m -> true);
        assertEquals("not_host", refused.path("code").asText(), refused.toString());
        assertEquals(1, dj.count("broadcast:error"), "its frame at the cut went through: " + dj.tail(djFrom));
        // a bystander's audio is refused; so is the host's from well after the cut
        from = bystander.size();
        bystander.sendBinary(frameAt(cut));
        assertEquals("not_host", bystander.awaitError(from).path("code").asText(), "a bystander's frame");
        int hostFrom = host.size();
        host.sendBinary(frameAt(cut + 10_000_000));
        assertEquals("not_host", host.await("broadcast:error", hostFrom, m -> true).path("code").asText(), "the host's frame after the cut");
        // the bystander cannot give back what it does not have; the host takes it back
        from = bystander.size();
        bystander.send(msg("aux:return"));
        assertEquals("forbidden", bystander.awaitError(from).path("code").asText(), "a return by someone without the aux");
        String hostId = details().path("hostId").asText();
        host.send(msg("aux:return"));
        JsonNode back = bystander.await("aux:handoff", 0, m -> m.path("toUserId").asText().equals(hostId));
        assertEquals(djId, back.path("fromUserId").asText(), back.toString());
        assertEquals(hostId, details().path("aux").path("userId").asText(), details().toString());
        host.send(msg("broadcast:stop"));
        bystander.await("broadcast:stopped", 0, m -> true);
        assertTrue(details().path("aux").isMissingNode() || details().path("aux").isNull(), "the aux is cleared when the broadcast stops: " + details());
    }

    /** One valid 20 ms Opus frame captured at {@code captureUs} (server µs). */
    static byte[] frameAt(long captureUs) {
        return dev.roomcast.protocol.frame.AudioFrame.of(dev.roomcast.protocol.Codec.OPUS, dev.roomcast.protocol.Tier.HIGH, 1,
                captureUs, List.of(BadInputIT.opus())).encode();
    }

    @Test
    @Order(5)
    @DisplayName("DELETE /api/rooms/{id} without the right host token is refused (401/403) and the room stays")
    void closeNeedsTheHost() {
        String path = "/api/rooms/" + room.roomId();
        assertEquals(401, Http.delete(stack.gatewayB(), path, null).status(), "no token");
        assertEquals(401, Http.delete(stack.gatewayB(), path, "Basic " + room.hostToken()).status(), "not a bearer token");
        Http.Reply wrong = Http.delete(stack.gatewayB(), path, "Bearer " + other.hostToken());
        assertEquals(403, wrong.status(), "another room's token: " + wrong);
        assertEquals("forbidden", wrong.errorCode(), wrong.toString());
        Http.Reply almost = Http.delete(stack.gatewayB(), path, "Bearer " + room.hostToken().substring(1));
        assertEquals(403, almost.status(), "a token one character short: " + almost);
        assertEquals(200, Http.get(stack.gatewayB(), path).status(), "the room is still there");
        assertEquals(0, guest.count("room:closed"));
    }

    @Test
    @Order(100) // last: the kick keeps new devices from this test's one address out of the room for a while
    @DisplayName("a kicked guest is told, leaves the room for everyone, and cannot rejoin: not from that session,"
            + " nor from a new socket of its address, with or without a device key")
    void kickBlocksRejoin() {
        Probe victim = guest("kicked", stack.gatewayB());
        String victimId = userId(victim);
        int from = host.size();
        host.send(msg("user:kick").put("userId", victimId));
        victim.awaitType("room:kicked", 0);
        guest.await("user:left", 0, m -> victimId.equals(m.path("userId").asText()));
        assertEquals(0, host.messages().subList(from, host.size()).stream().filter(m -> "error".equals(m.path("type").asText())).count(),
                "the host's kick was accepted: " + host.tail(from));

        int f2 = victim.size();
        victim.send(BadInputIT.msg("room:join").put("roomId", room.roomId()));
        assertEquals("kicked", victim.awaitError(f2).path("code").asText());
        int f3 = victim.size();
        victim.send(BadInputIT.msg("chat:message").put("roomId", room.roomId()).put("message", "let me in"));
        assertEquals("not_in_room", victim.awaitError(f3).path("code").asText());
        assertFalse(details().path("participants").toString().contains(victimId), "gone from the room: " + details());

        for (String deviceKey : new String[] {null, "a-fresh-profile-key-0001"}) {
            Probe again = track(Probe.open(LiveStack.ws(stack.gatewayA()), "kicked-again"));
            int f4 = again.size();
            ObjectNode join = BadInputIT.msg("room:join").put("roomId", room.roomId());
            if (deviceKey != null) {
                join.put("deviceKey", deviceKey);
            }
            again.send(join);
            assertEquals("banned", again.awaitError(f4).path("code").asText());
        }
    }

    @Test
    @Order(7)
    @DisplayName("with a room password, a guest without it or with a wrong one gets password_required; with it, the guest joins")
    void passwordGatesJoins() {
        String password = "pw-" + BadInputIT.randomRoomId();
        secrets.add(password);
        int from = host.size();
        host.send(msg("room:settings").put("password", password));
        JsonNode settings = guest.await("room:settings", 0, m -> m.path("hasPassword").asBoolean());
        assertFalse(settings.toString().contains(password), "the room is told there is a password, not what it is");
        host.await("room:settings", from, m -> m.path("hasPassword").asBoolean());
        assertTrue(details().path("hasPassword").asBoolean());

        Probe p = track(Probe.open(LiveStack.ws(stack.gatewayB()), "needs-password"));
        guests.add(p);
        int f1 = p.size();
        p.send(BadInputIT.msg("room:join").put("roomId", room.roomId()));
        assertEquals("password_required", p.awaitError(f1).path("code").asText());
        int f2 = p.size();
        p.send(BadInputIT.msg("room:join").put("roomId", room.roomId()).put("password", password.toUpperCase()));
        assertEquals("wrong_password", p.awaitError(f2).path("code").asText());
        int f3 = p.size();
        p.send(BadInputIT.msg("room:join").put("roomId", room.roomId()).put("password", password));
        JsonNode joined = p.awaitType("room:joined", f3);
        assertTrue(joined.path("hasPassword").asBoolean());
        assertFalse(joined.toString().contains(password));

        // the host gets in with its token alone; removing the password opens the room again
        Probe host2 = track(Probe.open(LiveStack.ws(stack.gatewayB()), "host-tab-2"));
        BadInputIT.joinAs(host2, room.roomId(), room.hostToken());
        host.send(msg("room:settings").put("password", ""));
        guest.await("room:settings", 0, m -> !m.path("hasPassword").asBoolean());
        guest("after-password", stack.gatewayA());
    }

    @Test
    @Order(8)
    @DisplayName("a room created over the socket: room:created carries the token to its creator only")
    void createdOverTheSocket() {
        Probe creator = track(Probe.open(LiveStack.ws(stack.gatewayA()), "ws-creator"));
        creator.send("{\"type\":\"room:create\",\"roomName\":\"Socket room\"}");
        JsonNode created = creator.awaitType("room:created", 0);
        String token = created.path("hostToken").asText();
        String id = created.path("roomId").asText();
        secrets.add(token);
        creator.awaitType("room:joined", 0);
        Probe g = track(BadInputIT.joinAs(Probe.open(LiveStack.ws(stack.gatewayB()), "ws-guest"), id, null));
        int from = creator.size();
        creator.send("{\"type\":\"chat:message\",\"roomId\":\"" + id + "\",\"message\":\"hi from the host\"}");
        g.await("chat:message", 0, m -> "hi from the host".equals(m.path("message").asText()));
        creator.await("chat:message", from, m -> true);
        assertTrue(g.rawTexts().stream().noneMatch(t -> t.contains(token)), "the guest never sees the token");
        Rest.delete(stack.gatewayA(), "/api/rooms/" + id, token);
        g.awaitType("room:closed", 0);
        assertTrue(g.rawTexts().stream().noneMatch(t -> t.contains(token)));
    }

    @Test
    @Order(9)
    @DisplayName("nothing any guest received in this session, nor any REST answer to a stranger, contains a host token or a room password")
    void guestsNeverSeeSecrets() {
        // the guest watched everything above: joins, kicks, settings, broadcast start/stop, host chat
        host.send(msg("chat:message").put("message", "host speaking"));
        guest.await("chat:message", 0, m -> "host speaking".equals(m.path("message").asText()));
        List<String> seen = new ArrayList<>();
        for (Probe g : guests) {
            seen.addAll(g.rawTexts());
        }
        for (String path : new String[] {"", "/" + room.roomId(), "/" + room.roomId() + "/stats", "/" + room.roomId() + "/messages"}) {
            seen.add(Http.get(stack.gatewayB(), "/api/rooms" + path).body());
        }
        assertTrue(seen.size() > 30, "a guest saw a real session: " + seen.size() + " messages");
        for (String secret : secrets) {
            for (String s : seen) {
                assertFalse(s.contains(secret), "a secret leaked to a guest: " + s);
            }
        }
    }

    @Test
    @Order(10)
    @DisplayName("room ids cannot be guessed: 200 random well-formed ids are all unknown (404), like a closed room")
    void idsCannotBeEnumerated() {
        for (int i = 0; i < 200; i++) {
            Http.Reply r = Http.get(stack.gatewayA(), "/api/rooms/" + BadInputIT.randomRoomId());
            assertEquals(404, r.status(), r.toString());
            assertEquals("room_not_found", r.errorCode());
        }
        assertTrue(room.roomId().matches("[A-Za-z0-9_-]{12}"), "12 base64url characters = 72 random bits: " + room.roomId());
        Rest.Room closed = Rest.createRoom(stack.gatewayA(), "Short-lived");
        secrets.add(closed.hostToken());
        assertEquals(200, Rest.delete(stack.gatewayA(), "/api/rooms/" + closed.roomId(), closed.hostToken()).status());
        Http.Reply gone = Http.get(stack.gatewayA(), "/api/rooms/" + closed.roomId());
        assertEquals(404, gone.status(), "a closed room looks like one that never was: " + gone);
        assertEquals("room_not_found", gone.errorCode());
    }

    @Test
    @Order(11)
    @DisplayName("no host token or password appears in any service log")
    void secretsNeverLogged() throws IOException {
        Path logs = logRoot();
        List<Path> files;
        try (Stream<Path> s = Files.walk(logs)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        // (other test runs in the same tree may have cleared some: scan what is there, at least one)
        assertTrue(files.size() >= 1, "the services' logs are there: " + files);
        for (Path f : files) {
            String text = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertFalse(text.contains(secret), f + " contains a secret (" + secret.substring(0, 4) + "...)");
            }
        }
    }

    static Path logRoot() {
        String t = System.getProperty("roomcast.systemtests.target");
        Path target = t != null ? Path.of(t) : ServiceProcess.repoRoot().resolve("system-tests").resolve("target");
        return target.resolve("service-logs");
    }
}
