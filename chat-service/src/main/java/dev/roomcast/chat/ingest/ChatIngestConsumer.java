package dev.roomcast.chat.ingest;

import dev.roomcast.chat.ChatConfig;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads {@code roomcast.chat.ingest} (group {@code chat}) with a plain {@link KafkaConsumer} on its
 * own thread. Each poll's records are decided, stored and published in order; offsets are
 * committed only once every store and publish of a record has succeeded (at least once). A
 * record that fails is retried from its offset after a back-off, with the decision it already
 * got, so a retry neither spends a second rate-limit token nor stores twice (the store's
 * dedupe by id also covers redelivery after a crash or rebalance).
 */
@ApplicationScoped
public class ChatIngestConsumer {
    private static final Logger LOG = Logger.getLogger(ChatIngestConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long EVICT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long STALE_POLL_NANOS = TimeUnit.SECONDS.toNanos(45);

    private final ChatProcessor processor;
    private final ChatConfig config;
    private final String bootstrap;

    private Thread thread;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile long lastPollNanos;
    private volatile boolean failing;
    /** Decisions of records not committed yet, per partition; touched by the consumer thread only. */
    private final Map<TopicPartition, NavigableMap<Long, Decision>> pending = new HashMap<>();

    public ChatIngestConsumer(ChatProcessor processor, ChatConfig config,
                              @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.processor = processor;
        this.config = config;
        this.bootstrap = bootstrap;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    /** Starts consuming (joins the group, resumes from the committed offsets). No-op if running. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        lastPollNanos = System.nanoTime();
        thread = new Thread(this::run, "chat-ingest");
        thread.start();
    }

    /** Stops consuming: finishes the records in hand, commits them, leaves the group. */
    @PreDestroy
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        // no wakeup(): it could abort a commit and make the next owner redo (and republish) records
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    /** True while the consumer thread runs, polls regularly and its last batch went through. */
    public boolean healthy() {
        return running && consumer != null && !failing && System.nanoTime() - lastPollNanos < STALE_POLL_NANOS;
    }

    private void run() {
        if (config.ingest().createTopics()) {
            createTopics();
        }
        Duration backoff = config.ingest().initialBackoff();
        long lastEvict = System.nanoTime();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerProperties())) {
            consumer = c;
            c.subscribe(List.of(Topics.CHAT_INGEST), new Rebalance());
            while (running) {
                try {
                    ConsumerRecords<String, String> records = c.poll(POLL);
                    lastPollNanos = System.nanoTime();
                    boolean ok = records.isEmpty() || handle(c, records);
                    failing = !ok;
                    if (ok) {
                        backoff = config.ingest().initialBackoff();
                    } else {
                        backoff = pause(backoff);
                    }
                    if (System.nanoTime() - lastEvict > EVICT_EVERY_NANOS) {
                        processor.evictIdleBuckets();
                        lastEvict = System.nanoTime();
                    }
                } catch (KafkaException e) {
                    failing = true;
                    LOG.warnf("chat ingest: Kafka error, retrying: %s", e.toString());
                    pending.clear();
                    backoff = pause(backoff);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("chat ingest consumer failed", e);
        } finally {
            consumer = null;
            pending.clear();
            running = false;
        }
    }

    /** Processes one poll's records; returns false if some record must be retried. */
    private boolean handle(KafkaConsumer<String, String> c, ConsumerRecords<String, String> records) {
        record InFlight(TopicPartition tp, long offset, java.util.concurrent.Future<?> publish) {}
        List<InFlight> inFlight = new ArrayList<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        boolean ok = true;
        for (TopicPartition tp : records.partitions()) {
            NavigableMap<Long, Decision> decided = pending.computeIfAbsent(tp, k -> new TreeMap<>());
            for (ConsumerRecord<String, String> r : records.records(tp)) {
                try {
                    Decision d = decided.get(r.offset());
                    if (d == null) {
                        d = processor.decide(r);
                        decided.put(r.offset(), d);
                    }
                    ChatProcessor.Applied applied = processor.apply(d);
                    decided.put(r.offset(), applied.decision());
                    inFlight.add(new InFlight(tp, r.offset(), applied.publish()));
                    next.put(tp, r.offset() + 1);
                } catch (RuntimeException e) {
                    LOG.warnf("chat ingest: %s offset %d failed, will retry: %s", tp, r.offset(), e.toString());
                    c.seek(tp, r.offset());
                    ok = false;
                    break;
                }
            }
        }
        // wait until every publish is acknowledged (acks=all); a failed one is retried from its record
        Map<TopicPartition, Long> failedAt = new HashMap<>();
        for (InFlight f : inFlight) {
            if (f.publish() == null || failedAt.containsKey(f.tp())) {
                continue;
            }
            try {
                f.publish().get();
            } catch (ExecutionException e) {
                LOG.warnf("chat ingest: publishing %s offset %d failed, will retry: %s", f.tp(), f.offset(), e.getCause());
                failedAt.put(f.tp(), f.offset());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failedAt.put(f.tp(), f.offset());
            }
        }
        for (Map.Entry<TopicPartition, Long> e : failedAt.entrySet()) {
            c.seek(e.getKey(), e.getValue());
            next.put(e.getKey(), e.getValue());
            ok = false;
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        next.forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
        if (!commit.isEmpty()) {
            try {
                c.commitSync(commit);
                commit.forEach((tp, o) -> {
                    NavigableMap<Long, Decision> decided = pending.get(tp);
                    if (decided != null) {
                        decided.headMap(o.offset(), false).clear();
                    }
                });
            } catch (KafkaException e) {
                // e.g. the group rebalanced: whoever owns the partitions next re-reads these records,
                // and the store's dedupe keeps them from being stored twice
                LOG.warnf("chat ingest: commit failed: %s", e.toString());
                pending.clear();
                return false;
            }
        }
        return ok;
    }

    private Duration pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(config.ingest().maxBackoff()) > 0 ? config.ingest().maxBackoff() : doubled;
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.ingest().group());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "chat-service-ingest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a new group starts at the beginning: nothing produced before its first commit is skipped
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // never more uncommitted records per partition than the history keeps: the dedupe window (docs/CHAT.md)
        int maxPoll = Math.max(1, Math.min(config.ingest().maxPollRecords(), Math.min(config.historySize(), Limits.CHAT_HISTORY)));
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPoll));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }

    private void createTopics() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        int partitions = config.ingest().topicPartitions();
        try (Admin admin = Admin.create(p)) {
            for (String topic : List.of(Topics.CHAT_INGEST, Topics.ROOM_EVENTS)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                            .all().get(15, TimeUnit.SECONDS);
                    LOG.infof("created topic %s with %d partitions", topic, partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.warnf("cannot create topic %s (the broker may auto-create it): %s", topic, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("cannot create topics (the broker may auto-create them): %s", e.toString());
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(pending::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.debugf("chat ingest: assigned %s", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(pending::remove);
        }
    }
}
