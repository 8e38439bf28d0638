package dev.roomcast.gateway.audio;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.bus.TierDemand;
import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.protocol.frame.AudioFrames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * relay-service's Kafka half on the real broker, without its Opus work: reads
 * {@code roomcast.audio.ingest}, splits each host frame into single packets, stamps the room
 * sequence and writes {@code high} (the host's packet unchanged) to {@code room.<id>.audio}, and
 * {@code medium}/{@code low} (stand-in payloads) while a gateway's {@link TierDemand} for them holds.
 * Records the frames and the demands it read per room.
 */
final class StandInRelay implements AutoCloseable {
    record Ingested(String key, String hostHeader, byte[] value) {}

    final Map<String, List<Ingested>> ingested = new ConcurrentHashMap<>();
    /** Per room, the demand masks read, in order. */
    final Map<String, List<Integer>> demands = new ConcurrentHashMap<>();
    private final Map<String, long[]> wantedUntilMs = new ConcurrentHashMap<>();
    private final Map<String, Long> sequence = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;

    StandInRelay(String bootstrap) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(Topics.AUDIO_INGEST, Duration.ofSeconds(10)).stream()
                .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        thread = new Thread(this::run, "stand-in-relay");
        thread.setDaemon(true);
        thread.start();
    }

    List<Ingested> of(String roomId) {
        return ingested.computeIfAbsent(roomId, k -> new CopyOnWriteArrayList<>());
    }

    List<Integer> demandsOf(String roomId) {
        return demands.computeIfAbsent(roomId, k -> new CopyOnWriteArrayList<>());
    }

    private void run() {
        while (running) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                long[] wanted = wantedUntilMs.computeIfAbsent(r.key(), k -> new long[Tier.values().length]);
                if (r.headers().lastHeader(TierDemand.HEADER) != null) {
                    int mask = TierDemand.decode(r.value());
                    demandsOf(r.key()).add(mask);
                    for (Tier t : Tier.values()) {
                        if (mask > 0 && TierDemand.wants(mask, t)) {
                            wanted[t.id()] = System.currentTimeMillis() + TierDemand.FRESH_MS;
                        }
                    }
                    continue;
                }
                Header h = r.headers().lastHeader("host");
                of(r.key()).add(new Ingested(r.key(), h == null ? null : new String(h.value(), StandardCharsets.UTF_8), r.value()));
                AudioFrame f = AudioFrames.decode(r.value());
                for (int i = 0; i < f.packets().size(); i++) {
                    long seq = sequence.merge(r.key(), 1L, Long::sum) - 1;
                    long capture = f.captureTimeUs() + i * 20_000L;
                    byte[] high = f.packets().get(i);
                    for (Tier t : Tier.values()) {
                        if (t != Tier.HIGH && wanted[t.id()] < System.currentTimeMillis()) {
                            continue;
                        }
                        byte[] payload = t == Tier.HIGH ? high : java.util.Arrays.copyOf(high, Math.max(1, high.length >> t.id()));
                        producer.send(new ProducerRecord<>(Topics.roomAudio(r.key()), null, capture / 1000, null,
                                AudioFrame.of(Codec.OPUS, t, seq, capture, List.of(payload)).encode()));
                    }
                }
            }
        }
        consumer.close();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2000);
        producer.close();
    }
}
