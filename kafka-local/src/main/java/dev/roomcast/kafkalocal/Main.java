package dev.roomcast.kafkalocal;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a local broker until killed: {@code java -jar kafka-local.jar [--port 9092] [--host 127.0.0.1] [--dir .run/kafka]}.
 * Prints {@code READY host:port} once clients can connect.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("kafka.log.level", "warn"));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        int port = 9092;
        String host = "127.0.0.1";
        Path dir = Path.of(".run", "kafka");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--host" -> host = args[i + 1];
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (LocalKafka.listening(host, port)) {
            System.err.println("port " + port + " is already in use; set KAFKA_PORT to another port");
            System.exit(2);
        }
        LocalKafka kafka = LocalKafka.start(dir, host, port);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stop.countDown();
        }, "kafka-shutdown"));
        System.out.println("READY " + kafka.bootstrapServers());
        System.out.flush();
        stop.await();
    }
}
