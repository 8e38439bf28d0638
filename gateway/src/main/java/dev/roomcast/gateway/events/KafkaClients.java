package dev.roomcast.gateway.events;

import dev.roomcast.protocol.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's Kafka clients, tuned for latency (linger 0, fetch wait of a few ms): one producer
 * for chat (acks=all), one for audio (acks=1), consumers built on demand.
 */
@ApplicationScoped
public class KafkaClients {
    private final String bootstrap;
    private volatile KafkaProducer<String, String> chatProducer;
    private volatile KafkaProducer<String, byte[]> audioProducer;

    public KafkaClients(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.bootstrap = bootstrap;
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** Producer for records that must not be lost (chat): acks=all, idempotent. */
    public KafkaProducer<String, String> reliableProducer() {
        if (chatProducer == null) {
            synchronized (this) {
                if (chatProducer == null) {
                    chatProducer = new KafkaProducer<>(producerProps("all"), new StringSerializer(), new StringSerializer());
                }
            }
        }
        return chatProducer;
    }

    /** Producer for audio frames: acks=1, no retries worth waiting for (a late frame is useless). */
    public KafkaProducer<String, byte[]> audioProducer() {
        if (audioProducer == null) {
            synchronized (this) {
                if (audioProducer == null) {
                    Properties p = producerProps("1");
                    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
                    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "2000");
                    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "1500");
                    audioProducer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
                }
            }
        }
        return audioProducer;
    }

    private Properties producerProps(String acks) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, acks);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return p;
    }

    /** A consumer without a group (the caller assigns partitions), never auto-creating topics. */
    public <V> KafkaConsumer<String, V> consumer(org.apache.kafka.common.serialization.Deserializer<V> values, String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return new KafkaConsumer<>(p, new StringDeserializer(), values);
    }

    /** Creates the shared topics if they are missing (a fresh broker), ignoring ones that exist. */
    public void ensureSharedTopics(int partitions) throws InterruptedException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            for (String topic : List.of(Topics.ROOM_EVENTS, Topics.CHAT_INGEST, Topics.AUDIO_INGEST)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
                            .configs(Map.of("retention.ms", topic.equals(Topics.CHAT_INGEST) ? "604800000" : "600000"))))
                            .all().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("Kafka did not answer creating " + topic, e);
                }
            }
        }
    }

    @PreDestroy
    void close() {
        if (chatProducer != null) {
            chatProducer.close(java.time.Duration.ofSeconds(2));
        }
        if (audioProducer != null) {
            audioProducer.close(java.time.Duration.ofSeconds(1));
        }
    }
}
