package dev.roomcast.chat.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.chat.Rooms;
import dev.roomcast.chat.TestBus;
import dev.roomcast.chat.history.ChatHistoryStore;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.message.ChatEntry;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.testsupport.Infra;
import dev.roomcast.testsupport.InfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** No acknowledged message is lost, and none is stored twice. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class DeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    RedisDataSource redis;

    @Inject
    ChatHistoryStore store;

    @Inject
    ChatIngestConsumer consumer;

    private final TestBus bus = TestBus.get();

    @Test
    @DisplayName("messages produced while the consumer is stopped wait in Kafka and are stored, once, in order, when it comes back; "
            + "records redelivered after that are not stored twice")
    void stoppedThenResumedThenRedelivered() throws Exception {
        String room = Rooms.open(redis);
        consumer.stop();
        RecordMetadata first;
        try {
            first = bus.send(room, "u_1", "one");
            for (String text : List.of("two", "three", "four", "five")) {
                bus.send(room, "u_1", text); // u_1's whole burst: its bucket is empty after the first pass
            }
            RecordMetadata last = bus.send(room, "u_2", "six");
            TopicPartition tp = new TopicPartition(Topics.CHAT_INGEST, first.partition());
            // acknowledged by Kafka, not yet consumed: the group's committed offset is behind them
            assertTrue(committed(tp) <= first.offset());
            assertTrue(store.history(room).isEmpty());
            assertEquals(last.partition(), first.partition(), "one room, one partition");
        } finally {
            consumer.start();
        }

        await().atMost(WAIT).until(() -> store.history(room).size() == 6);
        List<ChatEntry> stored = store.history(room);
        assertEquals(List.of("one", "two", "three", "four", "five", "six"), stored.stream().map(ChatEntry::message).toList());
        TopicPartition tp = new TopicPartition(Topics.CHAT_INGEST, first.partition());
        await().atMost(WAIT).until(() -> committed(tp) >= first.offset() + 6);

        // a crash after storing but before committing = the same records delivered again
        consumer.stop();
        try (Admin admin = admin()) {
            admin.alterConsumerGroupOffsets("chat", Map.of(tp, new OffsetAndMetadata(first.offset())))
                    .all().get(30, TimeUnit.SECONDS);
        } finally {
            consumer.start();
        }
        await().atMost(WAIT).until(() -> committed(tp) >= first.offset() + 6
                && bus.chats(room).size() == 12);

        assertEquals(stored, store.history(room), "same entries, same ids and timestamps, none twice");
        // u_1's bucket is (nearly) empty again on the replay: its stored messages stay accepted, never refused
        assertTrue(bus.errorsTo(room, "u_1").isEmpty());
        // the redelivered records were published again with their original ids (gateways and clients dedupe by id)
        List<String> ids = bus.chats(room).stream().map(ServerMessage.ChatMessage::id).toList();
        List<String> storedIds = stored.stream().map(ChatEntry::id).toList();
        assertEquals(storedIds, ids.subList(0, 6));
        assertEquals(storedIds, ids.subList(6, 12));
    }

    @Test
    @DisplayName("a Redis restart is ridden out: a message consumed while Redis is down is retried and stored once when it is back")
    void redisRestart() {
        String room = Rooms.open(redis);
        Infra.get().redis().stopProcess();
        try {
            bus.send(room, "u_1", "while redis is down");
            await().atMost(WAIT).until(() -> !consumer.healthy());
        } finally {
            Infra.get().redis().startProcess();
        }
        await().atMost(WAIT).until(() -> bus.chats(room).size() == 1 && consumer.healthy());
        assertEquals(List.of("while redis is down"), store.history(room).stream().map(ChatEntry::message).toList());
        assertEquals(store.history(room).get(0).id(), bus.chats(room).get(0).id());
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.get().kafkaBootstrap());
        return Admin.create(p);
    }

    private static long committed(TopicPartition tp) throws Exception {
        try (Admin admin = admin()) {
            OffsetAndMetadata o = admin.listConsumerGroupOffsets("chat").partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(tp);
            return o == null ? -1 : o.offset();
        }
    }
}
