package dev.roomcast.client;

import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.message.ServerMessage;
import java.net.URI;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Command line:
 * <pre>
 * host   --url ws://127.0.0.1:8080/ws [--room ID --token T | --name NAME] [--wav FILE | --tone 440]
 *        [--seconds N] [--bitrate 128000] [--batch 1]
 * listen --url ws://127.0.0.1:8080/ws --room ID --guests N [--seconds S] [--tier high|medium|low|auto]
 * </pre>
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("host") || args[0].equals("listen"))) {
            usage();
            System.exit(2);
        }
        Map<String, String> o = options(args);
        URI url = URI.create(o.getOrDefault("url", "ws://127.0.0.1:8080/ws"));
        if (args[0].equals("host")) {
            host(url, o);
        } else {
            listen(url, o);
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }

    private static void host(URI url, Map<String, String> o) throws Exception {
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
        int bitrate = Integer.parseInt(o.getOrDefault("bitrate", "128000"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "1"));
        AudioSource source = o.containsKey("wav") ? WavSource.open(Path.of(o.get("wav")), true)
                : new ToneSource(Double.parseDouble(o.getOrDefault("tone", "440")));
        try (HostClient host = HostClient.connect(url)) {
            System.out.printf("connected as %s, clock offset %+.2f ms (rtt %.2f ms)%n", host.connection().userId(),
                    host.connection().clock().offsetUs() / 1000.0, host.connection().clock().bestRttUs() / 1000.0);
            if (o.containsKey("room")) {
                host.joinAsHost(o.get("room"), o.get("token"));
                System.out.println("room " + host.roomId() + " (rejoined as host)");
            } else {
                ServerMessage.RoomCreated c = host.createRoom(o.getOrDefault("name", "Roomcast client"));
                System.out.println("room " + c.roomId() + " token " + c.hostToken());
            }
            host.startBroadcast(bitrate);
            long sent = host.stream(source, seconds * 50L, batch, bitrate);
            host.stopBroadcast();
            System.out.printf("sent %d packets in %d frames; %d broadcast errors%n", sent, host.sentFrames(), host.errors().size());
            host.errors().forEach(e -> System.out.println("  " + e.code().wire() + ": " + e.message()));
        }
    }

    private static void listen(URI url, Map<String, String> o) throws Exception {
        String room = o.get("room");
        if (room == null) {
            throw new IllegalArgumentException("--room is required");
        }
        int guests = Integer.parseInt(o.getOrDefault("guests", "1"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "10"));
        String tier = o.get("tier");
        List<ListenerClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < guests; i++) {
                ListenerClient l = ListenerClient.connect(url);
                l.join(room, "guest-" + (i + 1));
                if (tier != null) {
                    l.requestTier(tier.equals("auto") ? null : Tier.ofWire(tier));
                }
                clients.add(l);
            }
            System.out.printf("%d guests joined %s; listening %d s%n", guests, room, seconds);
            new CountDownLatch(1).await(seconds, TimeUnit.SECONDS);
            long frames = 0;
            long packets = 0;
            long gaps = 0;
            for (int i = 0; i < clients.size(); i++) {
                Stats s = clients.get(i).stats();
                System.out.printf("guest-%d %s%n", i + 1, s.summary());
                frames += s.frames();
                packets += s.packets();
                gaps += s.gaps();
            }
            List<Long> p50 = clients.stream().map(c -> c.stats().latencyPercentileUs(50)).toList();
            List<Long> p99 = clients.stream().map(c -> c.stats().latencyPercentileUs(99)).toList();
            System.out.printf("total frames=%d packets=%d gaps=%d; worst guest latency p50=%.1f ms p99=%.1f ms%n", frames, packets,
                    gaps, p50.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0,
                    p99.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0);
        } finally {
            clients.forEach(ListenerClient::close);
        }
    }

    private static void usage() {
        System.err.println("""
                usage:
                  host   --url ws://127.0.0.1:8080/ws [--room ID --token T | --name NAME] [--wav FILE | --tone 440]
                         [--seconds N] [--bitrate 128000] [--batch 1]
                  listen --url ws://127.0.0.1:8080/ws --room ID --guests N [--seconds S] [--tier high|medium|low|auto]""");
    }
}
