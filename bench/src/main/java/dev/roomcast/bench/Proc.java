package dev.roomcast.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A child process of the bench (broker, redis, a service, the floor sender) with its CPU and RSS from /proc. */
final class Proc implements AutoCloseable {
    static final long CLK_TCK = 100; // getconf CLK_TCK on Linux x86-64

    final String name;
    final Process process;
    final int port;
    final Path log;

    private Proc(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Proc start(String name, List<String> cmd, Map<String, String> env, int port, Path logDir) {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())); // fresh log: READY lines of earlier runs must not count
            pb.environment().putAll(env);
            Proc p = new Proc(name, pb.start(), port, log);
            Bench.register(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service jar as ./run starts it (same JVM options unless overridden). */
    static Proc service(String module, Map<String, String> env, String javaOpts, Path logDir) {
        int port = freePort();
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(javaBin());
        cmd.addAll(List.of(javaOpts.trim().split("[\\s,]+"))); // commas too: BENCH_OPTS is split on spaces
        cmd.add("-jar");
        cmd.add(Bench.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar").toString());
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("PORT", String.valueOf(port));
        e.put("HOST", "127.0.0.1");
        Proc p = start(module, cmd, e, port, logDir);
        p.awaitHttp("http://127.0.0.1:" + port + "/q/health/ready", Duration.ofSeconds(180));
        return p;
    }

    long pid() {
        return process.pid();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    void awaitHttp(String url, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Bench.sleep(200);
        }
        throw new IllegalStateException(name + " not ready in " + timeout + "; see " + log);
    }

    void awaitLogLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(log) && Files.readAllLines(log).stream().anyMatch(l -> l.startsWith(prefix))) {
                    return;
                }
            } catch (IOException | UncheckedIOException e) {
                // retry
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log);
            }
            Bench.sleep(200);
        }
        throw new IllegalStateException(name + " did not print " + prefix + "; see " + log);
    }

    /** utime + stime of the process (all threads), clock ticks. */
    long cpuTicks() {
        return cpuTicks(pid());
    }

    static long cpuTicks(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state=f[0], utime = field 14 overall = f[11], stime = f[12]
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    double rssMb() {
        return rssKb(pid()) / 1024.0;
    }

    static long rssKb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** CPU of a process over a window, % of one core. */
    static final class CpuWindow {
        private final long pid;
        private final long t0;
        private final long c0;

        CpuWindow(long pid) {
            this.pid = pid;
            this.t0 = System.nanoTime();
            this.c0 = cpuTicks(pid);
        }

        double pct() {
            long c1 = cpuTicks(pid);
            double secs = (System.nanoTime() - t0) / 1e9;
            return (c1 - c0) * 100.0 / CLK_TCK / secs;
        }
    }
}
