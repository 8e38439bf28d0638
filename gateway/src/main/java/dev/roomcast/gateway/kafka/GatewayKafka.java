package dev.roomcast.gateway.kafka;

import dev.roomcast.protocol.Topics;
import dev.roomcast.support.kafka.KafkaClients;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This node's Kafka producers (one for chat and events, one for audio), made once on first use
 * with the shared settings ({@link KafkaClients}), and its consumers, built on demand.
 */
@ApplicationScoped
public class GatewayKafka {
    /** The gateway's audio sender thread may wait this long for metadata or buffer space. */
    private static final int AUDIO_MAX_BLOCK_MS = 2000;

    private final String bootstrap;
    private volatile KafkaProducer<String, String> reliable;
    private volatile KafkaProducer<String, byte[]> audio;

    public GatewayKafka(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.bootstrap = bootstrap;
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** For records that must not be lost (chat, listener health). */
    public KafkaProducer<String, String> reliableProducer() {
        if (reliable == null) {
            synchronized (this) {
                if (reliable == null) {
                    reliable = new KafkaProducer<>(KafkaClients.reliableProducer(bootstrap, "gateway-events"),
                            new StringSerializer(), new StringSerializer());
                }
            }
        }
        return reliable;
    }

    /** For host audio frames: a late frame is useless, so nothing waits long. */
    public KafkaProducer<String, byte[]> audioProducer() {
        if (audio == null) {
            synchronized (this) {
                if (audio == null) {
                    audio = new KafkaProducer<>(KafkaClients.audioProducer(bootstrap, "gateway-audio", AUDIO_MAX_BLOCK_MS),
                            new StringSerializer(), new ByteArraySerializer());
                }
            }
        }
        return audio;
    }

    /**
     * A consumer without a group (the caller assigns partitions); an idle fetch returns after
     * {@code fetchWaitMs}, one with data at once.
     */
    public <V> KafkaConsumer<String, V> consumer(Deserializer<V> values, String clientId, int fetchWaitMs) {
        return new KafkaConsumer<>(KafkaClients.consumer(bootstrap, clientId, fetchWaitMs), new StringDeserializer(), values);
    }

    /** Creates the shared topics if they are missing (a fresh broker), ignoring ones that exist. */
    public void ensureSharedTopics(int partitions) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
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
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Kafka did not answer creating " + topic, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted creating " + topic, e);
                }
            }
        }
    }

    @PreDestroy
    void close() {
        if (reliable != null) {
            reliable.close(Duration.ofSeconds(2));
        }
        if (audio != null) {
            audio.close(Duration.ofSeconds(1));
        }
    }
}
