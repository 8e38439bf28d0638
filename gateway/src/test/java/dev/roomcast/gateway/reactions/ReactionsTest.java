package dev.roomcast.gateway.reactions;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.gateway.audio.WsGuest;
import dev.roomcast.gateway.config.GatewayIdentity;
import dev.roomcast.gateway.kafka.GatewayKafka;
import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.gateway.session.SessionRegistry;
import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.Reactions;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.api.RoomDetails;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.AudioConfig;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Reactions through a real gateway, a real broker and real WebSocket clients. Rooms are entered as
 * RoomCommands does once room-service said yes (room-service is not part of this test).
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class ReactionsTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String FIRE = Reactions.EMOJI.get(0);

    @Inject
    SessionRegistry registry;
    @Inject
    ReactionHub hub;
    @Inject
    GatewayKafka kafka;
    @Inject
    GatewayIdentity gateway;
    @TestHTTPResource("/ws")
    URI wsHttp;

    final List<WsGuest> guests = new ArrayList<>();

    @AfterEach
    void tearDown() {
        guests.forEach(WsGuest::close);
    }

    WsGuest connect() throws Exception {
        WsGuest g = WsGuest.connect(URI.create(wsHttp.toString().replaceFirst("^http", "ws")));
        guests.add(g);
        await().atMost(WAIT).until(() -> g.userId() != null);
        return g;
    }

    RoomLocal enter(WsGuest g, String roomId, boolean live) {
        Session s = registry.all().stream().filter(x -> g.userId().equals(x.userId())).findFirst().orElseThrow();
        s.enter(roomId, s.userId(), false, false, null, null);
        RoomLocal room = registry.room(roomId) != null ? registry.room(roomId)
                : registry.prepareRoom(new RoomDetails(roomId, "test room", null, List.of(), 0, false, null,
                        LatencyPreset.PARTY, LatencyPreset.PARTY.playoutDelayMs(), null, false, false, 0, 0, false, 0, null, null));
        room.setLive(live, live ? new AudioConfig(dev.roomcast.protocol.Codec.OPUS, 48_000, 2, 128_000) : null);
        return registry.enterRoom(s, room);
    }

    static String reaction(String roomId, String emoji, long atUs) {
        return "{\"type\":\"reaction:send\",\"roomId\":\"" + roomId + "\",\"emoji\":\"" + emoji + "\",\"atUs\":" + atUs + "}";
    }

    static int total(WsGuest g) {
        int n = 0;
        for (JsonNode u : g.texts("reactions:update")) {
            for (JsonNode c : u.path("counts")) {
                n += c.path("count").asInt();
            }
        }
        return n;
    }

    @Test
    @DisplayName("1,000 reactions a second into a room reach each socket as at most 5 messages a second, every one counted")
    void coalesced() throws Exception {
        String roomId = RoomIds.newRoomId();
        List<WsGuest> room = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            WsGuest g = connect();
            enter(g, roomId, true);
            room.add(g);
        }
        long d = LatencyPreset.PARTY.playoutDelayMs() * 1000L;
        // 3 s at 1,000 a second (10 every 10 ms, on a fixed-rate schedule), stamped around what the room
        // hears (now − D), all six emoji
        int all = 3_000;
        AtomicInteger sent = new AtomicInteger();
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        long t0 = System.nanoTime();
        try {
            sender.scheduleAtFixedRate(() -> {
                long heard = ServerClock.nowUs() - d;
                for (int i = 0; i < 10 && sent.get() < all; i++) {
                    int n = sent.getAndIncrement();
                    hub.local(roomId, n % Reactions.EMOJI.size(), heard - (n % 7) * 30_000L);
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            await().atMost(WAIT).until(() -> sent.get() >= all);
        } finally {
            sender.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        await().atMost(WAIT).until(() -> room.stream().allMatch(g -> total(g) == all));
        for (WsGuest g : room) {
            List<JsonNode> updates = g.texts("reactions:update");
            assertTrue(updates.size() <= Math.ceil((seconds + 0.4) * 1000 / Limits.REACTION_WINDOW_MS),
                    updates.size() + " updates in " + seconds + " s");
            assertTrue(updates.size() >= 10, "the reactions came in windows, not all at once: " + updates.size());
            for (JsonNode u : updates) {
                assertTrue(u.path("counts").size() <= Limits.REACTION_COUNTS_MAX);
            }
        }
        // every socket got the very same messages
        assertEquals(room.get(0).texts("reactions:update"), room.get(3).texts("reactions:update"));
        assertTrue(sent.get() / seconds > 900, "the input rate: " + sent.get() / seconds);
    }

    @Test
    @DisplayName("a socket's reactions: a burst of 8, then 3 a second; past that rate_limited with the reaction's ref")
    void rateLimited() throws Exception {
        String roomId = RoomIds.newRoomId();
        WsGuest a = connect();
        WsGuest b = connect();
        enter(a, roomId, true);
        enter(b, roomId, true);
        long heard = ServerClock.nowUs() - LatencyPreset.PARTY.playoutDelayMs() * 1000L;
        for (int i = 0; i < 12; i++) {
            a.sendText(reaction(roomId, FIRE, heard));
        }
        await().atMost(WAIT).until(() -> total(b) >= Limits.REACTION_BURST && errors(a, "rate_limited") >= 1);
        // at most a burst and the refill of the second the sending took
        assertTrue(total(b) <= Limits.REACTION_BURST + Limits.REACTIONS_PER_SECOND, "accepted: " + total(b));
        assertEquals(12, total(b) + errors(a, "rate_limited"), "every reaction counted or refused, none silently lost");
        await().atMost(WAIT).pollDelay(Duration.ofMillis(1100)).until(() -> true);
        int before = total(b);
        a.sendText(reaction(roomId, FIRE, ServerClock.nowUs() - 1_200_000));
        await().atMost(WAIT).until(() -> total(b) == before + 1);
    }

    static int errors(WsGuest g, String code) {
        return (int) g.texts("error").stream().filter(e -> code.equals(e.path("code").asText())
                && "reaction:send".equals(e.path("ref").asText())).count();
    }

    @Test
    @DisplayName("a reaction outside a room, outside a live broadcast or with a stream time nobody hears is refused with a code")
    void refused() throws Exception {
        String roomId = RoomIds.newRoomId();
        WsGuest outside = connect();
        outside.sendText(reaction(roomId, FIRE, ServerClock.nowUs()));
        await().atMost(WAIT).until(() -> errors(outside, "not_in_room") == 1);

        WsGuest quiet = connect();
        enter(quiet, roomId, false);
        quiet.sendText(reaction(roomId, FIRE, ServerClock.nowUs()));
        await().atMost(WAIT).until(() -> errors(quiet, "not_live") == 1);

        String live = RoomIds.newRoomId();
        WsGuest g = connect();
        enter(g, live, true);
        g.sendText(reaction(RoomIds.newRoomId(), FIRE, ServerClock.nowUs()));
        g.sendText(reaction(live, FIRE, ServerClock.nowUs() - Limits.HEARD_AT_PAST_US - 1_000_000));
        g.sendText(reaction(live, FIRE, ServerClock.nowUs() + Limits.HEARD_AT_AHEAD_US + 1_000_000));
        g.sendText(reaction(live, "\uD83D\uDC4D", ServerClock.nowUs()));
        await().atMost(WAIT).until(() -> errors(g, "wrong_room") == 1 && errors(g, "bad_message") == 3);
        await().during(Duration.ofMillis(3 * Limits.REACTION_WINDOW_MS)).atMost(WAIT).until(() -> total(g) == 0);
    }

    @Test
    @DisplayName("another gateway's window reaches the sockets here; this gateway's own windows are not delivered twice")
    void acrossGateways() throws Exception {
        String roomId = RoomIds.newRoomId();
        WsGuest g = connect();
        enter(g, roomId, true);
        long at = ServerClock.nowUs() - 1_200_000;
        var update = new ServerMessage.ReactionsUpdate(roomId, List.of(new ServerMessage.ReactionCount(FIRE, at, 40)));
        produce(new RoomEvent(roomId, null, update, gateway.id()));
        produce(new RoomEvent(roomId, null, update, "gw-elsewhere"));
        await().atMost(WAIT).until(() -> total(g) == 40);
        await().during(Duration.ofMillis(3 * Limits.REACTION_WINDOW_MS)).atMost(WAIT).until(() -> total(g) == 40);
        JsonNode c = g.texts("reactions:update").get(0).path("counts").get(0);
        assertEquals(FIRE, c.path("emoji").asText());
        assertEquals(at, c.path("atUs").asLong());
    }

    void produce(RoomEvent e) throws Exception {
        kafka.reliableProducer().send(new ProducerRecord<>(Topics.ROOM_EVENTS, e.roomId(), BusJson.encode(e))).get();
    }
}
