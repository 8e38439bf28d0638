package dev.roomcast.relay.kafka;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.frame.AudioFrames;
import dev.roomcast.relay.pipeline.RoomPipeline;
import dev.roomcast.relay.pipeline.TestAudio;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Not a test: the ingest → room topic latency through a running relay-service. Produces one
 * 20 ms Opus frame per room every 20 ms (capture time = now) to {@code roomcast.audio.ingest},
 * reads every room topic, and prints p50/p99/max of (receive − capture) per tier, after a warm-up.
 * <pre>java -cp target/test-classes:target/classes:$(deps) dev.roomcast.relay.kafka.RelayLatencyBench 127.0.0.1:9092 10 60</pre>
 */
public final class RelayLatencyBench {
    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        int rooms = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int warmSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        List<String> ids = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            try {
                admin.createTopics(List.of(new NewTopic(Topics.AUDIO_INGEST, 4, (short) 1))).all().get();
            } catch (Exception ignored) {
                // exists
            }
            List<NewTopic> topics = new ArrayList<>();
            for (int i = 0; i < rooms; i++) {
                String id = RoomIds.newRoomId();
                ids.add(id);
                topics.add(new NewTopic(Topics.roomAudio(id), 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        pp.put(ProducerConfig.ACKS_CONFIG, "1");
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        cp.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1);
        List<byte[]> source = TestAudio.opusSine(440, 250, 128_000);
        long[][] lat = new long[3][seconds * 50 * rooms];
        int[] n = new int[3];
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp)) {
            List<TopicPartition> tps = ids.stream().map(id -> new TopicPartition(Topics.roomAudio(id), 0)).toList();
            consumer.assign(tps);
            consumer.seekToEnd(tps);
            tps.forEach(consumer::position);
            long measureFromUs = nowUs() + warmSeconds * 1_000_000L;
            Thread sender = new Thread(() -> {
                long start = System.nanoTime();
                for (int k = 0; k < (warmSeconds + seconds) * 50; k++) {
                    long due = start + k * 20_000_000L;
                    for (long w; (w = due - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(w);
                    }
                    for (String id : ids) {
                        byte[] f = TestAudio.hostFrame(Codec.OPUS, k, nowUs(), List.of(source.get(k % source.size())));
                        var rec = new ProducerRecord<>(Topics.AUDIO_INGEST, id, f);
                        rec.headers().add("host", "bench".getBytes(StandardCharsets.UTF_8));
                        producer.send(rec);
                    }
                }
            });
            sender.start();
            long end = System.currentTimeMillis() + (warmSeconds + seconds + 5) * 1000L;
            while (System.currentTimeMillis() < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = nowUs();
                    byte[] v = r.value();
                    long capture = AudioFrames.captureTimeUs(v);
                    int tier = AudioFrames.tierId(v);
                    if (tier != Tier.HIGH.id()) {
                        capture += RoomPipeline.REENCODE_DELAY_US; // re-encoded tiers are stamped earlier than their source
                    }
                    if (capture >= measureFromUs && n[tier] < lat[tier].length) {
                        lat[tier][n[tier]++] = now - capture;
                    }
                }
            }
            sender.join();
        }
        for (Tier t : Tier.values()) {
            long[] v = Arrays.copyOf(lat[t.id()], n[t.id()]);
            Arrays.sort(v);
            if (v.length == 0) {
                System.out.println(t + ": nothing received");
                continue;
            }
            System.out.printf("%s: %d packets, ingest→room topic p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", t, v.length,
                    v[v.length / 2] / 1000.0, v[(int) (v.length * 0.99)] / 1000.0, v[v.length - 1] / 1000.0);
        }
    }

    private static long nowUs() {
        var i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }
}
