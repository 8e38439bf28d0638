package dev.roomcast.relay.kafka;

import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.frame.AudioFrames;
import dev.roomcast.support.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Looks up a room's audio topic when the relay takes a room on, off the codec threads: whether it
 * exists (the relay never creates it) and the sequence to continue from. The sequence is
 * {@code max(last record's sequence + 1, ceil(endOffset / 3))}: the last record is exact after a
 * fail-over; the end offset (never decreasing, even when retention emptied the topic) covers a
 * topic with no records left, since every forwarded packet wrote three records.
 */
final class RoomTopicResolver implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RoomTopicResolver.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** exists=false: the topic is missing; failed: the look-up itself failed (broker slow or away): ask again. */
    record Resolution(String roomId, boolean exists, long firstSequence, boolean failed) {}

    private record Request(String roomId, Consumer<Resolution> callback) {}

    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;

    RoomTopicResolver(String bootstrap, Producer<String, byte[]> producer) {
        this.consumer = new KafkaConsumer<>(KafkaClients.consumer(bootstrap, "relay-topic-resolver", 5),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.producer = producer;
        this.thread = new Thread(this::run, "relay-topic-resolver");
        thread.setDaemon(true);
        thread.start();
    }

    void resolve(String roomId, Consumer<Resolution> callback) {
        requests.add(new Request(roomId, callback));
    }

    private void run() {
        while (running) {
            Request r;
            try {
                r = requests.take();
            } catch (InterruptedException e) {
                break;
            }
            Resolution res;
            try {
                res = lookUp(r.roomId());
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.debugf("room topic look-up failed for %s: %s", r.roomId(), e.toString());
                res = new Resolution(r.roomId(), false, 0, true);
            }
            r.callback().accept(res);
        }
        consumer.close(Duration.ofSeconds(1));
    }

    Resolution lookUp(String roomId) {
        String topic = Topics.roomAudio(roomId);
        List<PartitionInfo> parts = consumer.partitionsFor(topic, TIMEOUT);
        if (parts == null || parts.isEmpty()) {
            return new Resolution(roomId, false, 0, false);
        }
        TopicPartition tp = new TopicPartition(topic, 0);
        long end = consumer.endOffsets(List.of(tp), TIMEOUT).get(tp);
        long begin = consumer.beginningOffsets(List.of(tp), TIMEOUT).get(tp);
        long first = (end + 2) / 3;
        if (end > begin) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, end - 1);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            ConsumerRecord<String, byte[]> last = null;
            while (last == null && System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> recs = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, byte[]> rec : recs.records(tp)) {
                    last = rec;
                }
            }
            consumer.assign(List.of());
            if (last != null && last.value() != null && last.value().length >= AudioFrames.HEADER_BYTES) {
                first = Math.max(first, AudioFrames.sequence(last.value()) + 1);
            }
        }
        // fetch the producer's metadata for the topic now, not on the first packet
        producer.partitionsFor(topic);
        return new Resolution(roomId, true, first & 0xffffffffL, false);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        consumer.wakeup();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
