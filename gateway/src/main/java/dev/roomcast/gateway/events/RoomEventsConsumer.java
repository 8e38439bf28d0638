package dev.roomcast.gateway.events;

import dev.roomcast.gateway.kafka.GatewayKafka;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.support.kafka.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads every partition of {@code roomcast.room.events} from the end, on its own thread, without
 * a consumer group (every gateway sees every event), and hands each to the dispatcher.
 */
@ApplicationScoped
public class RoomEventsConsumer {
    private static final Logger LOG = Logger.getLogger(RoomEventsConsumer.class);

    private final GatewayKafka kafka;
    private final RoomEventDispatcher dispatcher;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean assigned = new AtomicBoolean();
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public RoomEventsConsumer(GatewayKafka kafka, RoomEventDispatcher dispatcher) {
        this.kafka = kafka;
        this.dispatcher = dispatcher;
    }

    void start(@Observes StartupEvent ev) {
        running.set(true);
        thread = new Thread(this::run, "room-events");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ev) {
        running.set(false);
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** True once the consumer reads every partition (readiness). */
    public boolean isAssigned() {
        return assigned.get();
    }

    private void run() {
        while (running.get()) {
            try (KafkaConsumer<String, String> c = kafka.consumer(new StringDeserializer(), "room-events",
                    KafkaClients.IDLE_FETCH_WAIT_MS)) {
                consumer = c;
                assign(c);
                while (running.get()) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                        handle(r);
                    }
                }
            } catch (WakeupException e) {
                // shutting down
            } catch (RuntimeException e) {
                assigned.set(false);
                LOG.warnf("room events consumer failed, restarting: %s", e.toString());
                pause();
            }
        }
    }

    private void assign(KafkaConsumer<String, String> c) {
        while (running.get()) {
            try {
                kafka.ensureSharedTopics(4);
                List<PartitionInfo> infos = c.partitionsFor(Topics.ROOM_EVENTS, Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                    c.assign(parts);
                    c.seekToEnd(parts);
                    parts.forEach(c::position);
                    assigned.set(true);
                    return;
                }
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                LOG.debugf("waiting for Kafka: %s", e.toString());
            }
            pause();
        }
    }

    private void handle(ConsumerRecord<String, String> r) {
        try {
            dispatcher.deliver(BusJson.decode(r.value(), RoomEvent.class));
        } catch (RuntimeException e) {
            LOG.warnf("dropped a room event at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
