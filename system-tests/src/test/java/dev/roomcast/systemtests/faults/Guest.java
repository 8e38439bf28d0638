package dev.roomcast.systemtests.faults;

import dev.roomcast.systemtests.Audio;
import dev.roomcast.systemtests.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Java guest that behaves like the web-ui's socket.js: it joins a room on the high tier, and when
 * its socket drops (or the gateway says {@code server:draining}) it reconnects to the same URL with
 * exponential backoff and full jitter (base 500 ms; after draining, within half the announced time)
 * and joins again. Every packet it receives on any of its connections is kept with its arrival
 * time, so a test can ask when audio came back and what a player with delay D would have heard.
 */
final class Guest implements AutoCloseable {
    /** One received packet: capture time and room sequence, connection number, arrival (wall clock µs). */
    record Rx(long captureUs, long sequence, int connection, long arrivalUs) {}

    private static final long NANO_TO_WALL_US = System.currentTimeMillis() * 1000 - System.nanoTime() / 1000;

    private final URI uri;
    private final String name;
    private final String roomId;
    private final List<WsClient> connections = new CopyOnWriteArrayList<>();
    private final List<Long> connectedAtNs = new CopyOnWriteArrayList<>();
    private final Thread watcher;
    /** Like the web UI's: one per browser, kept across reconnects (so its name comes back with it). */
    private final String deviceKey = "guest-device-" + java.util.UUID.randomUUID().toString().replace("-", "");
    private volatile boolean running = true;
    volatile int playoutDelayMs;

    private Guest(URI uri, String name, String roomId) {
        this.uri = uri;
        this.name = name;
        this.roomId = roomId;
        connectAndJoin();
        watcher = new Thread(this::watch, "guest-" + name);
        watcher.setDaemon(true);
        watcher.start();
    }

    static Guest join(URI uri, String name, String roomId) {
        return new Guest(uri, name, roomId);
    }

    private void connectAndJoin() {
        WsClient ws = WsClient.connect(uri, name + "#" + (connections.size() + 1));
        var joined = ws.join(roomId, name, null, deviceKey);
        playoutDelayMs = joined.path("playoutDelayMs").asInt();
        ws.send(WsClient.msg("quality:request").put("tier", "high"));
        connections.add(ws);
        connectedAtNs.add(System.nanoTime());
    }

    private void watch() {
        int attempt = 0;
        boolean failed = false;
        while (running) {
            WsClient cur = current();
            var draining = cur.first("server:draining", m -> true);
            long delayMs;
            if (failed || cur.isClosed()) {
                delayMs = (long) (ThreadLocalRandom.current().nextDouble() * Math.min(15_000, 500L << Math.min(attempt, 5)));
            } else if (draining.isPresent()) {
                delayMs = (long) (ThreadLocalRandom.current().nextDouble() * draining.get().path("reconnectInMs").asInt(1000) / 2);
            } else {
                sleep(10);
                continue;
            }
            sleep(delayMs);
            if (!running) {
                return;
            }
            try {
                cur.close();
                connectAndJoin();
                attempt = 0;
                failed = false;
            } catch (RuntimeException | AssertionError e) {
                // refused or dropped before room:joined (e.g. a draining gateway): back off and retry
                attempt++;
                failed = true;
            }
        }
    }

    WsClient current() {
        return connections.get(connections.size() - 1);
    }

    int connectionCount() {
        return connections.size();
    }

    /** Nano time at which connection {@code i} (0-based) had joined. */
    long connectedAtNs(int i) {
        return connectedAtNs.get(i);
    }

    /** Every packet received so far, all connections, in arrival order per connection. */
    List<Rx> received() {
        List<Rx> out = new ArrayList<>();
        List<WsClient> distinct = connections;
        for (int c = 0; c < distinct.size(); c++) {
            for (WsClient.Frame f : distinct.get(c).frames()) {
                for (Audio.Packet p : Audio.packets(List.of(f))) {
                    out.add(new Rx(p.captureUs(), p.sequence(), c, f.atNs() / 1000 + NANO_TO_WALL_US));
                }
            }
        }
        return out;
    }

    /** Arrival (nano time) of the first packet on connection {@code c}, or -1. */
    long firstFrameNs(int c) {
        List<WsClient> distinct = connections;
        if (c >= distinct.size() || distinct.get(c).frames().isEmpty()) {
            return -1;
        }
        return distinct.get(c).frames().get(0).atNs();
    }

    /** capture time → sequence, first arrival wins. */
    Map<Long, Long> sequenceByCapture() {
        Map<Long, Long> m = new TreeMap<>();
        for (Rx r : received()) {
            m.putIfAbsent(r.captureUs(), r.sequence());
        }
        return m;
    }

    /**
     * The longest stretch of capture time, within [fromUs, toUs], that a player playing capture T at
     * T + D would have had to fill with silence: no packet for that slot had arrived by T + D. Ms.
     */
    double longestSilenceMs(long fromUs, long toUsWanted, int dMs) {
        // only slots whose play-out time has passed can be judged
        long toUs = Math.min(toUsWanted, System.currentTimeMillis() * 1000 - dMs * 1000L);
        TreeMap<Long, Long> onTime = new TreeMap<>();
        for (Rx r : received()) {
            if (r.captureUs() >= fromUs && r.captureUs() <= toUs && r.arrivalUs() <= r.captureUs() + dMs * 1000L) {
                onTime.putIfAbsent(r.captureUs(), r.arrivalUs());
            }
        }
        if (onTime.isEmpty()) {
            return (toUs - fromUs) / 1000.0;
        }
        long prev = fromUs - 20_000;
        long worst = 0;
        for (long c : onTime.keySet()) {
            worst = Math.max(worst, c - prev - 20_000);
            prev = c;
        }
        worst = Math.max(worst, toUs - prev - 20_000);
        return worst / 1000.0;
    }

    String name() {
        return name;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Duration ms(long ms) {
        return Duration.ofMillis(ms);
    }

    @Override
    public void close() {
        running = false;
        connections.forEach(WsClient::close);
    }
}
