package dev.roomcast.chat;

import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.ChatIngest;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.testsupport.Infra;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The test side of the bus, on the test JVM's real broker: a producer of ChatIngest records (what
 * a gateway sends) and a tap that reads every roomcast.room.events record from the end, like a gateway.
 */
public final class TestBus {
    private static TestBus instance;

    private final KafkaProducer<String, String> producer;
    private final List<RoomEvent> events = new CopyOnWriteArrayList<>();

    private TestBus() {
        String bootstrap = Infra.get().kafkaBootstrap();
        ensureTopics(bootstrap);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(p);

        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> tap = new KafkaConsumer<>(c);
        List<TopicPartition> parts = tap.partitionsFor(Topics.ROOM_EVENTS).stream()
                .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
        tap.assign(parts);
        tap.seekToEnd(parts);
        parts.forEach(tap::position); // resolve the end now, before any test produces
        Thread t = new Thread(() -> {
            while (true) {
                for (ConsumerRecord<String, String> r : tap.poll(Duration.ofMillis(200))) {
                    events.add(BusJson.decode(r.value(), RoomEvent.class));
                }
            }
        }, "test-events-tap");
        t.setDaemon(true);
        t.start();
    }

    public static synchronized TestBus get() {
        if (instance == null) {
            instance = new TestBus();
        }
        return instance;
    }

    /** Sends a chat message as a gateway would; returns the record's partition and offset. */
    public RecordMetadata send(String roomId, String userId, String text) {
        return send(roomId, BusJson.encode(new ChatIngest(roomId, userId, "name-" + userId, false, text, "gw-test",
                System.currentTimeMillis(), null, null)));
    }

    /** Sends a record as a gateway would for this socket: its device hash, and (host) a deletion. */
    public RecordMetadata send(ChatIngest ingest) {
        return send(ingest.roomId(), BusJson.encode(ingest));
    }

    public RecordMetadata send(String key, String json) {
        try {
            return producer.send(new ProducerRecord<>(Topics.CHAT_INGEST, key, json)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends many without waiting for each (one burst), then waits for all. */
    public void sendAll(String roomId, List<String> userIds, List<String> texts) {
        var futures = new java.util.ArrayList<java.util.concurrent.Future<RecordMetadata>>();
        for (int i = 0; i < texts.size(); i++) {
            String json = BusJson.encode(new ChatIngest(roomId, userIds.get(i), "name", false, texts.get(i), "gw-test",
                    System.currentTimeMillis(), null, null));
            futures.add(producer.send(new ProducerRecord<>(Topics.CHAT_INGEST, roomId, json)));
        }
        producer.flush();
        for (var f : futures) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public List<RoomEvent> events(String roomId) {
        return events.stream().filter(e -> roomId.equals(e.roomId())).toList();
    }

    public List<ServerMessage.ChatMessage> chats(String roomId) {
        return events(roomId).stream().filter(e -> e.toUserId() == null && e.message() instanceof ServerMessage.ChatMessage)
                .map(e -> (ServerMessage.ChatMessage) e.message()).collect(Collectors.toList());
    }

    public List<ServerMessage.Error> errorsTo(String roomId, String userId) {
        return events(roomId).stream().filter(e -> userId.equals(e.toUserId()) && e.message() instanceof ServerMessage.Error)
                .map(e -> (ServerMessage.Error) e.message()).collect(Collectors.toList());
    }

    private static void ensureTopics(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            for (String topic : List.of(Topics.CHAT_INGEST, Topics.ROOM_EVENTS)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(4), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }
}
