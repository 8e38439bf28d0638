package dev.roomcast.relay.kafka;

import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.AudioConfig;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.support.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The audio configuration of live broadcasts, learnt from {@code broadcast:started} /
 * {@code broadcast:stopped} / {@code room:closed} on the room-events topic (read from
 * {@code lookback} ago at start, then tailed). Gives the codec a host must send and the bitrate
 * PCM is encoded at. A room not (yet) known here accepts both codecs at the default bitrate.
 */
final class RoomConfigs implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RoomConfigs.class);

    private final Map<String, AudioConfig> configs = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final long lookbackMs;
    private final Thread thread;
    private volatile boolean running = true;

    RoomConfigs(String bootstrap, long lookbackMs) {
        this.consumer = new KafkaConsumer<>(KafkaClients.consumer(bootstrap, "relay-room-configs",
                KafkaClients.IDLE_FETCH_WAIT_MS),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.lookbackMs = lookbackMs;
        this.thread = new Thread(this::run, "relay-room-configs");
        thread.setDaemon(true);
        thread.start();
    }

    AudioConfig get(String roomId) {
        return configs.get(roomId);
    }

    private void run() {
        try {
            List<TopicPartition> parts = List.of();
            while (running && parts.isEmpty()) {
                List<PartitionInfo> info;
                try {
                    info = consumer.partitionsFor(Topics.ROOM_EVENTS, Duration.ofSeconds(2));
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    info = List.of(); // missing topic (no auto-creation) or broker not up yet
                }
                parts = info == null ? List.of()
                        : info.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                if (parts.isEmpty()) {
                    synchronized (this) {
                        if (running) {
                            wait(2000); // the topic does not exist yet: look again later (close() wakes us)
                        }
                    }
                }
            }
            consumer.assign(parts);
            Map<TopicPartition, Long> times = new HashMap<>();
            long from = System.currentTimeMillis() - lookbackMs;
            parts.forEach(tp -> times.put(tp, from));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, Duration.ofSeconds(5));
            for (TopicPartition tp : parts) {
                OffsetAndTimestamp o = offsets.get(tp);
                if (o == null) {
                    consumer.seekToEnd(List.of(tp));
                } else {
                    consumer.seek(tp, o.offset());
                }
            }
            while (running) {
                for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(500))) {
                    apply(rec.value());
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.warn("room config listener stopped", e);
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(1));
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
    }

    void apply(byte[] value) {
        if (value == null) {
            return;
        }
        String json = new String(value, StandardCharsets.UTF_8);
        if (!json.contains("broadcast:st") && !json.contains("room:closed")) {
            return; // most events (chat, stats, presence) are not ours: skip the parse
        }
        try {
            RoomEvent e = BusJson.decode(json, RoomEvent.class);
            if (e.message() instanceof ServerMessage.BroadcastStarted s && s.audioConfig() != null) {
                configs.put(s.roomId(), s.audioConfig());
            } else if (e.message() instanceof ServerMessage.BroadcastStopped s) {
                configs.remove(s.roomId());
            } else if (e.message() instanceof ServerMessage.RoomClosed c) {
                configs.remove(c.roomId());
            }
        } catch (RuntimeException ignored) {
            // not an event we understand: not ours to judge
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        consumer.wakeup();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
