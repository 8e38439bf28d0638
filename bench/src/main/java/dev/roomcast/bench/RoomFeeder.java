package dev.roomcast.bench;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.frame.AudioFrame;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a room's audio topic the way relay-service does: every 20 ms one single-packet frame per
 * tier (high = the real 128 kbps Opus packet; medium/low = its first half/quarter, structurally valid),
 * record timestamp = capture ms, capture time = now.
 */
final class RoomFeeder implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;
    volatile boolean paused;

    RoomFeeder(String bootstrap, String roomId, List<byte[]> packets) {
        producer = KafkaClientsBench.producer(bootstrap);
        String topic = Topics.roomAudio(roomId);
        thread = new Thread(() -> {
            long next = System.nanoTime();
            long seq = 0;
            while (running) {
                long now = System.nanoTime();
                if (now < next) {
                    java.util.concurrent.locks.LockSupport.parkNanos(next - now);
                    continue;
                }
                next += 20_000_000L;
                if (System.nanoTime() - next > 200_000_000L) {
                    next = System.nanoTime();
                }
                if (paused) {
                    continue;
                }
                long us = Bench.nowUs();
                byte[] p = packets.get((int) (seq % packets.size()));
                byte[][] tiers = {p, Arrays.copyOf(p, Math.max(1, p.length / 2)), Arrays.copyOf(p, Math.max(1, p.length / 4))};
                for (Tier t : Tier.values()) {
                    byte[] f = AudioFrame.of(Codec.OPUS, t, seq, us, List.of(tiers[t.id()])).encode();
                    producer.send(new ProducerRecord<>(topic, 0, us / 1000, null, f));
                }
                seq++;
            }
        }, "bench-room-feeder");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
    }
}
