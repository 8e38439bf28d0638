package dev.roomcast.testsupport;

import dev.roomcast.kafkalocal.LocalKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of our packaged services ({@code <module>/target/quarkus-app/quarkus-run.jar}) running as a
 * real process on a free 127.0.0.1 port, for tests that need the whole stack.
 */
public final class ServiceProcess implements AutoCloseable {
    private final String module;
    private final int port;
    private final Map<String, String> env;
    private final Path log;
    private final HttpClient probe;
    private final URI readyUrl;
    private Process process;

    private ServiceProcess(String module, int port, Map<String, String> env, Path log, HttpClient probe, URI readyUrl) {
        this.module = module;
        this.port = port;
        this.env = env;
        this.log = log;
        this.probe = probe;
        this.readyUrl = readyUrl;
    }

    /** Starts the module's app with these env vars (PORT and HOST are set here) and waits until ready. */
    public static ServiceProcess start(String module, Map<String, String> env, Path logDir) {
        return start(module, env, logDir, null, null);
    }

    /**
     * Like {@link #start(String, Map, Path)}, but ready when {@code probe} gets a 200 from {@code readyUrl}
     * (a gateway serving HTTPS, whose plain HTTP port only redirects); both null: plain HTTP on {@link #port()}.
     */
    public static ServiceProcess start(String module, Map<String, String> env, Path logDir, HttpClient probe, URI readyUrl) {
        ServiceProcess p = new ServiceProcess(module, LocalKafka.freePort("127.0.0.1"), env, logDir.resolve(module + ".log"),
                probe, readyUrl);
        p.launch();
        return p;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (mvnw) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    public static Path appJar(String module) {
        Path jar = repoRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -pl " + module + " package -DskipTests)");
        }
        return jar;
    }

    public synchronized void launch() {
        try {
            Files.createDirectories(log.getParent());
            List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                    "-jar", appJar(module).toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            pb.environment().put("PORT", String.valueOf(port));
            pb.environment().put("HOST", "127.0.0.1");
            process = pb.start();
            try {
                // -Droomcast.serviceStartTimeoutS: more time on a box shared with other builds (default 90)
                awaitReady(Duration.ofSeconds(Long.getLong("roomcast.serviceStartTimeoutS", 90)));
            } catch (RuntimeException e) {
                process.destroyForcibly(); // never leave a half-started service behind
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = probe != null ? probe : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI ready = readyUrl != null ? readyUrl : URI.create(baseUrl() + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(module + " was not ready in " + timeout + "; see " + log);
    }

    /** Graceful stop (SIGTERM). */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A crash (SIGKILL): no shutdown hooks, no goodbyes. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The OS process id (for RSS from /proc, or a signal); -1 when not running. */
    public long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        stop();
    }
}
