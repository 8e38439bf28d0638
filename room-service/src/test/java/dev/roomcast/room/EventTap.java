package dev.roomcast.room;

import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.testsupport.Infra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;


/** A plain KafkaConsumer on roomcast.room.events (all partitions, from the end), like a gateway's. */
public final class EventTap {
    private static EventTap instance;

    private final List<RoomEvent> events = new CopyOnWriteArrayList<>();

    private EventTap() {
        String bootstrap = Infra.get().kafkaBootstrap();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(Topics.ROOM_EVENTS, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(Topics.ROOM_EVENTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        Thread t = new Thread(() -> {
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    events.add(BusJson.decode(r.value(), RoomEvent.class));
                }
            }
        }, "event-tap");
        t.setDaemon(true);
        t.start();
    }

    public static synchronized EventTap get() {
        if (instance == null) {
            instance = new EventTap();
        }
        return instance;
    }

    public List<RoomEvent> of(String roomId) {
        return events.stream().filter(e -> roomId.equals(e.roomId())).toList();
    }

    public List<String> typesOf(String roomId) {
        return of(roomId).stream().map(e -> e.message().type()).toList();
    }

    /** Waits for the room's first event of this type and returns it. */
    public RoomEvent await(String roomId, String type) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> typesOf(roomId).contains(type));
        return of(roomId).stream().filter(e -> e.message().type().equals(type)).findFirst().orElseThrow();
    }
}
