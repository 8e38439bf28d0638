package dev.roomcast.systemtests.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.systemtests.Audio;
import dev.roomcast.systemtests.JavaHost;
import dev.roomcast.systemtests.JvmMemory;
import dev.roomcast.systemtests.LiveStack;
import dev.roomcast.systemtests.Rest;
import dev.roomcast.systemtests.WsClient;
import dev.roomcast.testsupport.ServiceProcess;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Hundreds of generated bad inputs against the live stack: every one gets a clear error code (or a
 * close with a reason, or the HTTP error body), and afterwards every service is still ready and a
 * room that had nothing to do with it carried on (its listener kept receiving audio, chat and pongs).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Bad input: every malformed, mistyped, oversize or misplaced message gets a clear refusal and harms no one else")
class BadInputIT {
    static final String SOME_ROOM = "AbC123_-xYz9";
    static final JsonNodeFactory N = JsonNodeFactory.instance;

    static LiveStack stack;
    /** Heap each gateway may hold above its pre-suite baseline once the suite is over (after a full GC), docs/RELIABILITY.md. */
    static final long BASELINE_SLACK = 16L << 20;
    static long[] heapBefore;
    /** The capture time from which the bystanders' audio must be whole: when the bad input began. */
    static long badInputFromUs;
    static Rest.Room target;
    static Rest.Room idle;
    static Rest.Room bystanderRoom;
    static JavaHost bystanderHost;
    static WsClient bystanderA;
    static WsClient bystanderB;
    static Lane freshA;
    static Lane freshB;
    static Lane guest;
    static Lane liveHost;
    static Lane idleHost;
    static final List<String> names = new ArrayList<>();

    @BeforeAll
    static void up() {
        stack = LiveStack.get();
        heapBefore = new long[] {JvmMemory.heapAfterGc(stack.gatewayA()), JvmMemory.heapAfterGc(stack.gatewayB())};
        // the room nobody in this suite touches: a Java host streams a tone, listeners on both gateways
        bystanderRoom = Rest.createRoom(stack.gatewayA(), "Bystander room");
        bystanderHost = JavaHost.join(stack.gatewayA(), bystanderRoom.roomId(), bystanderRoom.hostToken(), 440);
        bystanderA = WsClient.connect(LiveStack.ws(stack.gatewayA()), "bystander-A");
        bystanderB = WsClient.connect(LiveStack.ws(stack.gatewayB()), "bystander-B");
        for (WsClient c : List.of(bystanderA, bystanderB)) {
            c.join(bystanderRoom.roomId(), null, null);
            c.send(WsClient.msg("quality:request").put("tier", "high"));
            c.awaitMessage("quality:changed", m -> "high".equals(m.path("tier").asText()) && !m.path("auto").asBoolean(),
                    Duration.ofSeconds(10));
        }
        bystanderHost.startBroadcast();
        bystanderHost.stream(5_000); // 100 s at most; closed in @AfterAll
        // the bad input starts once both bystanders hear the room; from then on they must miss nothing.
        // (A cold stack can take a moment to settle the very first second of a new broadcast: that is
        // the journeys' business, not this suite's.)
        for (WsClient c : List.of(bystanderA, bystanderB)) {
            await(c.name() + " hears the bystander room").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Audio.packets(c.frames()).stream().anyMatch(p -> p.tier() == Tier.HIGH.id()));
        }
        badInputFromUs = bystanderHost.nextCaptureUs();

        // the rooms the bad input goes to: one live (its host may send frames), one not
        target = Rest.createRoom(stack.gatewayA(), "Target room");
        idle = Rest.createRoom(stack.gatewayB(), "Idle room");
        Probe firstHost = Probe.open(LiveStack.ws(stack.gatewayA()), "live-host-0");
        joinAs(firstHost, target.roomId(), target.hostToken());
        ObjectNode start = msg("broadcast:start").put("roomId", target.roomId());
        start.putObject("audioConfig").put("codec", "opus").put("sampleRate", 48000).put("channels", 2).put("bitrate", 128000);
        firstHost.send(start);
        firstHost.awaitType("broadcast:started", 0);
        firstHost.close();

        freshA = new Lane(() -> Probe.open(LiveStack.ws(stack.gatewayA()), "fresh-A"));
        freshB = new Lane(() -> Probe.open(LiveStack.ws(stack.gatewayB()), "fresh-B"));
        guest = new Lane(() -> joinAs(Probe.open(LiveStack.ws(stack.gatewayB()), "guest-B"), target.roomId(), null));
        liveHost = new Lane(() -> joinAs(Probe.open(LiveStack.ws(stack.gatewayA()), "live-host"), target.roomId(), target.hostToken()));
        idleHost = new Lane(() -> joinAs(Probe.open(LiveStack.ws(stack.gatewayB()), "idle-host"), idle.roomId(), idle.hostToken()));
        // the target's host is back at once: its first socket left above, and the live-host cases come
        // minutes later on a loaded box, after the 60 s host grace would have ended the broadcast
        liveHost.next();
    }

    @AfterAll
    static void down() {
        for (AutoCloseable c : new AutoCloseable[] {bystanderHost, bystanderA, bystanderB, freshA, freshB, guest, liveHost, idleHost}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
        for (Rest.Room r : new Rest.Room[] {bystanderRoom, target, idle}) {
            if (r != null) {
                Rest.delete(stack.gatewayA(), "/api/rooms/" + r.roomId(), r.hostToken());
            }
        }
    }

    static Probe joinAs(Probe p, String roomId, String hostToken) {
        ObjectNode join = msg("room:join").put("roomId", roomId);
        if (hostToken != null) {
            join.put("hostToken", hostToken);
        }
        int from = p.size();
        p.send(join);
        JsonNode joined = p.awaitType("room:joined", from);
        assertEquals(hostToken != null, joined.path("you").path("isHost").asBoolean(), p.name() + " joined: " + joined);
        return p;
    }

    static ObjectNode msg(String type) {
        return N.objectNode().put("type", type);
    }

    // ---------------------------------------------------------------- expectations

    interface Expect {
        void check(Probe p, int from);
    }

    static Expect error(String code) {
        return (p, from) -> {
            JsonNode e = p.awaitError(from);
            assertEquals(code, e.path("code").asText(), p.name() + ": first error after the bad input: " + e);
            assertTrue(e.path("message").asText().length() > 0, "the error says what was wrong: " + e);
            assertTrue(p.isOpen(), "one bad message does not close the socket: " + p.closeFrame());
        };
    }

    /** The host's audio frame or audio config refused: a broadcast:error with the code, the socket open. */
    static Expect broadcastError(String code) {
        return (p, from) -> {
            JsonNode e = p.awaitType("broadcast:error", from);
            assertEquals(code, e.path("code").asText(), p.name() + ": first broadcast:error after the bad input: " + e);
            assertTrue(e.path("message").asText().length() > 0, "the error says what was wrong: " + e);
            assertTrue(p.isOpen(), "one bad frame does not close the socket: " + p.closeFrame());
        };
    }

    static Expect reply(String type) {
        return (p, from) -> {
            p.awaitType(type, from);
            assertTrue(p.isOpen());
        };
    }

    /** The gateway closes the socket with 1009 and says why. */
    static Expect closedTooBig() {
        return (p, from) -> {
            Probe.Close c = p.awaitClose(Probe.WAIT);
            assertTrue(c.code() == 1009 && c.reason() != null && c.reason().contains("larger"), p.name() + " closed with " + c);
        };
    }

    /**
     * The server ends the connection: 1009, or 1006 (no close frame) past the transport's 256 KiB
     * read limit, or — when it hung up while this client was still writing — a broken connection
     * (-1, an IOException).
     */
    static Expect closed() {
        return (p, from) -> {
            Probe.Close c = p.awaitClose(Probe.WAIT);
            assertTrue(c.code() == 1009 || c.code() == 1006 || (c.code() == -1 && c.reason().contains("IOException")),
                    p.name() + " closed with " + c);
        };
    }

    /** Case names are unique (a repeated one gets its ordinal), so a report line names one case. */
    static String unique(String name) {
        String n = name;
        for (int i = 2; names.contains(n); i++) {
            n = name + " (" + i + ")";
        }
        names.add(n);
        return n;
    }

    static DynamicTest ws(String name, Lane lane, Consumer<Probe> send, Expect expect) {
        return DynamicTest.dynamicTest(unique(name), () -> {
            Probe p = lane.next();
            int from = p.size();
            send.accept(p);
            expect.check(p, from);
        });
    }

    static DynamicTest text(String name, Lane lane, String text, Expect expect) {
        return ws(name, lane, p -> p.send(text), expect);
    }

    static DynamicTest binary(String name, Lane lane, byte[] frame, Expect expect) {
        return ws(name, lane, p -> p.sendBinary(frame), expect);
    }

    // ---------------------------------------------------------------- the cases

    @TestFactory
    @Order(1)
    @DisplayName("every bad input gets its error code")
    Stream<DynamicTest> badInput() {
        List<DynamicTest> cases = new ArrayList<>();
        malformedJson(cases);
        truncatedJson(cases);
        notAnObject(cases);
        badTypes(cases);
        wrongFieldTypes(cases);
        outOfRange(cases);
        hugeAndDeep(cases);
        wrongState(cases);
        badFrames(cases);
        rest(cases);
        assertTrue(cases.size() >= 200, "at least 200 cases: " + cases.size());
        return cases.stream();
    }

    void malformedJson(List<DynamicTest> cases) {
        String[] bad = {
            "{", "}", "{\"type\":", "{\"type\":\"clock:ping\",}", "{'type':'clock:ping'}", "{type:\"clock:ping\"}",
            "nul", "tru", "[1,2", "{\"type\":\"clock:ping\",\"id\":1,\"t0\":NaN}", "{\"type\":\"clock:ping\" \"id\":1}",
            "\u0000", "{\"type\":\"clock:ping\",\"id\":1,\"t0\":1}//", "{\"type\":\"chat:message\",\"message\":\"\\x41\"}",
            "{\"a\":\"unterminated}", "{\"type\":\"room:leave\"}}", "<html>", "{\"type\":\"clock:ping\",\"id\":01,\"t0\":1}",
            "{\"type\":\"clock:ping\",\"id\":1,\"t0\":Infinity}", "\uFEFF\uFEFF{}",
            // one JSON value per message: trailing tokens are not JSON text (PROTOCOL §1)
            "{\"type\":\"room:leave\"} {}", "{\"type\":\"clock:ping\",\"id\":1,\"t0\":1} 1",
        };
        for (int i = 0; i < bad.length; i++) {
            cases.add(text("malformed JSON #" + i + ": " + printable(bad[i]), i % 2 == 0 ? freshA : freshB, bad[i], error("bad_json")));
        }
    }

    void truncatedJson(List<DynamicTest> cases) {
        String[] valid = {
            "{\"type\":\"clock:ping\",\"id\":7,\"t0\":12345.5}",
            "{\"type\":\"room:join\",\"roomId\":\"AbC123_-xYz9\",\"username\":\"Ana\"}",
            "{\"type\":\"broadcast:start\",\"roomId\":\"AbC123_-xYz9\",\"audioConfig\":{\"codec\":\"opus\",\"sampleRate\":48000,\"channels\":2,\"bitrate\":128000}}",
            "{\"type\":\"chat:message\",\"roomId\":\"AbC123_-xYz9\",\"message\":\"hello <b>all</b>\"}",
            "{\"type\":\"stats:report\",\"bufferMs\":420,\"latencyMs\":35,\"syncErrorMs\":-0.5,\"underruns\":0,\"late\":false}",
            "{\"type\":\"stats:report\",\"bufferMs\":420,\"latencyMs\":35,\"syncErrorMs\":-0.5,\"underruns\":0,\"late\":false,\"syncUncertaintyMs\":26.4,\"latencyKnown\":false}",
            "{\"type\":\"room:settings\",\"roomId\":\"AbC123_-xYz9\",\"preset\":\"party\"}",
        };
        for (String v : valid) {
            String type = v.substring(9, v.indexOf('"', 9));
            for (int cut : new int[] {1, v.length() / 4, v.length() / 2, 3 * v.length() / 4, v.length() - 1}) {
                cases.add(text("truncated " + type + " after " + cut + " of " + v.length() + " chars", cut % 2 == 0 ? freshA : freshB,
                        v.substring(0, cut), error("bad_json")));
            }
        }
    }

    void notAnObject(List<DynamicTest> cases) {
        String[] bad = {"", "   ", "[]", "1", "\"clock:ping\"", "null", "true", "[{\"type\":\"clock:ping\",\"id\":1,\"t0\":1}]"};
        for (int i = 0; i < bad.length; i++) {
            cases.add(text("not one JSON object #" + i + ": " + printable(bad[i]), freshA, bad[i], error("bad_message")));
        }
    }

    void badTypes(List<DynamicTest> cases) {
        Map<String, String> missing = new LinkedHashMap<>();
        missing.put("{}", "bad_message");
        missing.put("{\"id\":1,\"t0\":1}", "bad_message");
        missing.put("{\"type\":null}", "bad_message");
        missing.put("{\"type\":{}}", "bad_message");
        missing.put("{\"type\":[\"clock:ping\"]}", "bad_message");
        missing.put("{\"type\":1}", "unknown_type");
        missing.put("{\"type\":true}", "unknown_type");
        missing.forEach((t, code) -> cases.add(text("type field " + t, freshB, t, error(code))));
        String[] unknown = {"", "CLOCK:PING", "clock:ping ", " clock:ping", "clock", "room", "room:delete", "admin", "__proto__",
            "constructor", "toString", "room:join\u0000", "broadcast:audio", "x".repeat(4000),
            // server-to-client types are not client messages
            "clock:pong", "server:welcome", "room:joined", "room:created", "error", "broadcast:started", "room:kicked",
            "chat:history", "listeners:health", "server:draining"};
        for (String u : unknown) {
            cases.add(text("unknown type '" + printable(u) + "'", freshA, msg("dummy").put("type", u).toString(), error("unknown_type")));
        }
    }

    /** Every field of every client message, given a value of each wrong JSON type. */
    void wrongFieldTypes(List<DynamicTest> cases) {
        Map<String, ObjectNode> valid = validMessages();
        List<JsonNode> notString = List.of(N.numberNode(7), N.numberNode(1.5), N.booleanNode(true), N.objectNode(), N.arrayNode().add("x"));
        List<JsonNode> notNumber = List.of(N.textNode("7"), N.booleanNode(true), N.objectNode(), N.arrayNode().add(1), N.nullNode());
        List<JsonNode> notBoolean = List.of(N.numberNode(1), N.textNode("true"), N.objectNode(), N.arrayNode(), N.nullNode());
        List<JsonNode> notObject = List.of(N.textNode("opus"), N.numberNode(7), N.arrayNode(), N.booleanNode(true));
        Map<String, List<String>> stringFields = Map.ofEntries(
                Map.entry("room:create", List.of("roomName", "username")),
                Map.entry("room:join", List.of("roomId", "username", "hostToken", "password", "deviceKey")),
                Map.entry("user:rename", List.of("username")),
                Map.entry("broadcast:start", List.of("roomId")),
                Map.entry("broadcast:stop", List.of("roomId")),
                Map.entry("room:settings", List.of("roomId", "preset", "password")),
                Map.entry("user:kick", List.of("roomId", "userId")),
                Map.entry("chat:message", List.of("roomId", "message")),
                Map.entry("chat:mute", List.of("roomId", "userId")),
                Map.entry("chat:delete", List.of("roomId", "messageId")),
                Map.entry("room:close", List.of("roomId")),
                Map.entry("chat:slowmode", List.of("roomId")),
                Map.entry("user:cohost", List.of("roomId", "userId")),
                Map.entry("aux:pass", List.of("roomId", "userId")),
                Map.entry("aux:accept", List.of("roomId")),
                Map.entry("aux:decline", List.of("roomId")),
                Map.entry("aux:return", List.of("roomId")),
                Map.entry("track:set", List.of("roomId", "title", "artist", "album", "art")),
                Map.entry("reaction:send", List.of("roomId", "emoji")),
                Map.entry("request:send", List.of("roomId", "text")),
                Map.entry("request:resolve", List.of("roomId", "outcome")),
                Map.entry("requests:list", List.of("roomId")),
                Map.entry("requests:open", List.of("roomId")),
                Map.entry("quality:request", List.of("tier")));
        Map<String, List<String>> numberFields = Map.of(
                "track:set", List.of("atUs"),
                "request:resolve", List.of("requestId"),
                "reaction:send", List.of("atUs"),
                "chat:mute", List.of("seconds"),
                "chat:slowmode", List.of("seconds"),
                "clock:ping", List.of("id", "t0"),
                "stats:report", List.of("bufferMs", "latencyMs", "syncErrorMs", "underruns"));
        int k = 0;
        for (String type : valid.keySet()) {
            for (String field : stringFields.getOrDefault(type, List.of())) {
                for (JsonNode v : notString) {
                    cases.add(wrongType(type, valid.get(type), null, field, v, k++));
                }
            }
            for (String field : numberFields.getOrDefault(type, List.of())) {
                for (JsonNode v : notNumber) {
                    cases.add(wrongType(type, valid.get(type), null, field, v, k++));
                }
            }
        }
        for (JsonNode v : notBoolean) {
            cases.add(wrongType("stats:report", valid.get("stats:report"), null, "late", v, k++));
            cases.add(wrongType("user:cohost", valid.get("user:cohost"), null, "isCohost", v, k++));
            cases.add(wrongType("requests:open", valid.get("requests:open"), null, "open", v, k++)); // required: null too
            if (!v.isNull()) { // optional: null is "not sent"
                cases.add(wrongType("room:create", valid.get("room:create"), null, "listed", v, k++));
            }
        }
        // the optional sync-uncertainty fields and a chat message's stream time: null means "not sent",
        // any other wrong type is refused
        for (JsonNode v : notNumber) {
            if (!v.isNull()) {
                cases.add(wrongType("chat:message", valid.get("chat:message"), null, "atUs", v, k++));
                cases.add(wrongType("stats:report", valid.get("stats:report"), null, "syncUncertaintyMs", v, k++));
            }
        }
        for (JsonNode v : notBoolean) {
            if (!v.isNull()) {
                cases.add(wrongType("stats:report", valid.get("stats:report"), null, "latencyKnown", v, k++));
            }
        }
        // listed: true or false; null means "unchanged", anything else is refused (no "true", no 1)
        for (JsonNode v : notBoolean) {
            if (!v.isNull()) {
                cases.add(wrongType("room:settings", valid.get("room:settings"), null, "listed", v, k++));
            }
        }
        for (JsonNode v : notObject) {
            cases.add(wrongType("broadcast:start", valid.get("broadcast:start"), null, "audioConfig", v, k++));
        }
        for (String field : List.of("sampleRate", "channels", "bitrate")) {
            for (JsonNode v : notNumber) {
                cases.add(wrongType("broadcast:start", valid.get("broadcast:start"), "audioConfig", field, v, k++));
            }
        }
    }

    private DynamicTest wrongType(String type, ObjectNode base, String parent, String field, JsonNode value, int k) {
        ObjectNode m = base.deepCopy();
        (parent == null ? m : (ObjectNode) m.get(parent)).set(field, value);
        String where = parent == null ? field : parent + "." + field;
        return text(type + " with " + where + " = " + value, k % 2 == 0 ? freshA : freshB, m.toString(), error("bad_message"));
    }

    static Map<String, ObjectNode> validMessages() {
        Map<String, ObjectNode> m = new LinkedHashMap<>();
        m.put("clock:ping", msg("clock:ping").put("id", 1).put("t0", 1.5));
        m.put("room:create", msg("room:create").put("roomName", "R").put("username", "U"));
        m.put("room:join", msg("room:join").put("roomId", SOME_ROOM).put("username", "U").put("hostToken", "t").put("password", "p")
                .put("deviceKey", "k3Y_of-this-Browser0"));
        m.put("user:rename", msg("user:rename").put("username", "U"));
        ObjectNode start = msg("broadcast:start").put("roomId", SOME_ROOM);
        start.putObject("audioConfig").put("codec", "opus").put("sampleRate", 48000).put("channels", 2).put("bitrate", 128000);
        m.put("broadcast:start", start);
        m.put("broadcast:stop", msg("broadcast:stop").put("roomId", SOME_ROOM));
        m.put("room:settings", msg("room:settings").put("roomId", SOME_ROOM).put("preset", "party").put("password", "p").put("listed", true));
        m.put("chat:mute", msg("chat:mute").put("roomId", SOME_ROOM).put("userId", "u_someone0001").put("seconds", 60));
        m.put("chat:delete", msg("chat:delete").put("roomId", SOME_ROOM).put("messageId", "0-1"));
        m.put("room:close", msg("room:close").put("roomId", SOME_ROOM));
        m.put("chat:slowmode", msg("chat:slowmode").put("roomId", SOME_ROOM).put("seconds", 30));
        m.put("user:cohost", msg("user:cohost").put("roomId", SOME_ROOM).put("userId", "u_someone0001").put("isCohost", true));
        m.put("aux:pass", msg("aux:pass").put("roomId", SOME_ROOM).put("userId", "u_someone0001"));
        m.put("aux:accept", msg("aux:accept").put("roomId", SOME_ROOM));
        m.put("aux:decline", msg("aux:decline").put("roomId", SOME_ROOM));
        m.put("aux:return", msg("aux:return").put("roomId", SOME_ROOM));
        m.put("track:set", msg("track:set").put("roomId", SOME_ROOM).put("title", "Aurora").put("artist", "Ana").put("album", "Dawn")
                .put("atUs", 1_732_406_400_600_000L));
        m.put("user:kick", msg("user:kick").put("roomId", SOME_ROOM).put("userId", "u_abcdefghijkl"));
        m.put("chat:message", msg("chat:message").put("roomId", SOME_ROOM).put("message", "hi"));
        m.put("reaction:send", msg("reaction:send").put("roomId", SOME_ROOM).put("emoji", "\uD83D\uDD25").put("atUs", 1_732_406_400_600_000L));
        m.put("request:send", msg("request:send").put("roomId", SOME_ROOM).put("text", "Aurora — Nils"));
        m.put("request:resolve", msg("request:resolve").put("roomId", SOME_ROOM).put("requestId", 1).put("outcome", "played"));
        m.put("requests:list", msg("requests:list").put("roomId", SOME_ROOM));
        m.put("requests:open", msg("requests:open").put("roomId", SOME_ROOM).put("open", true));
        m.put("quality:request", msg("quality:request").put("tier", "auto"));
        m.put("stats:report", msg("stats:report").put("bufferMs", 420).put("latencyMs", 35).put("syncErrorMs", -0.5)
                .put("underruns", 0).put("late", false).put("syncUncertaintyMs", 26.4).put("latencyKnown", false));
        return m;
    }

    void outOfRange(List<DynamicTest> cases) {
        Map<String, ObjectNode> valid = validMessages();
        record R(String name, ObjectNode m, String code) {}
        List<R> rs = new ArrayList<>();
        for (String id : new String[] {"short", "AbC123_-xYz9X", "AbC123_-xYz.", "ÄbC123_-xYz9", "", "AbC123 -xYz9", "../../../etc", "AbC123_-xYz\u0000"}) {
            rs.add(new R("room:join roomId '" + printable(id) + "'", msg("room:join").put("roomId", id), "invalid_room_id"));
            rs.add(new R("chat:message roomId '" + printable(id) + "'", valid.get("chat:message").deepCopy().put("roomId", id), "invalid_room_id"));
        }
        rs.add(new R("room:join without roomId", msg("room:join"), "invalid_room_id"));
        rs.add(new R("room:join roomId null", (ObjectNode) msg("room:join").set("roomId", N.nullNode()), "invalid_room_id"));
        rs.add(new R("broadcast:stop without roomId", msg("broadcast:stop"), "invalid_room_id"));
        rs.add(new R("user:kick roomId too long", valid.get("user:kick").deepCopy().put("roomId", "x".repeat(13)), "invalid_room_id"));
        for (String name : new String[] {"", "   ", "\u0000\u0001", "\u202e", "\u0085\u0009", "n".repeat(65), "😀".repeat(65)}) {
            rs.add(new R("room:create roomName '" + printable(name) + "'", msg("room:create").put("roomName", name), "invalid_name"));
        }
        rs.add(new R("room:create without roomName", msg("room:create"), "invalid_name"));
        for (String name : new String[] {"", "  ", "\u0007", "u".repeat(33)}) {
            rs.add(new R("room:join username '" + printable(name) + "'", msg("room:join").put("roomId", SOME_ROOM).put("username", name), "invalid_name"));
            rs.add(new R("user:rename username '" + printable(name) + "'", msg("user:rename").put("username", name), "invalid_name"));
        }
        rs.add(new R("room:join hostToken empty", msg("room:join").put("roomId", SOME_ROOM).put("hostToken", ""), "bad_message"));
        rs.add(new R("room:join hostToken 129 chars", msg("room:join").put("roomId", SOME_ROOM).put("hostToken", "t".repeat(129)), "bad_message"));
        rs.add(new R("room:join password 65 chars", msg("room:join").put("roomId", SOME_ROOM).put("password", "p".repeat(65)), "bad_message"));
        for (String key : new String[] {"", "k".repeat(15), "k".repeat(65), "has spaces in the key", "k3Y/of+this=Browser0", "k\u0000".repeat(10),
            "ключ-ключ-ключ-ключ"}) {
            rs.add(new R("room:join deviceKey '" + printable(key) + "'", msg("room:join").put("roomId", SOME_ROOM).put("deviceKey", key), "bad_message"));
        }
        for (int seconds : new int[] {-1, 86_401, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            rs.add(new R("chat:mute seconds " + seconds, valid.get("chat:mute").deepCopy().put("seconds", seconds), "bad_message"));
        }
        rs.add(new R("chat:mute without userId", msg("chat:mute").put("roomId", SOME_ROOM).put("seconds", 60), "bad_message"));
        rs.add(new R("chat:mute userId 65 chars", valid.get("chat:mute").deepCopy().put("userId", "u".repeat(65)), "bad_message"));
        for (String id : new String[] {"", "abc", "0-", "-1", "1-2-3", "0-1 ", "123456-1", "0-" + "9".repeat(20), "../0-1"}) {
            rs.add(new R("chat:delete messageId '" + printable(id) + "'", valid.get("chat:delete").deepCopy().put("messageId", id), "bad_message"));
        }
        rs.add(new R("chat:delete without messageId", msg("chat:delete").put("roomId", SOME_ROOM), "bad_message"));
        rs.add(new R("room:close without roomId", msg("room:close"), "invalid_room_id"));
        for (int seconds : new int[] {-1, 3_601, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            rs.add(new R("chat:slowmode seconds " + seconds, valid.get("chat:slowmode").deepCopy().put("seconds", seconds), "bad_message"));
        }
        rs.add(new R("chat:slowmode seconds 2.5", valid.get("chat:slowmode").deepCopy().put("seconds", 2.5), "bad_message"));
        rs.add(new R("chat:slowmode without roomId", msg("chat:slowmode").put("seconds", 30), "invalid_room_id"));
        rs.add(new R("user:cohost without isCohost", msg("user:cohost").put("roomId", SOME_ROOM).put("userId", "u_someone0001"), "bad_message"));
        rs.add(new R("user:cohost without userId", msg("user:cohost").put("roomId", SOME_ROOM).put("isCohost", true), "bad_message"));
        rs.add(new R("user:cohost userId 65 chars", valid.get("user:cohost").deepCopy().put("userId", "u".repeat(65)), "bad_message"));
        rs.add(new R("aux:pass without userId", msg("aux:pass").put("roomId", SOME_ROOM), "bad_message"));
        rs.add(new R("aux:pass userId empty", valid.get("aux:pass").deepCopy().put("userId", ""), "bad_message"));
        rs.add(new R("aux:pass userId 65 chars", valid.get("aux:pass").deepCopy().put("userId", "u".repeat(65)), "bad_message"));
        for (String type : List.of("aux:pass", "aux:accept", "aux:decline", "aux:return")) {
            rs.add(new R(type + " without roomId", (ObjectNode) valid.get(type).deepCopy().without("roomId"), "invalid_room_id"));
            rs.add(new R(type + " roomId 'short'", valid.get(type).deepCopy().put("roomId", "short"), "invalid_room_id"));
        }
        for (String title : new String[] {"", "   ", "\u200b", "\u0000\u0007", "t".repeat(201), "🎵".repeat(201)}) {
            rs.add(new R("track:set title '" + printable(title) + "'", valid.get("track:set").deepCopy().put("title", title), "bad_message"));
            rs.add(new R("track:set artist '" + printable(title) + "'", valid.get("track:set").deepCopy().put("artist", title), "bad_message"));
        }
        rs.add(new R("track:set without title", (ObjectNode) valid.get("track:set").deepCopy().without("title"), "bad_message"));
        String someArt = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        for (String art : new String[] {"", someArt.toUpperCase(), someArt.substring(1), someArt + "0", "https://evil.example/c.png",
            "../../etc/passwd", "javascript:alert(1)", someArt.substring(0, 63) + "g", "x".repeat(5000)}) {
            rs.add(new R("track:set art '" + printable(art) + "'", valid.get("track:set").deepCopy().put("art", art),
                    art.length() > 4096 ? "too_large" : "bad_message"));
        }
        rs.add(new R("track:set without atUs", (ObjectNode) valid.get("track:set").deepCopy().without("atUs"), "bad_message"));
        rs.add(new R("track:set atUs 0", valid.get("track:set").deepCopy().put("atUs", 0), "bad_message"));
        rs.add(new R("track:set atUs -1", valid.get("track:set").deepCopy().put("atUs", -1), "bad_message"));
        rs.add(new R("track:set atUs 1.5", valid.get("track:set").deepCopy().put("atUs", 1.5), "bad_message"));
        for (String emoji : new String[] {"", "fire", "\uD83D\uDC4D", "\u2764", "\uD83D\uDD25\uD83D\uDD25", " \uD83D\uDD25",
                "\uD83D\uDD25\u200b", "\uD83D\uDD25\uFE0F", "<img src=x onerror=alert(1)>", "\uD83D\uDD25".repeat(2000)}) {
            rs.add(new R("reaction:send emoji '" + printable(emoji.length() > 40 ? emoji.substring(0, 40) + "…" : emoji) + "'",
                    valid.get("reaction:send").deepCopy().put("emoji", emoji), "bad_message"));
        }
        rs.add(new R("reaction:send without emoji", (ObjectNode) valid.get("reaction:send").deepCopy().without("emoji"), "bad_message"));
        rs.add(new R("reaction:send without atUs", (ObjectNode) valid.get("reaction:send").deepCopy().without("atUs"), "bad_message"));
        rs.add(new R("reaction:send without roomId", (ObjectNode) valid.get("reaction:send").deepCopy().without("roomId"), "invalid_room_id"));
        rs.add(new R("reaction:send atUs 0", valid.get("reaction:send").deepCopy().put("atUs", 0), "bad_message"));
        rs.add(new R("reaction:send atUs -1", valid.get("reaction:send").deepCopy().put("atUs", -1), "bad_message"));
        rs.add(new R("reaction:send atUs 1.5", valid.get("reaction:send").deepCopy().put("atUs", 1.5), "bad_message"));
        rs.add(new R("reaction:send atUs past 2^63", (ObjectNode) valid.get("reaction:send").deepCopy()
                .set("atUs", N.numberNode(new java.math.BigInteger("99999999999999999999"))), "bad_message"));
        rs.add(new R("chat:message atUs 0", valid.get("chat:message").deepCopy().put("atUs", 0), "bad_message"));
        rs.add(new R("chat:message atUs -1", valid.get("chat:message").deepCopy().put("atUs", -1), "bad_message"));
        rs.add(new R("chat:message atUs 1.5", valid.get("chat:message").deepCopy().put("atUs", 1.5), "bad_message"));
        rs.add(new R("track:set album 201 chars", valid.get("track:set").deepCopy().put("album", "a".repeat(201)), "bad_message"));
        // track requests: the text is cleaned like a track title; an id is a positive integer; two outcomes
        for (String text : new String[] {"", "   ", "\u200b", "\u0000\u0007", "\u202e", "r".repeat(201), "🎵".repeat(201)}) {
            rs.add(new R("request:send text '" + printable(text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'",
                    valid.get("request:send").deepCopy().put("text", text), "bad_message"));
        }
        rs.add(new R("request:send without text", (ObjectNode) valid.get("request:send").deepCopy().without("text"), "bad_message"));
        rs.add(new R("request:send without roomId", (ObjectNode) valid.get("request:send").deepCopy().without("roomId"), "invalid_room_id"));
        rs.add(new R("request:resolve without requestId", (ObjectNode) valid.get("request:resolve").deepCopy().without("requestId"), "bad_message"));
        rs.add(new R("request:resolve requestId 0", valid.get("request:resolve").deepCopy().put("requestId", 0), "bad_message"));
        rs.add(new R("request:resolve requestId -1", valid.get("request:resolve").deepCopy().put("requestId", -1), "bad_message"));
        rs.add(new R("request:resolve requestId 1.5", valid.get("request:resolve").deepCopy().put("requestId", 1.5), "bad_message"));
        rs.add(new R("request:resolve requestId past 2^63", (ObjectNode) valid.get("request:resolve").deepCopy()
                .set("requestId", N.numberNode(new java.math.BigInteger("99999999999999999999"))), "bad_message"));
        for (String outcome : new String[] {"", "skipped", "PLAYED", "played ", "dismiss", "<b>played</b>"}) {
            rs.add(new R("request:resolve outcome '" + outcome + "'", valid.get("request:resolve").deepCopy().put("outcome", outcome), "bad_message"));
        }
        rs.add(new R("request:resolve without outcome", (ObjectNode) valid.get("request:resolve").deepCopy().without("outcome"), "bad_message"));
        rs.add(new R("requests:open without open", (ObjectNode) valid.get("requests:open").deepCopy().without("open"), "bad_message"));
        rs.add(new R("requests:list without roomId", msg("requests:list"), "invalid_room_id"));
        rs.add(new R("room:settings password 65 chars", valid.get("room:settings").deepCopy().put("password", "p".repeat(65)), "bad_message"));
        rs.add(new R("room:settings password 64 emoji (128 UTF-16 chars)", valid.get("room:settings").deepCopy().put("password", "🔑".repeat(64)), "bad_message"));
        rs.add(new R("room:join password 65 emoji", msg("room:join").put("roomId", SOME_ROOM).put("password", "🔑".repeat(65)), "bad_message"));
        rs.add(new R("room:settings preset 'fast'", valid.get("room:settings").deepCopy().put("preset", "fast"), "bad_message"));
        rs.add(new R("user:kick userId empty", valid.get("user:kick").deepCopy().put("userId", ""), "bad_message"));
        rs.add(new R("user:kick userId 65 chars", valid.get("user:kick").deepCopy().put("userId", "u".repeat(65)), "bad_message"));
        rs.add(new R("user:kick without userId", msg("user:kick").put("roomId", SOME_ROOM), "bad_message"));
        rs.add(new R("chat:message blank", valid.get("chat:message").deepCopy().put("message", " \n\t "), "chat_empty"));
        rs.add(new R("chat:message control characters only", valid.get("chat:message").deepCopy().put("message", "\u0000\u001b\u202e"), "chat_empty"));
        rs.add(new R("chat:message null", (ObjectNode) valid.get("chat:message").deepCopy().set("message", N.nullNode()), "chat_empty"));
        rs.add(new R("chat:message 501 chars", valid.get("chat:message").deepCopy().put("message", "m".repeat(501)), "chat_too_long"));
        rs.add(new R("chat:message 501 emoji", valid.get("chat:message").deepCopy().put("message", "🎵".repeat(501)), "chat_too_long"));
        rs.add(new R("quality:request tier 'ultra'", msg("quality:request").put("tier", "ultra"), "bad_message"));
        rs.add(new R("quality:request without tier", msg("quality:request"), "bad_message"));
        for (Object[] f : new Object[][] {{"bufferMs", -1}, {"bufferMs", 60001}, {"latencyMs", -1}, {"latencyMs", 60001},
            {"syncErrorMs", 60000.5}, {"syncErrorMs", -1e9}, {"underruns", -1}, {"bufferMs", 2147483648L},
            {"syncUncertaintyMs", -0.1}, {"syncUncertaintyMs", 60000.5}, {"syncUncertaintyMs", 1e308}}) {
            ObjectNode m = valid.get("stats:report").deepCopy();
            m.set((String) f[0], Probe.JSON.valueToTree(f[1]));
            rs.add(new R("stats:report " + f[0] + " = " + f[1], m, "bad_message"));
        }
        for (Object[] a : new Object[][] {{"codec", "mp3", "bad_codec"}, {"codec", "OPUS", "bad_codec"}, {"codec", 7, "bad_codec"},
            {"codec", "", "bad_codec"},
            {"sampleRate", 44100, "bad_audio_config"}, {"sampleRate", 0, "bad_audio_config"}, {"channels", 1, "bad_audio_config"},
            {"channels", 6, "bad_audio_config"}, {"bitrate", 15999, "bad_audio_config"}, {"bitrate", 256001, "bad_audio_config"},
            {"bitrate", -1, "bad_audio_config"}}) {
            ObjectNode m = valid.get("broadcast:start").deepCopy();
            ((ObjectNode) m.get("audioConfig")).set((String) a[0], Probe.JSON.valueToTree(a[1]));
            rs.add(new R("broadcast:start audioConfig." + a[0] + " = " + a[1], m, (String) a[2]));
        }
        rs.add(new R("broadcast:start without audioConfig", msg("broadcast:start").put("roomId", SOME_ROOM), "bad_audio_config"));
        ObjectNode noCodec = valid.get("broadcast:start").deepCopy();
        ((ObjectNode) noCodec.get("audioConfig")).remove("codec");
        rs.add(new R("broadcast:start without audioConfig.codec", noCodec, "bad_audio_config"));
        int k = 0;
        for (R r : rs) {
            cases.add(text(r.name(), k++ % 2 == 0 ? freshA : freshB, r.m().toString(), error(r.code())));
        }
    }

    void hugeAndDeep(List<DynamicTest> cases) {
        String ping = "{\"type\":\"clock:ping\",\"id\":1,\"t0\":1}";
        cases.add(text("a 4097-char username", freshA, msg("room:join").put("roomId", SOME_ROOM).put("username", "u".repeat(4097)).toString(),
                error("too_large")));
        cases.add(text("a 4097-char unknown field", freshB, msg("clock:ping").put("id", 1).put("t0", 1).put("x", "x".repeat(4097)).toString(),
                error("too_large")));
        cases.add(text("a 4097-char chat message", freshA, msg("chat:message").put("roomId", SOME_ROOM).put("message", "m".repeat(4097)).toString(),
                error("too_large")));
        cases.add(text("a 40-digit number", freshB, "{\"type\":\"clock:ping\",\"id\":1,\"t0\":" + "9".repeat(40) + "}", error("too_large")));
        cases.add(text("an int field over 2^31", freshA, "{\"type\":\"clock:ping\",\"id\":2147483648,\"t0\":1}", error("bad_message")));
        cases.add(text("control message of exactly 16384 chars is answered", freshB, pad(ping, 16384), reply("clock:pong")));
        cases.add(text("control message of 16385 chars", freshA, pad(ping, 16385), error("too_large")));
        cases.add(text("control message of 60000 chars", freshB, pad(ping, 60000), error("too_large")));
        for (int depth : new int[] {9, 20, 1000, 8000}) {
            String arrays = "[".repeat(depth) + "]".repeat(depth);
            cases.add(text("arrays nested " + depth + " deep", depth % 2 == 0 ? freshA : freshB,
                    "{\"type\":\"clock:ping\",\"id\":1,\"t0\":1,\"x\":" + arrays + "}", error("too_large")));
        }
        cases.add(text("16000 unclosed brackets", freshB, "[".repeat(16_000), error("too_large")));
        cases.add(text("objects nested 9 deep", freshA, "{\"type\":\"clock:ping\",\"id\":1,\"t0\":1,\"x\":" + "{\"a\":".repeat(8) + "1" + "}".repeat(8) + "}",
                error("too_large")));
        cases.add(text("objects nested 7 deep are fine", freshB, "{\"type\":\"clock:ping\",\"id\":1,\"t0\":1,\"x\":" + "{\"a\":".repeat(6) + "1" + "}".repeat(6) + "}",
                reply("clock:pong")));
        // the gateway reads messages up to 256 KiB itself: oversize control text gets too_large, an oversize
        // audio frame closes the socket with 1009 and a reason; beyond 256 KiB the transport drops the
        // message and the gateway answers the same way (SocketEndpoint.onError)
        cases.add(text("a 64 KiB + 1 text message is refused as too large, the socket stays usable", freshA, pad(ping, 65537), error("too_large")));
        cases.add(text("a 1 MiB text message (past the transport's read limit) is refused as too large, the socket stays usable", freshB, pad(ping, 1 << 20), error("too_large")));
        cases.add(binary("a 64 KiB + 1 binary frame closes the socket with 1009", freshA, new byte[65537], closedTooBig()));
    }

    void wrongState(List<DynamicTest> cases) {
        Map<String, ObjectNode> valid = validMessages();
        // not joined
        for (String type : List.of("room:leave", "participants:list")) {
            cases.add(text(type + " before joining", freshA, msg(type).toString(), error("not_in_room")));
        }
        for (String type : List.of("broadcast:start", "broadcast:stop", "room:settings", "user:kick", "chat:message",
                "aux:pass", "aux:accept", "aux:decline", "aux:return", "reaction:send", "request:send", "request:resolve",
                "requests:list", "requests:open")) {
            cases.add(text(type + " before joining", freshB, valid.get(type).toString(), error("not_in_room")));
        }
        for (int i = 0; i < 3; i++) {
            String id = randomRoomId();
            cases.add(text("room:join of unknown room #" + i + " gets room:notfound", i % 2 == 0 ? freshA : freshB,
                    msg("room:join").put("roomId", id).toString(), reply("room:notfound")));
        }
        cases.add(text("room:join with a wrong host token", freshA, msg("room:join").put("roomId", target.roomId()).put("hostToken", "not-the-token").toString(), error("forbidden")));
        cases.add(binary("a good frame before joining", freshB, goodFrame(), error("not_in_room")));
        cases.add(binary("garbage bytes before joining", freshA, "hello".getBytes(StandardCharsets.UTF_8), error("not_in_room")));
        cases.add(binary("an empty binary frame before joining", freshB, new byte[0], error("not_in_room")));

        // a guest of the live room
        for (String type : List.of("broadcast:start", "broadcast:stop", "room:settings", "user:kick", "user:cohost", "chat:slowmode",
                "aux:pass", "track:set", "request:resolve", "requests:open")) {
            ObjectNode m = valid.get(type).deepCopy().put("roomId", target.roomId());
            boolean moderation = List.of("user:kick", "chat:slowmode", "request:resolve", "requests:open").contains(type);
            cases.add(text(type + " from a guest", guest, m.toString(), error(moderation ? "not_cohost" : "not_host")));
            cases.add(text(type + " from a guest, for another room", guest, valid.get(type).toString(), error("wrong_room")));
        }
        // the aux: nothing offered to this guest, and it does not have it
        cases.add(text("aux:accept from a guest with no offer", guest, valid.get("aux:accept").deepCopy().put("roomId", target.roomId()).toString(), error("forbidden")));
        cases.add(text("aux:decline from a guest with no offer", guest, valid.get("aux:decline").deepCopy().put("roomId", target.roomId()).toString(), error("forbidden")));
        cases.add(text("aux:return from a guest without the aux", guest, valid.get("aux:return").deepCopy().put("roomId", target.roomId()).toString(), error("bad_message")));
        for (String type : List.of("aux:accept", "aux:decline", "aux:return")) {
            cases.add(text(type + " from a guest, for another room", guest, valid.get(type).toString(), error("wrong_room")));
        }
        cases.add(text("chat:message from a guest, for another room", guest, valid.get("chat:message").toString(), error("wrong_room")));
        // track requests: one's own room only; the host resolves only an open request; markup is kept as text
        cases.add(text("request:send from a guest, for another room", guest, valid.get("request:send").toString(), error("wrong_room")));
        cases.add(text("requests:list from a guest, for another room", guest, valid.get("requests:list").toString(), error("wrong_room")));
        cases.add(text("request:resolve of a request never made", idleHost, valid.get("request:resolve").deepCopy()
                .put("roomId", idle.roomId()).put("requestId", 987654321).toString(), error("request_not_found")));
        cases.add(text("request:send with markup is taken as text", idleHost, valid.get("request:send").deepCopy()
                .put("roomId", idle.roomId()).put("text", "<img src=x onerror=alert(1)> — \u202eevil").toString(), reply("request:update")));
        cases.add(text("room:join while in a room", guest, msg("room:join").put("roomId", target.roomId()).toString(), error("already_in_room")));
        cases.add(text("room:create while in a room", guest, msg("room:create").put("roomName", "Second").toString(), error("already_in_room")));
        cases.add(binary("a good frame from a guest of a live room", guest, goodFrame(), error("not_host")));
        cases.add(binary("a garbage frame from a guest of a live room", guest, new byte[] {1, 2, 3}, error("not_host")));
        cases.add(binary("an oversize-header frame from a guest", guest, new byte[4096], error("not_host")));

        // the host of a room that is not live
        cases.add(binary("a good opus frame while not live", idleHost, goodFrame(), broadcastError("not_live")));
        cases.add(binary("a good pcm frame while not live", idleHost, frame(1, 2, 0, 1, 960, 0, new byte[3840]), broadcastError("not_live")));
        cases.add(binary("garbage while not live", idleHost, new byte[] {9, 9, 9}, broadcastError("not_live")));
        cases.add(ws("user:kick of oneself", idleHost, p -> p.send(msg("user:kick").put("roomId", idle.roomId())
                .put("userId", p.messages().stream().filter(m -> "room:joined".equals(m.path("type").asText()))
                        .reduce((a, b) -> b).orElseThrow().path("you").path("userId").asText()).toString()), error("bad_message")));
        cases.add(text("aux:pass while not live", idleHost, valid.get("aux:pass").deepCopy().put("roomId", idle.roomId()).toString(), error("not_live")));
        cases.add(text("track:set while not live", idleHost, valid.get("track:set").deepCopy().put("roomId", idle.roomId())
                .put("atUs", System.currentTimeMillis() * 1000).toString(), error("not_live")));
        cases.add(text("track:set with a stream time an hour ago", idleHost, valid.get("track:set").deepCopy().put("roomId", idle.roomId())
                .put("atUs", System.currentTimeMillis() * 1000 - 3_600_000_000L).toString(), error("bad_message")));
        // reactions: only in one's own room, while live, stamped with a stream time someone can be hearing now
        // (an hour off: these cases are built minutes before they run; ReactionsTest checks the bounds to the second)
        long nowUs = System.currentTimeMillis() * 1000;
        cases.add(text("reaction:send from a guest, for another room", guest, valid.get("reaction:send").deepCopy()
                .put("atUs", nowUs).toString(), error("wrong_room")));
        cases.add(text("reaction:send while not live", idleHost, valid.get("reaction:send").deepCopy().put("roomId", idle.roomId())
                .put("atUs", nowUs).toString(), error("not_live")));
        cases.add(text("reaction:send with a stream time an hour ago", guest, valid.get("reaction:send").deepCopy()
                .put("roomId", target.roomId()).put("atUs", nowUs - 3_600_000_000L).toString(), error("bad_message")));
        cases.add(text("reaction:send with a stream time an hour ahead", guest, valid.get("reaction:send").deepCopy()
                .put("roomId", target.roomId()).put("atUs", nowUs + 3_600_000_000L).toString(), error("bad_message")));
        cases.add(text("chat:message with a stream time an hour ago", guest, valid.get("chat:message").deepCopy()
                .put("roomId", target.roomId()).put("atUs", nowUs - 3_600_000_000L).toString(), error("bad_message")));
        cases.add(text("chat:message with a stream time an hour ahead", guest, valid.get("chat:message").deepCopy()
                .put("roomId", target.roomId()).put("atUs", nowUs + 3_600_000_000L).toString(), error("bad_message")));
        // cover art names art this room keeps: another room's (uploaded to the idle room) or none at all is refused
        cases.add(ws("track:set naming another room's cover", liveHost, p -> {
            Http.Reply up = Http.putBytes(k0(), "/api/rooms/" + idle.roomId() + "/art", PNG, "image/png",
                    Map.of("Authorization", "Bearer " + idle.hostToken()));
            assertEquals(200, up.status(), up.toString());
            String art = up.body().replaceAll(".*\"art\":\"([0-9a-f]{64})\".*", "$1");
            p.send(valid.get("track:set").deepCopy().put("roomId", target.roomId()).put("atUs", System.currentTimeMillis() * 1000)
                    .put("art", art).toString());
        }, error("bad_message")));
        cases.add(ws("track:set naming a cover never uploaded", liveHost, p -> p.send(valid.get("track:set").deepCopy()
                .put("roomId", target.roomId()).put("atUs", System.currentTimeMillis() * 1000).put("art", "0".repeat(64)).toString()),
                error("bad_message")));
        cases.add(text("aux:return while not live", idleHost, valid.get("aux:return").deepCopy().put("roomId", idle.roomId()).toString(), error("not_live")));
        ObjectNode badStart = valid.get("broadcast:start").deepCopy().put("roomId", idle.roomId());
        ((ObjectNode) badStart.get("audioConfig")).put("codec", "aac");
        cases.add(text("broadcast:start with codec aac from the host", idleHost, badStart.toString(), broadcastError("bad_codec")));
    }

    void badFrames(List<DynamicTest> cases) {
        byte[] good = goodFrame();
        for (int cut : new int[] {0, 1, 4, 19, 20, 21, 22, good.length - 1}) {
            cases.add(binary("frame truncated to " + cut + " bytes", liveHost, Arrays.copyOf(good, cut), broadcastError("bad_frame")));
        }
        byte[] three = frame(1, 1, 0, 3, 960, 0, opus(), opus(), opus());
        for (int cut : new int[] {three.length - 1, three.length - 5, 30}) {
            cases.add(binary("3-packet frame truncated to " + cut + " bytes", liveHost, Arrays.copyOf(three, cut), broadcastError("bad_frame")));
        }
        for (int v : new int[] {0, 2, 255}) {
            cases.add(binary("frame version " + v, liveHost, frame(v, 1, 0, 1, 960, 0, opus()), broadcastError("bad_frame")));
        }
        for (int c : new int[] {0, 3, 255}) {
            cases.add(binary("frame codec " + c, liveHost, frame(1, c, 0, 1, 960, 0, opus()), broadcastError("bad_codec")));
        }
        cases.add(binary("a pcm frame in an opus broadcast (wrong codec)", liveHost, frame(1, 2, 0, 1, 960, 0, new byte[3840]), broadcastError("bad_codec")));
        for (int t : new int[] {1, 2, 3, 200}) {
            cases.add(binary("frame tier " + t + " from the host", liveHost, frame(1, 1, t, 1, 960, 0, opus()), broadcastError("bad_frame")));
        }
        cases.add(binary("frame with 0 packets", liveHost, header(1, 1, 0, 0, 960, 0, 2), broadcastError("bad_frame")));
        cases.add(binary("frame with 51 packets", liveHost, frame(1, 1, 0, 51, 960, 0, repeat(opus(), 51)), broadcastError("bad_frame")));
        cases.add(binary("frame count 2 with one packet", liveHost, frame(1, 1, 0, 2, 960, 0, opus()), broadcastError("bad_frame")));
        for (int s : new int[] {0, 480, 1920, 65535}) {
            cases.add(binary("frame of " + s + " samples per packet", liveHost, frame(1, 1, 0, 1, s, 0, opus()), broadcastError("bad_frame")));
        }
        for (int f : new int[] {2, 0x8000, 0xffff}) {
            cases.add(binary("frame flags " + f, liveHost, frame(1, 1, 0, 1, 960, f, opus()), broadcastError("bad_frame")));
        }
        cases.add(binary("zero-length opus packet", liveHost, frame(1, 1, 0, 1, 960, 0, new byte[0]), broadcastError("bad_frame")));
        cases.add(binary("opus packet of 1276 bytes", liveHost, frame(1, 1, 0, 1, 960, 0, new byte[1276]), broadcastError("bad_frame")));
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        cases.add(binary("a byte after the last packet", liveHost, trailing, broadcastError("bad_frame")));
        byte[] lyingLength = good.clone();
        lyingLength[20] = (byte) 0xff;
        lyingLength[21] = (byte) 0xff;
        cases.add(binary("packet length 65535 in a short frame", liveHost, lyingLength, broadcastError("bad_frame")));
        byte[] exactly64k = new byte[65536];
        System.arraycopy(header(1, 1, 0, 1, 960, 0, 0), 0, exactly64k, 0, 20);
        exactly64k[20] = (byte) 0xff;
        exactly64k[21] = (byte) 0xeb; // length 65515 > 1275
        cases.add(binary("a frame of exactly 64 KiB (at the limit) is read and refused for its content", liveHost, exactly64k, broadcastError("bad_frame")));
        cases.add(text("broadcast:start again while live with a bad config", liveHost,
                ((ObjectNode) validMessages().get("broadcast:start").deepCopy().put("roomId", target.roomId()))
                        .set("audioConfig", N.objectNode().put("codec", "opus").put("sampleRate", 8000).put("channels", 2).put("bitrate", 64000))
                        .toString(), broadcastError("bad_audio_config")));
        cases.add(ws("a 1 MiB binary frame from the host closes its socket", liveHost, p -> p.sendBinaryCutOff(new byte[1 << 20]), closed()));
    }

    void rest(List<DynamicTest> cases) {
        Map<String, String[]> bodies = new LinkedHashMap<>();
        bodies.put("{", new String[] {"400", "bad_json"});
        bodies.put("nope", new String[] {"400", "bad_json"});
        bodies.put("{\"roomName\":\"a\"", new String[] {"400", "bad_json"});
        bodies.put("{'roomName':'a'}", new String[] {"400", "bad_json"});
        bodies.put("[]", new String[] {"400", "bad_message"});
        bodies.put("1", new String[] {"400", "bad_message"});
        bodies.put("\"room\"", new String[] {"400", "bad_message"});
        bodies.put("null", new String[] {"400", "bad_message"});
        // a missing name is an invalid name, as on the socket (room:create without roomName)
        bodies.put("{}", new String[] {"400", "invalid_name"});
        bodies.put("{\"name\":\"a\"}", new String[] {"400", "invalid_name"});
        bodies.put("{\"roomName\":7}", new String[] {"400", "bad_message"});
        bodies.put("{\"roomName\":null}", new String[] {"400", "invalid_name"});
        bodies.put("{\"roomName\":\"a\"} []", new String[] {"400", "bad_json"});
        bodies.put("{\"roomName\":\"\\u200b\\u00a0\\u200b\"}", new String[] {"400", "invalid_name"});
        bodies.put("{\"roomName\":[\"a\"]}", new String[] {"400", "bad_message"});
        bodies.put("{\"roomName\":{}}", new String[] {"400", "bad_message"});
        bodies.put("{\"roomName\":true}", new String[] {"400", "bad_message"});
        bodies.put("{\"roomName\":\"a\",\"listed\":\"true\"}", new String[] {"400", "bad_message"});
        bodies.put("{\"roomName\":\"a\",\"listed\":1}", new String[] {"400", "bad_message"});
        bodies.put("{\"roomName\":\"a\",\"listed\":{}}", new String[] {"400", "bad_message"});
        bodies.put("{\"roomName\":\"a\",\"listed\":[true]}", new String[] {"400", "bad_message"});
        bodies.put("{\"roomName\":\"\"}", new String[] {"400", "invalid_name"});
        bodies.put("{\"roomName\":\"   \"}", new String[] {"400", "invalid_name"});
        bodies.put("{\"roomName\":\"\\u0000\\u202e\"}", new String[] {"400", "invalid_name"});
        bodies.put("{\"roomName\":\"" + "n".repeat(65) + "\"}", new String[] {"400", "invalid_name"});
        // strings past 4096 characters are too_large, as on the socket; past 16 KiB the body itself is
        bodies.put("{\"roomName\":\"" + "n".repeat(10_000) + "\"}", new String[] {"413", "too_large"});
        bodies.put("{\"roomName\":\"" + "n".repeat(20_000) + "\"}", new String[] {"413", "too_large"});
        bodies.put("{\"roomName\":\"a\",\"x\":" + "[".repeat(3000) + "]".repeat(3000) + "}", new String[] {"413", "too_large"});
        int k = 0;
        for (Map.Entry<String, String[]> e : bodies.entrySet()) {
            int status = Integer.parseInt(e.getValue()[0]);
            String code = e.getValue()[1];
            String name = "POST /api/rooms body #" + k++ + " " + printable(e.getKey());
            cases.add(DynamicTest.dynamicTest(unique(name), () -> {
                Http.Reply r = Http.postJson(k0(), "/api/rooms", e.getKey());
                assertEquals(status, r.status(), r.toString());
                assertEquals(code, r.errorCode(), r.toString());
            }));
        }
        restCase(cases, "POST /api/rooms as text/plain", () -> Http.call(k0(), "POST", "/api/rooms", "{\"roomName\":\"a\"}", "text/plain", Map.of()), 415, "unsupported_media_type");
        restCase(cases, "POST /api/rooms without a body", () -> Http.call(k0(), "POST", "/api/rooms", null, "application/json", Map.of()), 400);
        restCase(cases, "PUT /api/rooms", () -> Http.call(k0(), "PUT", "/api/rooms", "{}", "application/json", Map.of()), 405, "method_not_allowed");
        restCase(cases, "PATCH /api/rooms/{id}", () -> Http.call(k0(), "PATCH", "/api/rooms/" + target.roomId(), "{}", "application/json", Map.of()), 405, "method_not_allowed");
        restCase(cases, "GET /api/<unknown path>", () -> Http.get(k0(), "/api/no/such/thing"), 404, "not_found");

        String[] badIds = {"short", "AbC123_-xYz9X", "AbC123_-xYz.", "%C3%84bC123_-xYz9", "AbC123%20-xYz9", "AbC123_-xYz%00",
            "..%2F..%2Fetc", "%2e%2e", "AbC123_-xY%2F9", "x".repeat(2000), "AbC123_-xYz9%0D%0AX-Evil:%201"};
        for (String id : badIds) {
            for (String[] route : new String[][] {{"GET", ""}, {"GET", "/stats"}, {"GET", "/messages"}, {"DELETE", ""}}) {
                String path = "/api/rooms/" + id + route[1];
                restCase(cases, route[0] + " " + printable(path), () -> Http.call(k0(), route[0], path, null, null,
                        "DELETE".equals(route[0]) ? Map.of("Authorization", "Bearer " + target.hostToken()) : Map.of()), 400, "invalid_room_id", 404);
            }
        }
        restCase(cases, "GET the live room's bans without Authorization", () -> Http.get(k0(), "/api/rooms/" + target.roomId() + "/bans"), 401,
                "unauthorized");
        restCase(cases, "GET the live room's bans with the idle room's token",
                () -> Http.call(k0(), "GET", "/api/rooms/" + target.roomId() + "/bans", null, null, Map.of("Authorization", "Bearer " + idle.hostToken())),
                403, "forbidden");
        for (String banId : new String[] {"b_nosuchban012", "x", "b_" + "x".repeat(300), "b_AbC123_-xY%2F9", "..%2F..%2Fbans"}) {
            restCase(cases, "DELETE ban '" + printable(banId) + "'", () -> Http.call(k0(), "DELETE", "/api/rooms/" + target.roomId() + "/bans/" + banId,
                    null, null, Map.of("Authorization", "Bearer " + target.hostToken())), 404, "not_found");
        }
        String handover = "/api/rooms/" + target.roomId() + "/handover";
        String hostToken = "/api/rooms/" + target.roomId() + "/host-token";
        restCase(cases, "POST handover without Authorization", () -> Http.call(k0(), "POST", handover, null, null, Map.of()), 401, "unauthorized");
        restCase(cases, "POST handover with the idle room's token", () -> Http.call(k0(), "POST", handover, null, null,
                Map.of("Authorization", "Bearer " + idle.hostToken())), 403, "forbidden");
        restCase(cases, "POST host-token without Authorization", () -> Http.call(k0(), "POST", hostToken, null, null, Map.of()), 401, "unauthorized");
        restCase(cases, "POST host-token with the host token (not a handover secret)", () -> Http.call(k0(), "POST", hostToken, null, null,
                Map.of("Authorization", "Bearer " + target.hostToken())), 403, "forbidden");
        restCase(cases, "POST host-token with a 300-character secret", () -> Http.call(k0(), "POST", hostToken, null, null,
                Map.of("Authorization", "Bearer " + "x".repeat(300))), 401, "unauthorized");
        for (String id : new String[] {"short", "..%2F..%2Fetc", "AbC123_-xY%2F9"}) {
            for (String route : new String[] {"/handover", "/host-token"}) {
                restCase(cases, "POST /api/rooms/" + id + route, () -> Http.call(k0(), "POST", "/api/rooms/" + id + route, null, null,
                        Map.of("Authorization", "Bearer " + target.hostToken())), 400, "invalid_room_id", 404);
            }
        }
        // cover art: the host's own room only, images we serve only, 256 KiB at most; served only by a hash the room keeps
        String art = "/api/rooms/" + target.roomId() + "/art";
        Map<String, String> asHost = Map.of("Authorization", "Bearer " + target.hostToken());
        uploadRefusals(cases, "art", art, 256 * 1024, asHost);
        restCase(cases, "PUT art to a bad room id", () -> Http.putBytes(k0(), "/api/rooms/..%2F..%2Fetc/art", PNG, "image/png", asHost),
                400, "invalid_room_id", 404);
        for (String sha : new String[] {"0".repeat(64), "nothex", "0".repeat(64).toUpperCase() + "A", "..%2F..%2Fetc%2Fpasswd", "x".repeat(300)}) {
            restCase(cases, "GET art '" + printable(sha) + "'", () -> Http.get(k0(), art + "/" + sha), 404, "not_found");
        }
        restCase(cases, "GET another room's cover under this room", () -> {
            Http.Reply up = Http.putBytes(k0(), "/api/rooms/" + idle.roomId() + "/art", PNG, "image/png",
                    Map.of("Authorization", "Bearer " + idle.hostToken()));
            assertEquals(200, up.status(), up.toString());
            return Http.get(k0(), art + "/" + up.body().replaceAll(".*\"art\":\"([0-9a-f]{64})\".*", "$1"));
        }, 404, "not_found");
        // the tab peek: the host's own live room only, images we serve only, 64 KiB at most; stopped by the host only
        String peek = "/api/rooms/" + target.roomId() + "/peek";
        uploadRefusals(cases, "peek", peek, 64 * 1024, asHost);
        restCase(cases, "PUT peek to the idle room (not live)", () -> Http.putBytes(k0(), "/api/rooms/" + idle.roomId() + "/peek", PNG, "image/png",
                Map.of("Authorization", "Bearer " + idle.hostToken())), 409, "not_live");
        for (String id : new String[] {"short", "..%2F..%2Fetc", "AbC123_-xY%2F9", "x".repeat(2000)}) {
            restCase(cases, "PUT peek to room id '" + printable(id) + "'", () -> Http.putBytes(k0(), "/api/rooms/" + id + "/peek", PNG, "image/png",
                    asHost), 400, "invalid_room_id", 404);
            restCase(cases, "GET peek of room id '" + printable(id) + "'", () -> Http.get(k0(), "/api/rooms/" + id + "/peek"), 400,
                    "invalid_room_id", 404);
        }
        restCase(cases, "PUT peek to an unknown room", () -> Http.putBytes(k0(), "/api/rooms/" + randomRoomId() + "/peek", PNG, "image/png",
                asHost), 404, "room_not_found", 403);
        restCase(cases, "DELETE peek without Authorization", () -> Http.call(k0(), "DELETE", peek, null, null, Map.of()), 401, "unauthorized");
        restCase(cases, "DELETE peek with the idle room's token", () -> Http.call(k0(), "DELETE", peek, null, null,
                Map.of("Authorization", "Bearer " + idle.hostToken())), 403, "forbidden");
        restCase(cases, "GET peek of a room showing none", () -> Http.get(k0(), "/api/rooms/" + idle.roomId() + "/peek"), 404, "not_found");
        for (String key : new String[] {"", "0".repeat(24), "1732406400000", "..%2F..%2Fetc%2Fpasswd", "x".repeat(3000), "%00"}) {
            restCase(cases, "GET peek with key '" + printable(key) + "'", () -> Http.get(k0(), peek + "?v=" + key), 404, "not_found");
        }
        // no POST route: refused with the error body (the router says 404 for a JSON body no route consumes)
        restCase(cases, "POST peek", () -> Http.call(k0(), "POST", peek, "{}", "application/json", asHost), 405, "method_not_allowed", 404);
        restCase(cases, "DELETE a ban without Authorization", () -> Http.call(k0(), "DELETE", "/api/rooms/" + target.roomId() + "/bans/b_nosuchban012",
                null, null, Map.of()), 401, "unauthorized");
        for (String[] route : new String[][] {{"GET", ""}, {"GET", "/stats"}, {"GET", "/messages"}}) {
            restCase(cases, route[0] + " /api/rooms/<random valid id>" + route[1],
                    () -> Http.call(k0(), route[0], "/api/rooms/" + randomRoomId() + route[1], null, null, Map.of()), 404, "room_not_found");
        }
        Map<String, Integer> auths = new LinkedHashMap<>();
        auths.put("", 401);
        auths.put("Bearer", 401);
        auths.put("Bearer ", 401);
        auths.put("bearer " + "x", 401);
        auths.put("Basic dXNlcjpwYXNz", 401);
        auths.put("Token abc", 401);
        auths.put("Bearer wrong-token", 403);
        auths.put("Bearer  extra-space", 403);
        for (Map.Entry<String, Integer> a : auths.entrySet()) {
            restCase(cases, "DELETE the live room with Authorization '" + printable(a.getKey()) + "'",
                    () -> Http.call(k0(), "DELETE", "/api/rooms/" + target.roomId(), null, null, Map.of("Authorization", a.getKey())),
                    a.getValue());
        }
        restCase(cases, "DELETE the live room with the idle room's token",
                () -> Http.delete(k0(), "/api/rooms/" + target.roomId(), "Bearer " + idle.hostToken()), 403);
        restCase(cases, "DELETE the live room without Authorization", () -> Http.delete(k0(), "/api/rooms/" + target.roomId(), null), 401);
        restCase(cases, "DELETE an unknown room with some token",
                () -> Http.delete(k0(), "/api/rooms/" + randomRoomId(), "Bearer " + target.hostToken()), 404, "room_not_found", 403);
    }

    /**
     * A host-only image upload (cover art, a peek frame): the host's own room only, images we serve
     * only (told by their first bytes, whatever the Content-Type says), {@code max} bytes at most.
     */
    private void uploadRefusals(List<DynamicTest> cases, String what, String path, int max, Map<String, String> asHost) {
        restCase(cases, "PUT " + what + " without Authorization", () -> Http.putBytes(k0(), path, PNG, "image/png", Map.of()), 401, "unauthorized");
        restCase(cases, "PUT " + what + " with 'Basic' Authorization", () -> Http.putBytes(k0(), path, PNG, "image/png",
                Map.of("Authorization", "Basic dXNlcjpwYXNz")), 401, "unauthorized");
        restCase(cases, "PUT " + what + " with the idle room's token", () -> Http.putBytes(k0(), path, PNG, "image/png",
                Map.of("Authorization", "Bearer " + idle.hostToken())), 403, "forbidden");
        restCase(cases, "PUT " + what + " as a guest would (a wrong token)", () -> Http.putBytes(k0(), path, PNG, "image/png",
                Map.of("Authorization", "Bearer not-the-token")), 403, "forbidden");
        restCase(cases, "PUT " + what + " " + max / 1024 + " KiB + 1", () -> Http.putBytes(k0(), path, Arrays.copyOf(PNG, max + 1), "image/png",
                asHost), 413, "too_large");
        restCase(cases, "PUT " + what + " 2 MiB", () -> Http.putBytes(k0(), path, Arrays.copyOf(PNG, 2 << 20), "image/png", asHost), 413, "too_large");
        restCase(cases, "PUT " + what + " empty", () -> Http.putBytes(k0(), path, new byte[0], "image/png", asHost), 400, "bad_message");
        for (String[] body : new String[][] {{"GIF89a\u0001\u0000", "image/gif"}, {"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
            "image/svg+xml"}, {"<html><script>alert(1)</script>", "image/png"}, {"BM6\u0000\u0000", "image/bmp"}, {"\u00ff\u00d8", "image/jpeg"},
            {"RIFF\u0000\u0000\u0000\u0000WAVEfmt ", "image/webp"}}) {
            restCase(cases, "PUT " + what + " of type " + body[1] + " '" + printable(body[0]) + "'", () -> Http.putBytes(k0(), path,
                    body[0].getBytes(StandardCharsets.ISO_8859_1), body[1], asHost), 415, "unsupported_media_type");
        }
    }

    /** A PNG's signature and a few bytes: what an upload's first bytes are checked for. */
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    private static ServiceProcess k0() {
        return stack.gatewayB();
    }

    private void restCase(List<DynamicTest> cases, String name, java.util.function.Supplier<Http.Reply> call, int status) {
        restCase(cases, name, call, status, null, -1);
    }

    private void restCase(List<DynamicTest> cases, String name, java.util.function.Supplier<Http.Reply> call, int status, String code) {
        restCase(cases, name, call, status, code, -1);
    }

    /** A REST case: this status (or {@code altStatus}, e.g. a path the router refuses itself) and an error body. */
    private void restCase(List<DynamicTest> cases, String name, java.util.function.Supplier<Http.Reply> call, int status, String code, int altStatus) {
        cases.add(DynamicTest.dynamicTest(unique(name), () -> {
            Http.Reply r = call.get();
            assertTrue(r.status() == status || r.status() == altStatus, "status " + status + ": " + r);
            if (r.status() == status && code != null) {
                assertEquals(code, r.errorCode(), r.toString());
            }
            assertNotNull(r.errorCode(), "every /api refusal has the error body with a code: " + r);
        }));
    }

    // ---------------------------------------------------------------- afterwards

    @Test
    @Order(2)
    @DisplayName("afterwards every service is still ready")
    void everyServiceIsReady() {
        for (ServiceProcess s : List.of(stack.gatewayA(), stack.gatewayB(), stack.roomService(), stack.chatService(), stack.relayService())) {
            assertTrue(s.isAlive(), s.baseUrl() + " is running");
            assertEquals(200, Http.ready(s), s.baseUrl() + "/q/health/ready");
        }
    }

    @Test
    @Order(2)
    @DisplayName("afterwards both gateways hold about what they held before (heap after a full GC within 16 MB of the baseline)")
    void memoryBackNearBaseline() {
        List<ServiceProcess> gateways = List.of(stack.gatewayA(), stack.gatewayB());
        for (int i = 0; i < gateways.size(); i++) {
            long before = heapBefore[i];
            ServiceProcess g = gateways.get(i);
            long after = await(g.baseUrl() + " heap back near its baseline").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> JvmMemory.heapAfterGc(g), h -> h < before + BASELINE_SLACK);
            System.out.printf("bad input: %s heap after a full GC %d MB before the cases, %d MB after%n", g.baseUrl(), before >> 20, after >> 20);
        }
    }

    @Test
    @Order(3)
    @DisplayName("afterwards the bystander room's guests still get pongs and each other's chat on both gateways")
    void bystanderStillAnswers() {
        int pongsA = bystanderA.messages("clock:pong").size();
        bystanderA.send(WsClient.msg("clock:ping").put("id", 4242).put("t0", 1.0));
        bystanderA.awaitMessage("clock:pong", m -> m.path("id").asInt() == 4242, Duration.ofSeconds(10));
        assertTrue(bystanderA.messages("clock:pong").size() > pongsA);
        bystanderB.send(WsClient.msg("clock:ping").put("id", 4243).put("t0", 1.0));
        bystanderB.awaitMessage("clock:pong", m -> m.path("id").asInt() == 4243, Duration.ofSeconds(10));

        String text = "still here " + System.nanoTime();
        bystanderB.send(WsClient.msg("chat:message").put("roomId", bystanderRoom.roomId()).put("message", text));
        bystanderA.awaitMessage("chat:message", m -> text.equals(m.path("message").asText()), Duration.ofSeconds(20));
        bystanderB.awaitMessage("chat:message", m -> text.equals(m.path("message").asText()), Duration.ofSeconds(20));
        assertTrue(bystanderA.messages("error").isEmpty(), "the bystander got no errors: " + bystanderA.messages("error"));
        assertTrue(bystanderB.messages("error").isEmpty(), "the bystander got no errors: " + bystanderB.messages("error"));
    }

    @Test
    @Order(4)
    @DisplayName("the bystander room's listeners received the host's audio without a gap while the bad input ran")
    void bystanderAudioHadNoGap() {
        long lastSent = bystanderHost.nextCaptureUs() - 20_000;
        for (WsClient c : List.of(bystanderA, bystanderB)) {
            await(c.name() + " receives the host's latest packet").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Audio.packets(c.frames()).stream().anyMatch(p -> p.captureUs() >= lastSent));
            List<Audio.Packet> got = Audio.packets(c.frames()).stream()
                    .filter(p -> p.tier() == Tier.HIGH.id() && p.captureUs() >= badInputFromUs).toList();
            assertTrue(got.size() > 100, c.name() + " received more than 2 s of audio during the run: " + got.size());
            assertTrue(got.get(0).captureUs() - badInputFromUs < 20_000 * 2,
                    c.name() + " got the packets from when the bad input began: first " + (got.get(0).captureUs() - badInputFromUs) + " µs after");
            // from when the bad input began to the host's latest: every 20 ms packet, once, in order
            for (int i = 1; i < got.size(); i++) {
                long step = got.get(i).captureUs() - got.get(i - 1).captureUs();
                if (step != 20_000) {
                    throw new AssertionError(c.name() + ": packet " + i + " of " + got.size() + " follows the previous one after "
                            + step + " µs (a gap or a repeat)");
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    static String randomRoomId() {
        byte[] b = new byte[9];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String pad(String json, int length) {
        return json.substring(0, json.length() - 1) + " ".repeat(length - json.length()) + "}";
    }

    static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + " chars)" : s;
        StringBuilder b = new StringBuilder();
        t.codePoints().forEach(c -> {
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || c == 0xfeff) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    static byte[] opus() {
        return new byte[] {(byte) 0xfc, (byte) 0xff, (byte) 0xfe};
    }

    static byte[][] repeat(byte[] packet, int n) {
        byte[][] all = new byte[n][];
        Arrays.fill(all, packet);
        return all;
    }

    static byte[] goodFrame() {
        return AudioFrame.of(Codec.OPUS, Tier.HIGH, 1, System.currentTimeMillis() * 1000, List.of(opus())).encode();
    }

    static byte[] header(int version, int codec, int tier, int count, int samples, int flags, int extra) {
        ByteBuffer b = ByteBuffer.allocate(20 + extra);
        b.put((byte) version).put((byte) codec).put((byte) tier).put((byte) count).putInt(1)
                .putLong(System.currentTimeMillis() * 1000).putShort((short) samples).putShort((short) flags);
        return b.array();
    }

    static byte[] frame(int version, int codec, int tier, int count, int samples, int flags, byte[]... packets) {
        int size = 20;
        for (byte[] p : packets) {
            size += 2 + p.length;
        }
        ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(header(version, codec, tier, count, samples, flags, 0), size));
        b.position(20);
        for (byte[] p : packets) {
            b.putShort((short) p.length).put(p);
        }
        return b.array();
    }
}
