package dev.roomcast.gateway.audio;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.gateway.StalledSocket;
import dev.roomcast.gateway.kafka.GatewayKafka;
import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.gateway.session.SessionRegistry;
import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.api.RoomDetails;
import dev.roomcast.protocol.bus.TierDemand;
import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.protocol.frame.AudioFrames;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The audio path through a real gateway, a real broker and real WebSocket clients. Rooms are
 * entered the way RoomCommands does once room-service said yes (session.enter + registry.enterRoom),
 * since room-service is not part of this test. The gateway's sockets have its production send buffer
 * (SOCKET_SEND_BUFFER, 64 KiB): without it the kernel autotunes a stalled socket's buffer to
 * megabytes and {@link #slowGuest} never sees the guest back up.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class FanoutTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    SessionRegistry registry;
    @Inject
    RoomAudioReader reader;
    @Inject
    GatewayKafka kafka;
    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;
    @TestHTTPResource("/ws")
    URI wsHttp;

    final List<AutoCloseable> cleanup = new ArrayList<>();
    final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);

    @AfterEach
    void tearDown() throws Exception {
        clock.shutdownNow();
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    WsGuest connect() throws Exception {
        WsGuest g = WsGuest.connect(URI.create(wsHttp.toString().replaceFirst("^http", "ws")));
        cleanup.add(g::close);
        await().atMost(WAIT).until(() -> g.userId() != null);
        return g;
    }

    Session session(WsGuest g) {
        return registry.all().stream().filter(s -> g.userId().equals(s.userId())).findFirst().orElseThrow();
    }

    RoomLocal enter(WsGuest g, String roomId, boolean host, LatencyPreset preset) {
        Session s = session(g);
        s.enter(roomId, s.userId(), host, false, host ? "host-token" : null, null);
        RoomLocal room = prepare(roomId, preset);
        room.setPreset(preset);
        if (host) {
            room.setHostId(s.userId());
        }
        return registry.enterRoom(s, room);
    }

    /** This node's view of the room: the one it has, or one made as from a join answer (not live, no host yet). */
    RoomLocal prepare(String roomId, LatencyPreset preset) {
        RoomLocal existing = registry.room(roomId);
        return existing != null ? existing : registry.prepareRoom(new RoomDetails(roomId, "test room", null, List.of(), 0,
                false, null, preset, preset.playoutDelayMs(), null, false, false, 0, 0, false, 0, null, null));
    }

    void leave(WsGuest g) {
        registry.leaveRoom(session(g));
    }

    RoomTopic topic(String roomId) throws Exception {
        RoomTopic t = new RoomTopic(kafka.bootstrap(), roomId);
        cleanup.add(t);
        return t;
    }

    /** Every packet of one tier a guest received, in arrival order, as (sequence, payload). */
    static List<Map.Entry<Long, byte[]>> packets(WsGuest g, Tier tier) {
        List<Map.Entry<Long, byte[]>> out = new ArrayList<>();
        for (WsGuest.Received r : g.frames) {
            AudioFrame f = AudioFrames.decode(r.frame());
            if (f.tier() == tier) {
                for (int i = 0; i < f.packets().size(); i++) {
                    out.add(Map.entry(f.sequence() + i, f.packets().get(i)));
                }
            }
        }
        return out;
    }

    static byte[] hostFrame(Codec codec, Tier tier, long seq, int size) {
        return frame(codec, tier, seq, codec == Codec.PCM_S16LE ? Limits.PCM_PACKET_BYTES : size, ServerClock.nowUs());
    }

    static byte[] frame(Codec codec, Tier tier, long seq, int size, long captureUs) {
        byte[] p = new byte[size];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (seq * 7 + i * 3);
        }
        return AudioFrame.of(codec, tier, seq, captureUs, List.of(p)).encode();
    }

    @Test
    @DisplayName("host → gateway → ingest → relay → room topic → gateway: both guests get every high packet, in order, byte-identical")
    void endToEnd() throws Exception {
        LiveRoom live = liveRoomWithGuest();
        StandInRelay relay = live.relay();
        String roomId = live.roomId();
        WsGuest host = live.host();
        WsGuest g1 = live.guest();
        WsGuest g2 = connect();
        enter(g2, roomId, false, LatencyPreset.LIVE);
        assertTrue(reader.listener(session(g1)).raw(), "batches go out as ready-made frames (EncodedFanout), not through Vert.x");

        int n = 150;
        // stamped when sent, as a host stamps its capture time (a frame 3 s old on arrival would
        // be shed by a gateway that sees itself more than D + 2 s behind)
        List<byte[]> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong next = new AtomicLong();
        clock.scheduleAtFixedRate(() -> {
            int i = (int) next.getAndIncrement();
            if (i < n) {
                byte[] f = hostFrame(Codec.OPUS, Tier.HIGH, i, 60 + (i * 37) % 400);
                sent.add(f);
                host.send(f);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);

        await().atMost(WAIT).until(() -> packets(g1, Tier.HIGH).size() >= n && packets(g2, Tier.HIGH).size() >= n);
        List<StandInRelay.Ingested> in = relay.of(roomId);
        assertEquals(n, in.size());
        for (int i = 0; i < n; i++) {
            assertEquals(roomId, in.get(i).key());
            assertEquals(host.userId(), in.get(i).hostHeader());
            assertArrayEquals(sent.get(i), in.get(i).value(), "ingest record " + i + " is the host's frame unchanged");
        }
        for (WsGuest g : List.of(g1, g2)) {
            List<Map.Entry<Long, byte[]>> got = packets(g, Tier.HIGH);
            assertEquals(n, got.size());
            for (int i = 0; i < n; i++) {
                assertEquals(i, got.get(i).getKey(), "in order, no gap, no duplicate");
                assertArrayEquals(AudioFrames.decode(sent.get(i)).packets().get(0), got.get(i).getValue());
            }
            assertTrue(g.frames.stream().allMatch(r -> AudioFrames.tierId(r.frame()) == Tier.HIGH.id()));
            long batched = g.frames.stream().filter(r -> AudioFrames.packetCount(r.frame()) == 2).count();
            assertTrue(batched >= n / 2 - 10, "Live batches 40 ms (2 packets) per message: " + batched + " of " + g.frames.size());
            assertTrue(reader.state(session(g)).directWrites() > 0, "a guest that keeps up gets its frames by direct socket writes (DirectWrite)");
        }
        assertFalse(host.frames.stream().findAny().isPresent(), "the host is not sent its own audio");
    }

    @Test
    @DisplayName("bad host frames are refused with broadcast:error and their code (others' frames with error), never reach the ingest topic, and the stream goes on")
    void refusals() throws Exception {
        StandInRelay relay = new StandInRelay(kafka.bootstrap());
        cleanup.add(relay);
        String roomId = RoomIds.newRoomId();
        topic(roomId);
        WsGuest host = connect();
        RoomLocal room = enter(host, roomId, true, LatencyPreset.LIVE);
        WsGuest guest = connect();
        enter(guest, roomId, false, LatencyPreset.LIVE);
        WsGuest outsider = connect();

        host.send(hostFrame(Codec.OPUS, Tier.HIGH, 0, 100));
        await().atMost(WAIT).until(() -> broadcastErrorCodes(host).contains("not_live"));
        room.setLive(true, new AudioConfig(Codec.OPUS, 48_000, 2, 128_000));
        outsider.send(hostFrame(Codec.OPUS, Tier.HIGH, 0, 100));
        guest.send(hostFrame(Codec.OPUS, Tier.HIGH, 0, 100));
        await().atMost(WAIT).until(() -> errorCodes(outsider).contains("not_in_room") && errorCodes(guest).contains("not_host"));

        host.send(new byte[] {1, 2, 3});
        host.send(hostFrame(Codec.OPUS, Tier.MEDIUM, 1, 100));
        host.send(hostFrame(Codec.PCM_S16LE, Tier.HIGH, 2, 0));
        byte[] trailing = Arrays.copyOf(hostFrame(Codec.OPUS, Tier.HIGH, 3, 100), 130);
        host.send(trailing);
        await().atMost(WAIT).until(() -> broadcastErrorCodes(host).contains("bad_codec")
                && broadcastErrorCodes(host).stream().filter("bad_frame"::equals).count() >= 2);
        assertTrue(host.texts("broadcast:error").stream().allMatch(e -> roomId.equals(e.path("roomId").asText())));
        assertTrue(errorCodes(host).isEmpty(), "the host's own frames are answered with broadcast:error only: " + errorCodes(host));

        // a flood: far over 60 frames a second and past the burst of 150 (a studio's catch-up), refused fewer
        // times than the abuse budget (200) that would close the socket
        for (int i = 0; i < 300; i++) {
            host.send(hostFrame(Codec.OPUS, Tier.HIGH, 10 + i, 80));
        }
        await().atMost(WAIT).until(() -> broadcastErrorCodes(host).contains("rate_limited"));
        // what the relay took and what the guest got settle together (frames of the burst may still be on their way)
        await().atMost(WAIT).until(() -> packets(guest, Tier.HIGH).size() == relay.of(roomId).size());
        int accepted = relay.of(roomId).size();
        assertTrue(accepted >= 150 && accepted < 300, "the burst allowance (150 frames, 3 s) passed, the rest was refused: " + accepted);

        // the room keeps streaming once the host behaves
        int before = packets(guest, Tier.HIGH).size();
        await().atMost(WAIT).until(() -> {
            host.send(hostFrame(Codec.OPUS, Tier.HIGH, 500, 80));
            return packets(guest, Tier.HIGH).size() > before;
        });
        for (StandInRelay.Ingested r : relay.of(roomId)) {
            AudioFrame f = AudioFrames.decode(r.value());
            assertEquals(Tier.HIGH, f.tier());
            assertEquals(Codec.OPUS, f.codec());
        }
        assertTrue(host.isOpenForTest(), "refusals under the abuse threshold do not close the host");
    }

    @Test
    @DisplayName("a node more than D + 2 s behind sheds the batches no guest can play in time, then goes on at live")
    void shedsWhatIsPastPlayout() throws Exception {
        LiveRoom live = liveRoomWithGuest();
        StandInRelay relay = live.relay();
        String roomId = live.roomId();
        WsGuest host = live.host();
        WsGuest guest = live.guest();

        long t0 = ServerClock.nowUs();
        for (int i = 0; i < 10; i++) {
            host.send(frameAt(i, t0 + i * 20_000L));
        }
        await().atMost(WAIT).until(() -> packets(guest, Tier.HIGH).size() >= 10);
        // what arrives now was captured right after the first ten: ≥ 2.4 s ago (D = 0.4 s), as
        // when this node or its relay stalled; the host's clock keeps counting
        Thread.sleep(3_000);
        for (int i = 10; i < 20; i++) {
            host.send(frameAt(i, t0 + i * 20_000L));
            Thread.sleep(5);
        }
        long now = ServerClock.nowUs();
        for (int i = 20; i < 30; i++) {
            host.send(frameAt(i, now + (i - 20) * 20_000L));
        }
        await().atMost(WAIT).until(() -> packets(guest, Tier.HIGH).stream().anyMatch(e -> e.getKey() == 29));
        await().atMost(WAIT).until(() -> relay.of(roomId).size() == 30);
        List<Long> got = packets(guest, Tier.HIGH).stream().map(Map.Entry::getKey).toList();
        for (long seq = 10; seq < 20; seq++) {
            assertTrue(!got.contains(seq), "packet " + seq + " was past its play-out time for everyone: shed, got " + got);
        }
        for (long seq = 20; seq < 30; seq++) {
            assertTrue(got.contains(seq), "live packet " + seq + " after the shed batches arrives: " + got);
        }
    }

    @Test
    @DisplayName("a room that goes live on a relay already seconds behind: nothing past play-out is written, and the node counts it")
    void lateFirstAudioIsCounted() throws Exception {
        LiveRoom live = liveRoomWithGuest();
        StandInRelay relay = live.relay();
        String roomId = live.roomId();
        WsGuest host = live.host();
        WsGuest guest = live.guest();
        double before = meters.counter("roomcast.audio.fanout.batches.past_playout").count();

        // the room's first audio was captured 3 s ago (D = 0.4 s): its feed is still catching up
        // and none of it can be played any more
        long old = ServerClock.nowUs() - 3_000_000L;
        for (int i = 0; i < 10; i++) {
            host.send(frameAt(i, old + i * 20_000L));
        }
        await().atMost(WAIT).until(() -> relay.of(roomId).size() == 10);
        await().atMost(WAIT).until(() -> meters.counter("roomcast.audio.fanout.batches.past_playout").count() > before);
        assertTrue(packets(guest, Tier.HIGH).isEmpty(), "nothing past its play-out time was written: " + packets(guest, Tier.HIGH));
    }

    /** A live Live-preset room: the relay stand-in, its host and one guest, the room read by this node. */
    record LiveRoom(StandInRelay relay, String roomId, WsGuest host, WsGuest guest) {}

    LiveRoom liveRoomWithGuest() throws Exception {
        StandInRelay relay = new StandInRelay(kafka.bootstrap());
        cleanup.add(relay);
        String roomId = RoomIds.newRoomId();
        topic(roomId);
        WsGuest host = connect();
        RoomLocal room = enter(host, roomId, true, LatencyPreset.LIVE);
        room.setLive(true, new AudioConfig(Codec.OPUS, 48_000, 2, 128_000));
        WsGuest guest = connect();
        enter(guest, roomId, false, LatencyPreset.LIVE);
        await().atMost(WAIT).until(() -> reader.assignedRooms().contains(roomId));
        return new LiveRoom(relay, roomId, host, guest);
    }

    static byte[] frameAt(long seq, long captureUs) {
        return frame(Codec.OPUS, Tier.HIGH, seq, 80, captureUs);
    }

    @Test
    @DisplayName("tiers on demand: a guest who asks for low while the relay makes only high keeps hearing high, the node demands low of"
            + " the relay and moves the guest once low comes (quality:changed low, requested); the demand is repeated while the guest is"
            + " on low and stops when it leaves")
    void tiersOnDemand() throws Exception {
        LiveRoom live = liveRoomWithGuest();
        StandInRelay relay = live.relay();
        String roomId = live.roomId();
        WsGuest guest = live.guest();
        AtomicLong next = new AtomicLong();
        clock.scheduleAtFixedRate(() -> live.host().send(frameAt(next.getAndIncrement(), ServerClock.nowUs())), 0, 20, TimeUnit.MILLISECONDS);
        await().atMost(WAIT).until(() -> packets(guest, Tier.HIGH).size() >= 20);
        assertTrue(relay.demandsOf(roomId).isEmpty(), "no one on medium or low: nothing asked of the relay");
        assertTrue(packets(guest, Tier.LOW).isEmpty() && packets(guest, Tier.MEDIUM).isEmpty());
        double waitedBefore = meters.counter("roomcast.audio.fanout.tier.moves.waited").count();

        guest.sendText("{\"type\":\"quality:request\",\"tier\":\"low\"}");
        JsonNode changed = await().atMost(WAIT).until(() -> guest.texts("quality:changed").stream()
                .filter(m -> "low".equals(m.path("tier").asText())).findFirst().orElse(null), java.util.Objects::nonNull);
        assertEquals("requested", changed.path("reason").asText());
        assertFalse(changed.path("auto").asBoolean());
        assertTrue(relay.demandsOf(roomId).stream().anyMatch(m -> TierDemand.wants(m, Tier.LOW)), "low was asked of the relay");
        assertTrue(relay.demandsOf(roomId).stream().noneMatch(m -> TierDemand.wants(m, Tier.MEDIUM)), "and nothing else");
        assertEquals(1, meters.counter("roomcast.audio.fanout.tier.moves.waited").count() - waitedBefore, 1e-9,
                "the move waited for low to come");
        List<Map.Entry<Long, byte[]>> high = packets(guest, Tier.HIGH);
        await().atMost(WAIT).until(() -> packets(guest, Tier.LOW).size() >= 20);
        long lastHigh = packets(guest, Tier.HIGH).get(packets(guest, Tier.HIGH).size() - 1).getKey();
        long firstLow = packets(guest, Tier.LOW).get(0).getKey();
        assertTrue(packets(guest, Tier.HIGH).size() <= high.size() + 4, "after the move, low instead of high");
        assertTrue(firstLow <= lastHigh + 3, "high went on until low came: last high " + lastHigh + ", first low " + firstLow);

        int asked = relay.demandsOf(roomId).size();
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.demandsOf(roomId).size() >= asked + 2); // repeated every second
        guest.sendText("{\"type\":\"quality:request\",\"tier\":\"high\"}");
        await().atMost(WAIT).until(() -> guest.texts("quality:changed").stream().anyMatch(m -> "high".equals(m.path("tier").asText())
                && "requested".equals(m.path("reason").asText())));
        // no one on low any more: not asked again (the relay's copy lapses) — a quiet stretch of 1.5 s comes,
        // which a demand repeated every second would break (one already on its way may still land first)
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger(-1);
        await("no demand for " + (TierDemand.REFRESH_MS + 500) + " ms").during(Duration.ofMillis(TierDemand.REFRESH_MS + 500))
                .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    int n = relay.demandsOf(roomId).size();
                    return seen.getAndSet(n) == n;
                });
    }

    @Test
    @DisplayName("a guest that reports hearing the room late moves down a tier at once; one late like everyone else stays on high")
    void lateReportsMoveTheGuestDown() throws Exception {
        String roomId = RoomIds.newRoomId();
        RoomTopic topic = topic(roomId);
        WsGuest thin = connect();
        WsGuest fine = connect();
        enter(thin, roomId, false, LatencyPreset.PARTY);
        long joinedNs = System.nanoTime();
        enter(fine, roomId, false, LatencyPreset.PARTY);
        await().atMost(WAIT).until(() -> reader.assignedRooms().contains(roomId));
        AtomicLong next = new AtomicLong();
        clock.scheduleAtFixedRate(() -> {
            long seq = next.getAndIncrement();
            topic.writeAllTiers(seq, ServerClock.nowUs(), 300);
        }, 0, 20, TimeUnit.MILLISECONDS);
        await().atMost(WAIT).until(() -> !packets(thin, Tier.HIGH).isEmpty() && !packets(fine, Tier.HIGH).isEmpty());
        assertTrue(reader.state(session(thin)).tier() == Tier.HIGH && reader.state(session(fine)).tier() == Tier.HIGH);

        // just joined: latency counts the replay of the last D and it ran dry once: not behind
        thin.sendText(report(1_100, 1_300, 0, false));
        thin.sendText(report(1_000, 1_300, 2, false));
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .until(() -> reader.state(session(thin)).tier() == Tier.HIGH); // several batches went out meanwhile
        // Both say they play late, every 500 ms (the page reports every 2 s); only "thin" hears the room
        // long after the gateway sends it (30 s: far beyond the gateway's own lag, even while it catches up
        // after the tests before). It holds audio (late mode plays what arrives), so "late" is what says
        // it is behind. Reports in the first D + 5 s after the join, and a lone one, do not count.
        AtomicLong underruns = new AtomicLong(2);
        Runnable reportBoth = () -> {
            thin.sendText(report(900, 30_000, (int) underruns.get(), true));
            fine.sendText(report(0, 80, (int) underruns.get(), true));
        };
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            reportBoth.run();
            return reader.state(session(thin)).tier() == Tier.MEDIUM;
        });
        long movedAfterMs = (System.nanoTime() - joinedNs) / 1_000_000;
        assertTrue(movedAfterMs >= LatencyPreset.PARTY.playoutDelayMs() + AudioListenerCommands.JOIN_GRACE_MS,
                "no move in the first D + 5 s after the join: moved after " + movedAfterMs + " ms");
        JsonNode changed = await().atMost(WAIT).until(() -> thin.texts("quality:changed").stream()
                .filter(m -> "medium".equals(m.path("tier").asText())).findFirst().orElse(null), java.util.Objects::nonNull);
        assertEquals("congestion", changed.path("reason").asText());
        assertTrue(changed.path("auto").asBoolean(), "still automatic: it may climb back");
        int highBefore = packets(thin, Tier.HIGH).size();
        await().atMost(WAIT).until(() -> packets(thin, Tier.MEDIUM).size() >= 10);
        assertTrue(packets(thin, Tier.HIGH).size() <= highBefore + 10, "after the move it gets medium, not high");

        // still behind, now running dry with nothing buffered (behind even without "late"): after the cooldown it moves once more
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            int n = (int) underruns.incrementAndGet();
            thin.sendText(report(0, 30_000, n, false));
            fine.sendText(report(0, 80, n, true));
            return reader.state(session(thin)).tier() == Tier.LOW;
        });
        assertEquals(Tier.HIGH, reader.state(session(fine)).tier(), "late like the whole room: not its last mile");
        assertTrue(fine.texts("quality:changed").stream().noneMatch(m -> "congestion".equals(m.path("reason").asText())));
    }

    static String report(int bufferMs, int latencyMs, int underruns, boolean late) {
        return "{\"type\":\"stats:report\",\"bufferMs\":" + bufferMs + ",\"latencyMs\":" + latencyMs
                + ",\"syncErrorMs\":0,\"underruns\":" + underruns + ",\"late\":" + late + "}";
    }

    @Test
    @DisplayName("a guest that stops reading stays under its bound, is moved down a tier and then skipped; the others get everything on time")
    void slowGuest() throws Exception {
        String roomId = RoomIds.newRoomId();
        RoomTopic topic = topic(roomId);
        WsGuest fast1 = connect();
        WsGuest fast2 = connect();
        StalledSocket slow = new StalledSocket(URI.create(wsHttp.toString().replaceFirst("^http", "ws")));
        cleanup.add(slow);
        enter(fast1, roomId, false, LatencyPreset.PARTY);
        enter(fast2, roomId, false, LatencyPreset.PARTY);
        Session slowSession = registry.all().stream().filter(x -> slow.userId.equals(x.userId())).findFirst().orElseThrow();
        slowSession.enter(roomId, slowSession.userId(), false, false, null, null);
        registry.enterRoom(slowSession, prepare(roomId, LatencyPreset.PARTY));
        await().atMost(WAIT).until(() -> reader.assignedRooms().contains(roomId));

        // 4× real time: 4 packets of every tier each 20 ms, 1000-byte high packets (≈ 200 KB/s per high listener)
        int n = 1600;
        Map<Long, Long> producedAt = new ConcurrentHashMap<>();
        AtomicLong next = new AtomicLong();
        long t0 = ServerClock.nowUs();
        clock.scheduleAtFixedRate(() -> {
            for (int k = 0; k < 4; k++) {
                long seq = next.getAndIncrement();
                if (seq >= n) {
                    return;
                }
                producedAt.put(seq, System.nanoTime());
                topic.writeAllTiers(seq, t0 + seq * 20_000, 1000);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);

        try {
            await().atMost(Duration.ofSeconds(40)).until(() -> packets(fast1, Tier.HIGH).size() >= n && packets(fast2, Tier.HIGH).size() >= n);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("produced " + next.get() + "; fast1 " + describe(fast1) + " " + reader.state(session(fast1))
                    + "; fast2 " + describe(fast2) + " " + reader.state(session(fast2)) + "; slow " + reader.state(slowSession), e);
        }
        RoomAudioReader.ListenerState st = reader.state(slowSession);
        assertNotNull(st);
        List<Long> lags = new ArrayList<>();
        for (WsGuest g : List.of(fast1, fast2)) {
            List<Map.Entry<Long, byte[]>> got = packets(g, Tier.HIGH);
            assertEquals(n, got.size(), "a fast guest gets every packet");
            for (int i = 0; i < n; i++) {
                assertEquals(i, got.get(i).getKey());
            }
            for (WsGuest.Received r : g.frames) {
                long last = AudioFrames.sequence(r.frame()) + AudioFrames.packetCount(r.frame()) - 1;
                lags.add((r.atNs() - producedAt.get(last)) / 1_000_000);
            }
            assertEquals(Tier.HIGH, reader.state(session(g)).tier(), "fast guests stay on high");
        }
        lags.sort(null);
        long p50 = lags.get(lags.size() / 2);
        long p99 = lags.get(lags.size() * 99 / 100);
        long max = lags.get(lags.size() - 1);
        System.out.printf("slowGuest: fast guests' lag produce→receive ms p50=%d p99=%d max=%d over %d batches;"
                + " slow guest: tier=%s sent=%d skipped=%d maxInFlight=%d bytes (bound %d)%n",
                p50, p99, max, lags.size(), st.tier(), st.sentBatches(), st.skippedBatches(), st.maxInFlight(), 65536);
        assertTrue(p99 < 500, "the slow guest does not hold the others back: p99 " + p99 + " ms");
        assertEquals(Tier.LOW, st.tier(), "moved down to low");
        assertTrue(st.skippedBatches() > 0, "then skipped");
        assertTrue(st.maxInFlight() <= 65536, "never over its bound: " + st.maxInFlight());
    }

    @Test
    @DisplayName("a guest on a thin line, reading in sips and in bursts, gets only whole frames whose every packet is the room's, in order, whichever way each frame went out (DirectWrite: whole, in part, through Netty)")
    void sippingGuestGetsWholeFrames() throws Exception {
        String roomId = RoomIds.newRoomId();
        RoomTopic topic = topic(roomId);
        StalledSocket sipper = new StalledSocket(URI.create(wsHttp.toString().replaceFirst("^http", "ws")));
        cleanup.add(sipper);
        Session s = registry.all().stream().filter(x -> sipper.userId.equals(x.userId())).findFirst().orElseThrow();
        s.enter(roomId, s.userId(), false, false, null, null);
        RoomLocal room = prepare(roomId, LatencyPreset.PARTY);
        registry.enterRoom(s, room);
        await().atMost(WAIT).until(() -> reader.assignedRooms().contains(roomId));
        // 0.8 s at ~30 KB/s (against ~200 KB/s of high tier: 4 packets of 1000 bytes every 20 ms),
        // then 0.4 s as fast as it can, and again: each slow stretch fills the kernel's buffers (64 KiB
        // send buffer), so direct writes are taken in part; the ladder moves it down and skips too
        sipper.readSlowly(300, 10);

        int n = 800;
        AtomicLong next = new AtomicLong();
        clock.scheduleAtFixedRate(() -> {
            boolean slow = next.get() % 240 < 160;
            sipper.pace(slow ? 300 : 0, slow ? 10 : 0);
            for (int k = 0; k < 4; k++) {
                long seq = next.getAndIncrement();
                if (seq < n) {
                    topic.writeAllTiers(seq, ServerClock.nowUs(), 1000);
                }
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> next.get() >= n);
        sipper.pace(0, 0);
        long last = n - 1;
        try {
            await().atMost(WAIT).until(() -> sipper.readEnd != null || sipper.binaryFrames.stream()
                    .anyMatch(f -> AudioFrames.sequence(f) + AudioFrames.packetCount(f) - 1 == last));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the sipping guest never got the last packet: " + sipper.binaryFrames.size()
                    + " frames, " + reader.state(s), e);
        }
        assertNull(sipper.readEnd, "the byte stream stays well-formed WebSocket frames");
        RoomAudioReader.ListenerState st = reader.state(s);
        System.out.printf("sippingGuestGetsWholeFrames: %d frames; %s%n", sipper.binaryFrames.size(), st);
        long prev = -1;
        for (byte[] f : sipper.binaryFrames) {
            AudioFrame frame = AudioFrames.decode(f);
            for (int i = 0; i < frame.packets().size(); i++) {
                long seq = frame.sequence() + i;
                byte[] p = frame.packets().get(i);
                for (int j = 0; j < p.length; j++) {
                    assertEquals((byte) (seq * 13 + j + frame.tier().id()), p[j], "packet " + seq + " of " + frame.tier() + ", byte " + j);
                }
                // tier lanes batch on their own, so a move to another tier may repeat a few packets (the player drops them)
                assertTrue(seq > prev - 5, "in order: " + seq + " after " + prev);
                prev = Math.max(prev, seq);
            }
        }
    }

    @Test
    @DisplayName("a joiner whose replay (D = 5 s, ~250 KB) is still unread when the next live batches are due has none of them skipped: the replay does not count as a backlog")
    void slowReplayLeavesNoHole() throws Exception {
        StableRoom room = stableRoomWithListener();
        String roomId = room.roomId();
        WsGuest first = room.first();
        AtomicLong next = room.next();

        WsGuest joiner = connect();
        await().atMost(WAIT).until(() -> joiner.userId() != null);
        joiner.stopReading(); // it reads nothing of its ~250 KB replay for 1.5 s: far more than the kernel holds
        enter(joiner, roomId, false, LatencyPreset.STABLE);
        Thread.sleep(1500);
        joiner.resumeReading();
        long upTo = next.get() + 50;
        await().atMost(WAIT).until(() -> {
            List<Map.Entry<Long, byte[]>> got = packets(joiner, Tier.HIGH);
            return !got.isEmpty() && got.get(got.size() - 1).getKey() >= upTo;
        });
        RoomAudioReader.ListenerState st = reader.state(session(joiner));
        List<Long> got = packets(joiner, Tier.HIGH).stream().map(Map.Entry::getKey).filter(q -> q <= upTo).toList();
        long from = got.get(0);
        // what a listener that was there all along got over the same stretch: reported, not asserted — in one
        // clean-clone run they differed at the replay seam with nothing skipped (docs/RELIABILITY.md, open)
        List<Long> steady = packets(first, Tier.HIGH).stream().map(Map.Entry::getKey).filter(q -> q >= from && q <= upTo).toList();
        List<Long> missing = steady.stream().filter(q -> !got.contains(q)).toList();
        System.out.printf("slowReplayLeavesNoHole: joiner got %d packets from %d, the steady listener %d; missing at the joiner %s%n",
                got.size(), from, steady.size(), missing.size() > 20 ? missing.subList(0, 20) + "…" : missing);
        assertEquals(0, st.skippedBatches(), "no live batch skipped for the joiner: its unread replay is not a backlog");
        assertEquals(Tier.HIGH, st.tier());
    }

    @Test
    @DisplayName("a joiner that has not read its replay yet (~180 KB left in the gateway, past SOCKET_BACKLOG_MAX) is not closed as too slow when a control message comes")
    void unreadReplayIsNotAStall() throws Exception {
        String roomId = stableRoomWithListener().roomId();

        StalledSocket joiner = new StalledSocket(URI.create(wsHttp.toString().replaceFirst("^http", "ws")));
        cleanup.add(joiner);
        Session s = registry.all().stream().filter(x -> joiner.userId.equals(x.userId())).findFirst().orElseThrow();
        s.enter(roomId, s.userId(), false, false, null, null);
        registry.enterRoom(s, prepare(roomId, LatencyPreset.STABLE));
        await().atMost(WAIT).until(() -> s.unreadBytes() > 131072);
        s.send(new ServerMessage.Error(ErrorCode.INTERNAL, "while you read your replay", null));
        await("not closed as too slow with its replay unread").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(s::isOpen);
    }

    record StableRoom(String roomId, WsGuest first, AtomicLong next) {}

    /** A Stable room (D = 5 s) fed 1000-byte packets in real time, with one listener that has D + 1 s of it. */
    StableRoom stableRoomWithListener() throws Exception {
        String roomId = RoomIds.newRoomId();
        RoomTopic topic = topic(roomId);
        WsGuest first = connect();
        enter(first, roomId, false, LatencyPreset.STABLE);
        AtomicLong next = new AtomicLong();
        clock.scheduleAtFixedRate(() -> topic.writeAllTiers(next.getAndIncrement(), ServerClock.nowUs(), 1000),
                0, 20, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> first.audioMs() >= LatencyPreset.STABLE.playoutDelayMs() + 1000);
        return new StableRoom(roomId, first, next);
    }

    @Test
    @DisplayName("no listener here, no reading; a first listener gets D of recent audio within 300 ms and a late one its first frame, both starting at the packet due now (now − D), nothing older; the last to leave stops the reading")
    void lateJoinersAndNoListeners() throws Exception {
        String roomId = RoomIds.newRoomId();
        RoomTopic topic = topic(roomId);
        WsGuest host = connect();
        enter(host, roomId, true, LatencyPreset.LIVE);
        AtomicLong next = new AtomicLong();
        clock.scheduleAtFixedRate(() -> topic.writeAllTiers(next.getAndIncrement(), ServerClock.nowUs(), 200),
                0, 20, TimeUnit.MILLISECONDS);
        int d = LatencyPreset.LIVE.playoutDelayMs();

        await().atMost(WAIT).until(() -> next.get() > 60);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> !reader.assignedRooms().contains(roomId));

        WsGuest first = connect();
        long joinedFirst = System.nanoTime();
        long joinedFirstUs = ServerClock.nowUs();
        enter(first, roomId, false, LatencyPreset.LIVE);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> first.audioMs() >= d);
        long firstMs = (timeToAudio(first, d) - joinedFirst) / 1_000_000;

        await().atMost(WAIT).until(() -> next.get() > 150);
        WsGuest late = connect();
        long joinedLate = System.nanoTime();
        long joinedLateUs = ServerClock.nowUs();
        enter(late, roomId, false, LatencyPreset.LIVE);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> !late.frames.isEmpty());
        long lateMs = (late.frames.get(0).atNs() - joinedLate) / 1_000_000;
        long lateFirstArrivalUs = joinedLateUs + (late.frames.get(0).atNs() - joinedLate) / 1000;
        System.out.printf("lateJoiners: D=%d ms of audio reached the first listener (seek by time) in %d ms, a late one (ring) in %d ms%n",
                d, firstMs, lateMs);
        assertTrue(firstMs <= 300, "first listener: " + firstMs + " ms");
        assertTrue(lateMs <= 300, "late listener: " + lateMs + " ms");
        // the first listener's read starts D + a margin back (the ring must hold D); it is sent only what it can
        // still play: from the packet due now (captured at now − D) on, none already past its play-out time
        long batchUs0 = LatencyPreset.LIVE.batchMs() * 1000L;
        long firstCaptureUs = AudioFrames.captureTimeUs(first.frames.get(0).frame());
        long firstArrivalUs = joinedFirstUs + (first.frames.get(0).atNs() - joinedFirst) / 1000;
        assertEquals(firstCaptureUs, earliestCaptureUs(first), "the first frame is the oldest");
        assertTrue(firstCaptureUs >= joinedFirstUs - d * 1000L - 20_000 - batchUs0,
                "nothing sent to the first listener is past its play-out time: its first packet is "
                        + (joinedFirstUs - d * 1000L - firstCaptureUs) / 1000 + " ms before join − D");
        assertTrue(firstCaptureUs <= firstArrivalUs - d * 1000L + 20_000,
                "and it starts with the packet due when it arrives (no hole): "
                        + (firstCaptureUs - (firstArrivalUs - d * 1000L)) / 1000 + " ms after arrival − D");
        // the late joiner's replay starts at the packet due to play now (captured at now − D), not at the ring's oldest
        // (D + 500 ms back): its first packet is within one batch (40 ms in Live) and one packet of now − D
        long lateFirstCaptureUs = AudioFrames.captureTimeUs(late.frames.get(0).frame());
        long batchUs = LatencyPreset.LIVE.batchMs() * 1000L;
        assertEquals(lateFirstCaptureUs, earliestCaptureUs(late), "the first frame is the oldest");
        assertTrue(lateFirstCaptureUs >= joinedLateUs - d * 1000L - batchUs - 20_000,
                "the late listener's first packet is not older than now − D − one batch: " + (joinedLateUs - d * 1000L - lateFirstCaptureUs) / 1000 + " ms before join − D");
        assertTrue(lateFirstCaptureUs <= lateFirstArrivalUs - d * 1000L + 20_000,
                "the late listener's first packet is due by the time it arrives (no hole at the start): "
                        + (lateFirstCaptureUs - (lateFirstArrivalUs - d * 1000L)) / 1000 + " ms after arrival − D");
        List<Map.Entry<Long, byte[]>> got = packets(late, Tier.HIGH);
        for (int i = 1; i < got.size(); i++) {
            assertEquals(got.get(i - 1).getKey() + 1, got.get(i).getKey(), "replay and live stream join without gap or duplicate");
        }

        leave(first);
        assertTrue(reader.assignedRooms().contains(roomId), "one listener left: still read");
        leave(late);
        await().atMost(WAIT).until(() -> !reader.assignedRooms().contains(roomId));
        int frames = late.frames.size();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> late.frames.size() == frames);
    }

    static String describe(WsGuest g) {
        StringBuilder b = new StringBuilder();
        for (Tier t : Tier.values()) {
            b.append(t.wire()).append('=').append(packets(g, t).size()).append(' ');
        }
        return b.toString();
    }

    /** When the guest had received ms of audio. */
    static long timeToAudio(WsGuest g, long ms) {
        long sum = 0;
        for (WsGuest.Received r : g.frames) {
            sum += AudioFrames.packetCount(r.frame()) * 20L;
            if (sum >= ms) {
                return r.atNs();
            }
        }
        throw new AssertionError("not enough audio");
    }

    static long earliestCaptureUs(WsGuest g) {
        return g.frames.stream().mapToLong(r -> AudioFrames.captureTimeUs(r.frame())).min().orElseThrow();
    }

    static List<String> broadcastErrorCodes(WsGuest g) {
        return g.texts("broadcast:error").stream().map(t -> t.path("code").asText()).toList();
    }

    static List<String> errorCodes(WsGuest g) {
        return g.texts("error").stream().map(t -> t.path("code").asText()).toList();
    }
}
