package dev.roomcast.support.kafka;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client settings of every service, tuned for latency: no linger, fetches answered at the
 * first byte, no topic auto-creation. Callers add what is theirs (a group, deserializers) to the returned
 * properties.
 */
public final class KafkaClients {
    private KafkaClients() {}

    /**
     * The fetch wait of a consumer whose partitions are fixed while it reads (a group's, or the
     * shared event topics'). With {@code fetch.min.bytes=1} the broker answers a waiting fetch as
     * soon as a record is appended, so the wait costs no latency; it only sets how often an idle
     * consumer asks again: twice a second instead of 200 times at 5 ms (issue #19: the idle stack
     * burnt 29 % of a core, most of it the broker answering empty fetches).
     */
    public static final int IDLE_FETCH_WAIT_MS = 500;

    /**
     * A consumer: fetches return after {@code fetchMaxWaitMs} or the first byte, no auto-commit
     * (a group consumer that wants it turns it on), new partitions read from the end, topics never
     * auto-created.
     */
    public static Properties consumer(String bootstrap, String clientId, int fetchMaxWaitMs) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs);
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return p;
    }

    /**
     * A producer for live audio: leader ack only, no idempotence, fail fast (audio that is late is
     * useless). {@code maxBlockMs} bounds how long a send may wait for metadata or buffer space.
     */
    public static Properties audioProducer(String bootstrap, String clientId, int maxBlockMs) {
        Properties p = base(bootstrap, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.RETRIES_CONFIG, 2);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
        return p;
    }

    /** A producer for records that must not be lost (chat, events): every replica acks, idempotent. */
    public static Properties reliableProducer(String bootstrap, String clientId) {
        Properties p = base(bootstrap, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
        return p;
    }

    private static Properties base(String bootstrap, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return p;
    }
}
