package dev.roomcast.kafkalocal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (KRaft, roles broker+controller) on 127.0.0.1, started in this
 * JVM from the Apache Kafka jars. Used by {@code ./run} (through {@link Main}) and by tests.
 * A data directory that is already formatted is reused, so a restart keeps its topics.
 */
public final class LocalKafka implements AutoCloseable {
    private final KafkaRaftServer server;
    private final int port;
    private final String host;

    private LocalKafka(KafkaRaftServer server, String host, int port) {
        this.server = server;
        this.host = host;
        this.port = port;
    }

    /** Starts a broker on {@code host:port} (0 = a free port), keeping its data in {@code dataDir}. */
    public static LocalKafka start(Path dataDir, String host, int port) {
        int brokerPort = port == 0 ? freePort(host) : port;
        int controllerPort = freePort(host);
        try {
            Files.createDirectories(dataDir);
            Path logDir = dataDir.resolve("kraft-logs");
            Properties props = new Properties();
            props.putAll(Map.ofEntries(
                    Map.entry("process.roles", "broker,controller"),
                    Map.entry("node.id", "1"),
                    Map.entry("controller.quorum.voters", "1@" + host + ":" + controllerPort),
                    Map.entry("listeners", "PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + controllerPort),
                    Map.entry("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort),
                    Map.entry("controller.listener.names", "CONTROLLER"),
                    Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                    Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                    Map.entry("log.dirs", logDir.toString()),
                    Map.entry("num.partitions", "4"),
                    Map.entry("auto.create.topics.enable", "true"),
                    Map.entry("delete.topic.enable", "true"),
                    Map.entry("offsets.topic.replication.factor", "1"),
                    Map.entry("offsets.topic.num.partitions", "4"),
                    Map.entry("transaction.state.log.replication.factor", "1"),
                    Map.entry("transaction.state.log.min.isr", "1"),
                    Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                    Map.entry("share.coordinator.state.topic.min.isr", "1"),
                    Map.entry("group.initial.rebalance.delay.ms", "0"),
                    Map.entry("log.retention.check.interval.ms", "10000"),
                    // the controller appends a no-op record to the metadata log every 500 ms by default,
                    // for brokers elsewhere to see it alive; with one node that is 1.9 % of a core idle
                    // (4.2–4.9 → 2.5–2.9 % measured, broker alone, issue #19)
                    Map.entry("metadata.max.idle.interval.ms", "5000"),
                    Map.entry("log.segment.delete.delay.ms", "1000"),
                    Map.entry("num.network.threads", "2"),
                    Map.entry("num.io.threads", "2"),
                    Map.entry("background.threads", "2"),
                    Map.entry("log.cleaner.threads", "1"),
                    Map.entry("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE))));
            // any broker setting, for experiments: -Dkafkalocal.<name>=<value>
            System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith("kafkalocal."))
                    .forEach(n -> props.put(n.substring("kafkalocal.".length()), System.getProperty(n)));
            KafkaConfig config = new KafkaConfig(props);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                new Formatter()
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setClusterId(Uuid.randomUuid().toString())
                        .setNodeId(1)
                        .setDirectories(List.of(logDir.toString()))
                        .setMetadataLogDirectory(logDir.toString())
                        .setControllerListenerName("CONTROLLER")
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .run();
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            LocalKafka kafka = new LocalKafka(server, host, brokerPort);
            kafka.awaitReady(Duration.ofSeconds(60));
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Kafka", e);
        }
    }

    public String bootstrapServers() {
        return host + ":" + port;
    }

    public int port() {
        return port;
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka did not become ready in " + timeout, e);
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    /** A port that is free on {@code host} right now (for servers started by tests and tools). */
    public static int freePort(String host) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True if something already listens on host:port. */
    public static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
