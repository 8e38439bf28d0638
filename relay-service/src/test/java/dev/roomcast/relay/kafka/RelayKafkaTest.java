package dev.roomcast.relay.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.bus.TierDemand;
import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.protocol.frame.AudioFrames;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.relay.pipeline.RoomPipeline;
import dev.roomcast.relay.pipeline.TestAudio;
import dev.roomcast.testsupport.Infra;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class RelayKafkaTest {
    private static final String HOST = "u-host-1";
    private static Admin admin;
    private static KafkaProducer<String, byte[]> producer;

    @Inject
    RelayService relay;

    @Inject
    RelayMetrics metrics;

    @BeforeAll
    static void topics() throws Exception {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.get().kafkaBootstrap()));
        create(new NewTopic(Topics.AUDIO_INGEST, 4, (short) 1));
        create(new NewTopic(Topics.ROOM_EVENTS, 4, (short) 1));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.get().kafkaBootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void close() {
        producer.close();
        admin.close();
    }

    static void create(NewTopic topic) throws InterruptedException {
        try {
            admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A new room with its audio topic, as room-service would create it. */
    static String room() throws InterruptedException {
        String roomId = RoomIds.newRoomId();
        create(new NewTopic(Topics.roomAudio(roomId), 1, (short) 1)
                .configs(Map.of("retention.ms", "60000")));
        return roomId;
    }

    static void ingest(String roomId, byte[] frame) {
        ingest(roomId, frame, HOST);
    }

    static void ingest(String roomId, byte[] frame, String sender) {
        var rec = new ProducerRecord<>(Topics.AUDIO_INGEST, roomId, frame);
        rec.headers().add("host", sender.getBytes(StandardCharsets.UTF_8));
        producer.send(rec);
    }

    /** What a gateway with listeners of the room on these tiers sends (TierDemand). */
    static void demand(String roomId, int mask) {
        var rec = new ProducerRecord<>(Topics.AUDIO_INGEST, roomId, TierDemand.encode(mask));
        rec.headers().add(TierDemand.HEADER, new byte[0]);
        producer.send(rec);
    }

    static KafkaConsumer<byte[], byte[]> reader(String topic, boolean fromEnd) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.get().kafkaBootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
        List<TopicPartition> parts = c.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        c.assign(parts);
        if (fromEnd) {
            c.seekToEnd(parts);
            parts.forEach(c::position); // resolve now, before anything is produced
        } else {
            c.seekToBeginning(parts);
        }
        return c;
    }

    static List<ConsumerRecord<byte[], byte[]>> read(KafkaConsumer<byte[], byte[]> c, int count) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            c.poll(Duration.ofMillis(100)).forEach(out::add);
            return out.size() >= count;
        });
        return out;
    }

    static List<RoomEvent> events(List<ConsumerRecord<byte[], byte[]>> recs, String roomId) {
        return recs.stream().map(r -> BusJson.decode(new String(r.value(), StandardCharsets.UTF_8), RoomEvent.class))
                .filter(e -> roomId.equals(e.roomId())).toList();
    }

    /** The broadcast:error events addressed to one room's host (signal changes and stats are ignored). */
    static List<RoomEvent> errors(List<ConsumerRecord<byte[], byte[]>> recs, String roomId) {
        return events(recs, roomId).stream().filter(e -> e.message() instanceof ServerMessage.BroadcastError).toList();
    }

    void awaitConsuming() {
        await().atMost(Duration.ofSeconds(30)).until(relay::consuming);
    }

    @Test
    @DisplayName("host Opus frames come out on the room topic as three tiers while a gateway wants them all: high byte-identical and in order, medium/low the same tone; stats follow")
    void ladderThroughKafka() throws Exception {
        awaitConsuming();
        String roomId = room();
        int count = 100;
        List<byte[]> source = TestAudio.opusSine(440, count, 128_000);
        long t0 = System.currentTimeMillis() * 1000 - 2_000_000;
        try (var events = reader(Topics.ROOM_EVENTS, true); var audio = reader(Topics.roomAudio(roomId), false)) {
            demand(roomId, TierDemand.REENCODED);
            for (int k = 0; k < count; k++) {
                ingest(roomId, TestAudio.hostFrame(Codec.OPUS, k, t0 + k * 20_000L, List.of(source.get(k))));
            }
            List<ConsumerRecord<byte[], byte[]>> recs = read(audio, 3 * count);
            assertEquals(3 * count, recs.size());
            long firstSeq = AudioFrames.sequence(recs.get(0).value());
            List<byte[]> medium = new ArrayList<>();
            List<byte[]> low = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                AudioFrame high = AudioFrames.decode(recs.get(3 * k).value());
                assertEquals(Tier.HIGH, high.tier());
                assertEquals(firstSeq + k, high.sequence());
                assertArrayEquals(source.get(k), high.packets().get(0));
                assertEquals((t0 + k * 20_000L) / 1000, recs.get(3 * k).timestamp(), "record time = capture time");
                AudioFrame m = AudioFrames.decode(recs.get(3 * k + 1).value());
                AudioFrame l = AudioFrames.decode(recs.get(3 * k + 2).value());
                assertEquals(Tier.MEDIUM, m.tier());
                assertEquals(Tier.LOW, l.tier());
                assertEquals(firstSeq + k, l.sequence());
                medium.add(m.packets().get(0));
                low.add(l.packets().get(0));
            }
            double[] src = TestAudio.sineLeft(440, count * Limits.PACKET_SAMPLES);
            for (List<byte[]> tier : List.of(medium, low)) {
                double[] decoded = TestAudio.decodeLeft(tier);
                assertTrue(TestAudio.bestCorrelation(src, decoded, 24_000, 48_000, 1200)[0] > 0.9);
                assertEquals(440, TestAudio.dominantHz(decoded, 24_000, 48_000), 3);
            }
            // keep streaming until a stats window closes
            int[] k = {count};
            List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                // captured 2 s ago (fresh capture times: a loaded machine must not make them stale)
                long capture = System.currentTimeMillis() * 1000 - 2_000_000;
                ingest(roomId, TestAudio.hostFrame(Codec.OPUS, k[0], capture, List.of(source.get(k[0] % count))));
                k[0]++;
                events.poll(Duration.ofMillis(50)).forEach(seen::add);
                return events(seen, roomId).stream().anyMatch(e -> e.message() instanceof ServerMessage.BroadcastStats);
            });
            var stats = (ServerMessage.BroadcastStats) events(seen, roomId).stream()
                    .filter(e -> e.message() instanceof ServerMessage.BroadcastStats).findFirst().orElseThrow().message();
            assertEquals(Tier.HIGH, stats.quality());
            assertTrue(stats.bitrate() > 0);
            assertTrue(stats.latency() >= 1000, "capture times were 2 s in the past: " + stats.latency());
        }
    }

    @Test
    @DisplayName("tiers on demand: with no listener on them only high comes out; a gateway's demand for low brings low from the next"
            + " frame (a fresh encoder: its first packet a discontinuity) and not medium; the demand lapses unless repeated; a bad demand is counted and harms nothing")
    void tiersOnDemand() throws Exception {
        awaitConsuming();
        String roomId = room();
        List<byte[]> source = TestAudio.opusSine(440, 30, 128_000);
        long t0 = System.currentTimeMillis() * 1000 - 2_000_000;
        double badBefore = metrics.badDemands.count();
        try (var audio = reader(Topics.roomAudio(roomId), false)) {
            for (int k = 0; k < 5; k++) {
                ingest(roomId, TestAudio.hostFrame(Codec.OPUS, k, t0 + k * 20_000L, List.of(source.get(k))));
            }
            List<ConsumerRecord<byte[], byte[]>> first = read(audio, 5);
            var bad = new ProducerRecord<>(Topics.AUDIO_INGEST, roomId, new byte[] {9, 9});
            bad.headers().add(TierDemand.HEADER, new byte[0]);
            producer.send(bad);
            demand(roomId, TierDemand.bit(Tier.LOW));
            for (int k = 5; k < 10; k++) {
                ingest(roomId, TestAudio.hostFrame(Codec.OPUS, k, t0 + k * 20_000L, List.of(source.get(k))));
            }
            first.addAll(read(audio, 10));
            List<AudioFrame> out = first.stream().map(r -> AudioFrames.decode(r.value())).toList();
            assertEquals(List.of(Tier.HIGH, Tier.HIGH, Tier.HIGH, Tier.HIGH, Tier.HIGH), out.subList(0, 5).stream().map(AudioFrame::tier).toList(),
                    "no one on medium or low: nothing re-encoded");
            for (int k = 5; k < 10; k++) {
                AudioFrame high = out.get(5 + 2 * (k - 5));
                AudioFrame low = out.get(6 + 2 * (k - 5));
                assertEquals(Tier.HIGH, high.tier());
                assertEquals(Tier.LOW, low.tier(), "low from the first frame after the demand, medium never");
                assertEquals(high.sequence(), low.sequence());
                assertEquals(high.captureTimeUs() - RoomPipeline.REENCODE_DELAY_US, low.captureTimeUs());
                assertEquals(k == 5 ? AudioFrame.FLAG_DISCONTINUITY : 0, low.flags(), "packet " + k + " of low");
            }
            assertEquals(1, metrics.badDemands.count() - badBefore, 1e-9);
            // unless a gateway says it again, the demand lapses: frames keep coming, and low stops with it
            List<Tier> tiers = new ArrayList<>();
            int[] k = {10};
            await("lapsed: high only, five frames in a row").atMost(Duration.ofMillis(TierDemand.FRESH_MS + 15_000))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        long capture = System.currentTimeMillis() * 1000 - 2_000_000;
                        ingest(roomId, TestAudio.hostFrame(Codec.OPUS, k[0], capture, List.of(source.get(k[0] % source.size()))));
                        k[0]++;
                        audio.poll(Duration.ofMillis(50)).forEach(r -> tiers.add(AudioFrames.decode(r.value()).tier()));
                        return tiers.size() >= 5 && tiers.subList(tiers.size() - 5, tiers.size()).stream().allMatch(t -> t == Tier.HIGH);
                    });
            assertTrue(tiers.contains(Tier.LOW), "low went on while the demand held: " + tiers);
        }
    }

    @Test
    @DisplayName("the aux passed: the new sender's first frames reach the relay before the old sender's last ones, yet the room topic"
            + " carries the audio in capture order with the room sequence going on (no frame a gateway would drop as going back)")
    void handoffComesOutInCaptureOrder() throws Exception {
        awaitConsuming();
        String roomId = room();
        List<byte[]> source = TestAudio.opusSine(440, 20, 128_000);
        long t0 = System.currentTimeMillis() * 1000 - 2_000_000;
        try (var audio = reader(Topics.roomAudio(roomId), false)) {
            for (int k = 0; k < 8; k++) { // the old broadcaster up to two packets before the cut
                ingest(roomId, TestAudio.hostFrame(Codec.OPUS, k, t0 + k * 20_000L, List.of(source.get(k))), HOST);
            }
            for (int k = 10; k < 13; k++) { // the new one from the cut, its frames arriving first
                ingest(roomId, TestAudio.hostFrame(Codec.OPUS, k - 10, t0 + k * 20_000L, List.of(source.get(k))), "u_newbroadcaster");
            }
            for (int k = 8; k < 10; k++) { // the old one's last two
                ingest(roomId, TestAudio.hostFrame(Codec.OPUS, k, t0 + k * 20_000L, List.of(source.get(k))), HOST);
            }
            for (int k = 13; k < 20; k++) {
                ingest(roomId, TestAudio.hostFrame(Codec.OPUS, k - 10, t0 + k * 20_000L, List.of(source.get(k))), "u_newbroadcaster");
            }
            List<AudioFrame> high = read(audio, 20).stream().map(r -> AudioFrames.decode(r.value()))
                    .filter(f -> f.tier() == Tier.HIGH).toList();
            assertEquals(20, high.size());
            for (int k = 0; k < 20; k++) {
                assertEquals(t0 + k * 20_000L, high.get(k).captureTimeUs(), "packet " + k + " in capture order");
                assertEquals(high.get(0).sequence() + k, high.get(k).sequence(), "the room sequence goes on");
                assertEquals(k == 0 || k == 10 ? AudioFrame.FLAG_DISCONTINUITY : 0, high.get(k).flags(),
                        "packet " + k + ": the first of each sender is a discontinuity, no other");
            }
        }
    }

    @Test
    @DisplayName("garbage and unknown-codec frames are refused with a broadcast:error to the host and never reach the room topic; good frames keep flowing")
    void refusals() throws Exception {
        awaitConsuming();
        String garbageRoom = room();
        String codecRoom = room();
        List<byte[]> source = TestAudio.opusSine(440, 6, 128_000);
        long t0 = System.currentTimeMillis() * 1000;
        byte[] garbage = TestAudio.hostFrame(Codec.OPUS, 2, t0 + 40_000, List.of(new byte[] {(byte) 0xFF, (byte) 0xFF, 9, 9, 9}));
        byte[] unknownCodec = TestAudio.hostFrame(Codec.OPUS, 2, t0 + 40_000, List.of(source.get(2)));
        unknownCodec[1] = 7;
        double refusedBefore = metrics.refusedTotal();
        try (var events = reader(Topics.ROOM_EVENTS, true);
             var a = reader(Topics.roomAudio(garbageRoom), false);
             var b = reader(Topics.roomAudio(codecRoom), false)) {
            for (String roomId : List.of(garbageRoom, codecRoom)) {
                for (int k = 0; k < 6; k++) {
                    byte[] frame = k != 2 ? TestAudio.hostFrame(Codec.OPUS, k, t0 + k * 20_000L, List.of(source.get(k)))
                            : roomId.equals(garbageRoom) ? garbage : unknownCodec;
                    ingest(roomId, frame);
                }
                ingest(roomId, new byte[] {1, 2, 3}); // not even a header; rate-limited: no second error
            }
            List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                events.poll(Duration.ofMillis(100)).forEach(seen::add);
                return errors(seen, garbageRoom).size() >= 1 && errors(seen, codecRoom).size() >= 1;
            });
            RoomEvent g = errors(seen, garbageRoom).get(0);
            assertEquals(HOST, g.toUserId());
            assertEquals(ErrorCode.BAD_FRAME, ((ServerMessage.BroadcastError) g.message()).code());
            RoomEvent c = errors(seen, codecRoom).get(0);
            assertEquals(HOST, c.toUserId());
            assertEquals(ErrorCode.BAD_CODEC, ((ServerMessage.BroadcastError) c.message()).code());

            for (var reader : List.of(a, b)) {
                List<ConsumerRecord<byte[], byte[]>> recs = read(reader, 5);
                recs.addAll(reader.poll(Duration.ofMillis(300)).records(reader.assignment().iterator().next()));
                assertEquals(5, recs.size(), "5 good packets (high: no listener wants another tier), nothing of the refused frames");
                List<byte[]> highs = recs.stream().map(ConsumerRecord::value)
                        .filter(v -> AudioFrames.tierId(v) == Tier.HIGH.id()).toList();
                List<byte[]> expected = List.of(source.get(0), source.get(1), source.get(3), source.get(4), source.get(5));
                for (int i = 0; i < 5; i++) {
                    assertArrayEquals(expected.get(i), AudioFrames.decode(highs.get(i)).packets().get(0));
                }
                assertEquals(AudioFrame.FLAG_DISCONTINUITY, AudioFrames.flags(highs.get(2)), "the packet after a refusal is marked");
            }
            events.poll(Duration.ofMillis(200)).forEach(seen::add);
            assertEquals(1, errors(seen, garbageRoom).size(), "at most one error per second per room");
            assertTrue(metrics.refusedTotal() - refusedBefore >= 4);
        }
    }

    @Test
    @DisplayName("a room whose topic already holds frames continues after the last sequence (relay fail-over); a room without a topic is dropped and no topic is created")
    void sequenceContinuesAndMissingTopicIsNotCreated() throws Exception {
        awaitConsuming();
        String roomId = room();
        long t0 = System.currentTimeMillis() * 1000;
        List<byte[]> source = TestAudio.opusSine(440, 3, 128_000);
        // what a relay that died had written: sequence 5000 as its last packet
        producer.send(new ProducerRecord<>(Topics.roomAudio(roomId), null,
                AudioFrame.of(Codec.OPUS, Tier.LOW, 5000, t0, List.of(source.get(0))).encode())).get();
        String noTopic = RoomIds.newRoomId();
        try (var audio = reader(Topics.roomAudio(roomId), true)) {
            for (int k = 0; k < 3; k++) {
                ingest(noTopic, TestAudio.hostFrame(Codec.OPUS, k, t0 + k * 20_000L, List.of(source.get(k))));
                ingest(roomId, TestAudio.hostFrame(Codec.OPUS, k, t0 + k * 20_000L, List.of(source.get(k))));
            }
            List<ConsumerRecord<byte[], byte[]>> recs = read(audio, 3);
            assertEquals(5001, AudioFrames.sequence(recs.get(0).value()));
            assertEquals(5003, AudioFrames.sequence(recs.get(2).value()));
            assertEquals(AudioFrame.FLAG_DISCONTINUITY, AudioFrames.flags(recs.get(0).value()));
        }
        Set<String> topics = admin.listTopics().names().get();
        assertFalse(topics.contains(Topics.roomAudio(noTopic)));
        assertTrue(metrics.droppedNoTopic.count() >= 1);
    }

    @Test
    @DisplayName("health is UP once the consumer runs, and the relay's meters are exported")
    void healthAndMetrics() {
        awaitConsuming();
        RestAssured.get("/q/health/ready").then().statusCode(200);
        String prom = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(prom.contains("roomcast_relay_packets_in"));
        assertTrue(prom.contains("roomcast_relay_transcode_seconds"));
    }
}
