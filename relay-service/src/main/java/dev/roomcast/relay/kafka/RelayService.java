package dev.roomcast.relay.kafka;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.relay.pipeline.LadderSettings;
import dev.roomcast.relay.pipeline.Output;
import dev.roomcast.relay.pipeline.RoomPipeline;
import dev.roomcast.relay.pipeline.Scratch;
import dev.roomcast.support.kafka.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the relay: warms the codecs, then one consumer thread reads {@code roomcast.audio.ingest}
 * (group {@code relay}, so rooms spread over replicas by partition) and hands each record to the
 * codec thread its room is pinned to. A revoked or lost partition drops its rooms' state; an
 * assigned one starts fresh state on the room's first frame.
 */
@ApplicationScoped
public class RelayService {
    private static final Logger LOG = Logger.getLogger(RelayService.class);

    private final RelayConfig config;
    private final RelayMetrics metrics;
    private final String bootstrap;
    private KafkaProducer<String, byte[]> producer;
    private RoomTopicResolver resolver;
    private RoomConfigs roomConfigs;
    private RoomWorker[] workers;
    private Thread ingestThread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private volatile boolean consuming;

    public RelayService(RelayConfig config, RelayMetrics metrics,
                        @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.config = config;
        this.metrics = metrics;
        this.bootstrap = bootstrap;
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        var producerProps = KafkaClients.audioProducer(bootstrap, "relay", 250);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, config.producerLingerMs());
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        resolver = new RoomTopicResolver(bootstrap, producer);
        roomConfigs = new RoomConfigs(bootstrap, config.eventsLookbackMs());
        LadderSettings ladder = new LadderSettings(config.defaultBitrate(), config.highComplexity(),
                config.mediumComplexity(), config.lowComplexity());
        int n = config.workers() > 0 ? config.workers() : Runtime.getRuntime().availableProcessors();
        workers = new RoomWorker[n];
        for (int i = 0; i < n; i++) {
            workers[i] = new RoomWorker(config, ladder, producer, resolver, roomConfigs, metrics);
            Thread t = new Thread(workers[i], "relay-codec-" + i);
            t.setDaemon(true);
            t.start();
        }
        ingestThread = new Thread(() -> {
            warmUp(ladder, config.warmupAudioSeconds());
            consume();
        }, "relay-ingest");
        ingestThread.setDaemon(true);
        ingestThread.start();
    }

    /** Whether the ingest consumer is running (after the codec warm-up). */
    public boolean consuming() {
        return consuming;
    }

    /** Pushes generated audio through a throw-away pipeline so the JIT has compiled the codecs before real rooms come. */
    static void warmUp(LadderSettings ladder, int seconds) {
        if (seconds <= 0) {
            return;
        }
        long t0 = System.nanoTime();
        int packets = seconds * 50;
        RoomPipeline p = new RoomPipeline(ladder, new Scratch(), 0);
        Output sink = (tier, seq, captureUs, frame) -> { };
        try {
            var enc = new io.github.jaredmdobson.concentus.OpusEncoder(Limits.SAMPLE_RATE, Limits.CHANNELS,
                    io.github.jaredmdobson.concentus.OpusApplication.OPUS_APPLICATION_AUDIO);
            enc.setBitrate(128_000);
            short[] pcm = new short[Limits.PACKET_SAMPLES * Limits.CHANNELS];
            byte[] pcmBytes = new byte[Limits.PCM_PACKET_BYTES];
            byte[] buf = new byte[Limits.MAX_OPUS_PACKET];
            for (int k = 0; k < packets; k++) {
                for (int i = 0; i < Limits.PACKET_SAMPLES; i++) {
                    double t = (k * Limits.PACKET_SAMPLES + i) / (double) Limits.SAMPLE_RATE;
                    short v = (short) (8000 * Math.sin(2 * Math.PI * 440 * t) + 4000 * Math.sin(2 * Math.PI * 1330 * t));
                    pcm[2 * i] = v;
                    pcm[2 * i + 1] = (short) -v;
                    pcmBytes[4 * i] = (byte) v;
                    pcmBytes[4 * i + 1] = (byte) (v >> 8);
                    pcmBytes[4 * i + 2] = (byte) -v;
                    pcmBytes[4 * i + 3] = (byte) ((-v) >> 8);
                }
                byte[] frame;
                if (k % 5 == 4) {
                    frame = AudioFrame.of(Codec.PCM_S16LE, Tier.HIGH, k, 0, List.of(pcmBytes.clone())).encode();
                } else {
                    int len = enc.encode(pcm, 0, Limits.PACKET_SAMPLES, buf, 0, buf.length);
                    frame = AudioFrame.of(Codec.OPUS, Tier.HIGH, k, 0, List.of(java.util.Arrays.copyOf(buf, len))).encode();
                }
                p.process(frame, null, 0, 0, sink);
            }
        } catch (io.github.jaredmdobson.concentus.OpusException e) {
            throw new IllegalStateException(e);
        }
        LOG.infof("codec warm-up: %d s of audio in %d ms", seconds, (System.nanoTime() - t0) / 1_000_000);
    }

    private void consume() {
        var props = KafkaClients.consumer(bootstrap, "relay-ingest", config.fetchMaxWaitMs());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        props.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 1000);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, config.sessionTimeoutMs());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(500, config.sessionTimeoutMs() / 3));
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer = c;
        try {
            c.subscribe(List.of(Topics.AUDIO_INGEST), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    dropRooms(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    dropRooms(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    LOG.infof("relay took ingest partitions %s", partitions);
                }
            });
            consuming = true;
            while (running) {
                for (ConsumerRecord<String, byte[]> rec : c.poll(Duration.ofMillis(200))) {
                    String key = rec.key();
                    int w = key == null ? 0 : (key.hashCode() & Integer.MAX_VALUE) % workers.length;
                    workers[w].submit(rec);
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.error("relay ingest consumer failed", e);
        } finally {
            consuming = false;
            try {
                c.close(Duration.ofSeconds(2));
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
    }

    private void dropRooms(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Set<Integer> ids = new HashSet<>();
        partitions.forEach(tp -> ids.add(tp.partition()));
        for (RoomWorker w : workers) {
            w.drop(ids);
        }
        LOG.infof("relay released ingest partitions %s", partitions);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            if (ingestThread != null) {
                ingestThread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (workers != null) {
            for (RoomWorker w : workers) {
                w.stop();
            }
        }
        if (resolver != null) {
            resolver.close();
        }
        if (roomConfigs != null) {
            roomConfigs.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
