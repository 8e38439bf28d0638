package dev.roomcast.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.protocol.Topics;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * {@code rooms} (issue #19 item 4): R live rooms × L listeners on one box — broker, redis, room-,
 * chat-, relay-service and one gateway ({@link Bench.Stack}). For each R of {@code bench.rooms.counts}
 * (100, 300, 1000; it stops after the first point that fails badly): R rooms created with
 * {@code POST /api/rooms} (the gateway's per-address creation limit raised for this stack only,
 * through its own property), R × L listeners joined through the gateway, then R hosts ({@link RoomsNet}:
 * one selector thread for all, 128 kbps Opus every 20 ms) go live; after a warm-up one window measures
 * on-time delivery and the CPU of each process; then the rooms are deleted and the topics watched
 * until they are gone. One JSONL line per R in {@code bench/results/rooms.jsonl}.
 */
final class RoomsBench {
    private RoomsBench() {}

    static void run() throws Exception {
        List<Integer> counts = Arrays.stream(System.getProperty("bench.rooms.counts", "100,300,1000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        int listeners = Bench.intProp("bench.rooms.listeners", 4);
        int windowS = Bench.intProp("bench.rooms.windowS", 20);
        int warmupS = Bench.intProp("bench.rooms.warmupS", 15);
        int createConcurrency = Bench.intProp("bench.rooms.createConcurrency", 8);
        int openPerSecond = Bench.intProp("bench.rooms.openPerSecond", 200);
        int liveWaitS = Bench.intProp("bench.rooms.liveWaitS", 120);
        int deleteWaitS = Bench.intProp("bench.rooms.deleteWaitS", 120);
        // the gateway's per-address limit of room creation (GatewayConfig.roomCreatesPerMinute, default
        // 10) raised for this stack only, through the property the gateway reads
        String createLimit = System.getProperty("bench.rooms.createsPerMinute", "1000000");
        String gatewayOpts = System.getProperty("bench.gatewayOpts", Bench.javaOpts())
                + " -Droomcast.gateway.room-creates-per-minute=" + createLimit;
        Bench.Stack s = Bench.Stack.start(true, gatewayOpts);
        long kafkaPid = childPid("kafka-local");
        long redisPid = childPid("redis"); // Debian: redis-server is a link to redis-check-rdb
        List<byte[]> packets = Opus.encode(250, 128_000);
        InetSocketAddress gw = new InetSocketAddress("127.0.0.1", s.gateway.port);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafka,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
             RoomsNet hosts = new RoomsNet(gw, packets, "rooms-hosts");
             RoomsNet ears = new RoomsNet(gw, packets, "rooms-listeners")) {
            for (int r : counts) {
                System.out.printf("[bench] ==== rooms: %d rooms × %d listeners ====%n", r, listeners);
                Map<String, Object> m = Results.point();
                String bad;
                try {
                    bad = point(s, admin, hosts, ears, r, listeners, windowS, warmupS, createConcurrency, openPerSecond,
                            liveWaitS, deleteWaitS, kafkaPid, redisPid, m);
                } catch (Exception e) {
                    // the point is written with what it got so far, and why it ended
                    e.printStackTrace();
                    m.put("error", e.toString());
                    bad = "error: " + e;
                }
                if (bad != null) {
                    m.put("failedBadly", bad);
                }
                m.put("gatewayOpts", gatewayOpts);
                m.put("roomCreatesPerMinute", Integer.parseInt(createLimit));
                Results.write("rooms", m);
                if (bad != null) {
                    System.out.println("[bench] rooms: " + r + " rooms fail badly (" + bad + "): stopping here");
                    break;
                }
            }
        }
    }

    /** Measures one R; fills m; returns why it failed badly, or null. */
    private static String point(Bench.Stack s, Admin admin, RoomsNet hosts, RoomsNet ears, int r, int listeners, int windowS,
                                int warmupS, int createConcurrency, int openPerSecond, int liveWaitS, int deleteWaitS,
                                long kafkaPid, long redisPid, Map<String, Object> m) throws Exception {
        m.put("rooms", r);
        m.put("listenersPerRoom", listeners);
        m.put("relayTiersOnDemand", Bench.relayTiersOnDemand());
        m.put("relayProducerLingerMs", Bench.relayLingerMs());
        m.put("lowListenersPerRoom", RoomsNet.LOW_LISTENERS);
        // ---- 1. create the rooms (POST /api/rooms → room-service, which creates the topic first) ----
        TopicWatch watch = new TopicWatch(admin);
        watch.start();
        List<String[]> rooms = Collections.synchronizedList(new ArrayList<>());
        Hist create = new Hist();
        Map<String, Long> postStartNs = new ConcurrentHashMap<>();
        AtomicInteger createErrors = new AtomicInteger();
        List<String> createErrorSamples = Collections.synchronizedList(new ArrayList<>());
        long ct0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(createConcurrency);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < r; i++) {
                int idx = i;
                fs.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    try {
                        JsonNode j = Rest.call("POST", s.gateway.baseUrl() + "/api/rooms", "{\"roomName\":\"rooms bench " + idx + "\"}", null);
                        long t1 = System.nanoTime();
                        synchronized (create) {
                            create.add((t1 - t0) / 1000);
                        }
                        String id = j.get("roomId").asText();
                        postStartNs.put(Topics.roomAudio(id), t0);
                        rooms.add(new String[] {id, j.get("hostToken").asText()});
                    } catch (Exception e) {
                        createErrors.incrementAndGet();
                        if (createErrorSamples.size() < 3) {
                            createErrorSamples.add(String.valueOf(e.getMessage()));
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double createAllS = (System.nanoTime() - ct0) / 1e9;
        Bench.sleep(500);
        watch.stop();
        List<Double> topicCreate = new ArrayList<>();
        for (var e : postStartNs.entrySet()) {
            Long seen = watch.firstSeen.get(e.getKey());
            if (seen != null) {
                topicCreate.add(Math.max(0, seen - e.getValue()) / 1e6);
            }
        }
        m.put("roomsCreated", rooms.size());
        m.put("roomCreateErrors", createErrors.get());
        if (!createErrorSamples.isEmpty()) {
            m.put("roomCreateErrorSample", createErrorSamples.get(0));
        }
        m.put("roomCreateAllS", createAllS);
        m.put("roomCreateConcurrency", createConcurrency);
        m.put("roomCreateP50Ms", create.pctMs(50));
        m.put("roomCreateP99Ms", create.pctMs(99));
        m.put("roomCreateMaxMs", create.maxMs());
        m.put("topicCreateP50Ms", pct(topicCreate, 50));
        m.put("topicCreateP99Ms", pct(topicCreate, 99));
        m.put("topicCreateSeen", topicCreate.size());
        m.put("topicPollMs", TopicWatch.POLL_MS);
        System.out.printf("[bench] rooms: %d created in %.1f s (p99 %.1f ms, %d errors)%n", rooms.size(), createAllS,
                create.pctMs(99), createErrors.get());
        List<String[]> live = new ArrayList<>(rooms);
        String bad = null;
        try {
            // ---- 2. listeners join (rooms not live yet), 3. hosts go live ----
            long lt0 = System.nanoTime();
            ears.openAll(RoomsNet.Role.LISTENER, live, listeners, openPerSecond, 200, 300_000);
            waitFor(() -> ears.call(g -> (int) g.conns().stream().filter(c -> c.joined).count()) >= live.size() * listeners, 60);
            int joined = ears.call(g -> (int) g.conns().stream().filter(c -> c.joined).count());
            m.put("listenersJoined", joined);
            m.put("listenersJoinAllS", (System.nanoTime() - lt0) / 1e9);
            System.out.printf("[bench] rooms: %d of %d listeners joined in %.1f s%n", joined, live.size() * listeners,
                    (System.nanoTime() - lt0) / 1e9);
            Map<String, Double> gwS0 = metrics(s.gateway);
            Map<String, Double> relayS0 = metrics(s.relay);
            long ht0 = System.nanoTime();
            hosts.openAll(RoomsNet.Role.HOST, live, 1, Math.max(20, openPerSecond / 4), 100, 300_000);
            waitFor(() -> hosts.call(g -> (int) g.conns().stream().filter(c -> c.live).count()) >= live.size(), liveWaitS);
            int hostsLive = hosts.call(g -> (int) g.conns().stream().filter(c -> c.live).count());
            m.put("hostsLive", hostsLive);
            m.put("hostsLiveAllS", (System.nanoTime() - ht0) / 1e9);
            System.out.printf("[bench] rooms: %d of %d hosts live in %.1f s%n", hostsLive, live.size(), (System.nanoTime() - ht0) / 1e9);
            // first frame: host live (broadcast:started at the host) → the listener's first audio frame
            long ff0 = System.nanoTime();
            waitFor(() -> ears.call(g -> (int) g.conns().stream().filter(c -> c.firstFrameNs > 0).count()) >= joined, 30);
            System.out.printf("[bench] rooms: %d listeners have a first frame after %.1f s (%d frames so far)%n",
                    ears.call(g -> (int) g.conns().stream().filter(c -> c.firstFrameNs > 0).count()), (System.nanoTime() - ff0) / 1e9,
                    ears.call(g -> g.conns().stream().mapToLong(c -> c.framesTotal).sum()));
            long[] liveNs = hosts.call(g -> {
                long[] a = new long[live.size()];
                for (RoomsNet.Conn c : g.conns()) {
                    a[c.room] = c.liveNs;
                }
                return a;
            });
            List<Double> first = ears.call(g -> {
                List<Double> l = new ArrayList<>();
                for (RoomsNet.Conn c : g.conns()) {
                    if (c.firstFrameNs > 0 && liveNs[c.room] > 0) {
                        l.add((c.firstFrameNs - liveNs[c.room]) / 1e6);
                    }
                }
                return l;
            });
            // what the services counted while the rooms went live (drops, sheds, catch-up)
            m.put("goLiveGatewayCounters", delta(gwS0, metrics(s.gateway)));
            m.put("goLiveRelayCounters", delta(relayS0, metrics(s.relay)));
            // which audio the first frame carried: its first packet's capture time − the host's first packet's
            long[] startUs = hosts.call(g -> {
                long[] a = new long[live.size()];
                for (RoomsNet.Conn c : g.conns()) {
                    a[c.room] = c.startServerUs;
                }
                return a;
            });
            List<Double> firstCap = ears.call(g -> {
                List<Double> l = new ArrayList<>();
                for (RoomsNet.Conn c : g.conns()) {
                    if (c.firstFrameNs > 0 && startUs[c.room] > 0) {
                        l.add((c.firstCaptureUs - startUs[c.room]) / 1e3);
                    }
                }
                return l;
            });
            m.put("firstFrameCapturedAfterStartP50Ms", pct(firstCap, 50));
            m.put("firstFrameCapturedAfterStartMaxMs", pct(firstCap, 100));
            List<Double> started = ears.call(g -> {
                List<Double> l = new ArrayList<>();
                for (RoomsNet.Conn c : g.conns()) {
                    if (c.startedNs > 0 && liveNs[c.room] > 0) {
                        l.add((c.startedNs - liveNs[c.room]) / 1e6);
                    }
                }
                return l;
            });
            // broadcast:started at the listener − at the host: the room event's way (room-service → Kafka → gateway)
            m.put("startedEventP50Ms", pct(started, 50));
            m.put("startedEventP99Ms", pct(started, 99));
            m.put("listenersWithFirstFrame", first.size());
            m.put("firstFrameP50Ms", pct(first, 50));
            m.put("firstFrameP99Ms", pct(first, 99));
            m.put("firstFrameMaxMs", pct(first, 100));
            m.put("playoutDelayMs", ears.call(g -> g.conns().stream().mapToLong(c -> c.playoutDelayUs).max().orElse(-1000)) / 1000);
            // ---- 4. warm-up, then the window ----
            System.out.printf("[bench] rooms: warming up %d s%n", warmupS);
            Bench.sleep(warmupS * 1000L);
            Quiet.before("rooms r=" + r);
            long wsUs = Bench.nowUs() + 200_000;
            long weUs = wsUs + windowS * 1_000_000L;
            for (RoomsNet n : List.of(hosts, ears)) {
                n.call(g -> {
                    for (RoomsNet.Conn c : g.conns()) {
                        c.windowSent = 0;
                        c.windowPackets = 0;
                        c.onTime = 0;
                        c.late = 0;
                        c.maxLateUs = 0;
                    }
                    g.sendLag.reset();
                    g.latency.reset();
                    g.windowStartUs = wsUs;
                    g.windowEndUs = weUs;
                    return null;
                });
            }
            Map<String, Long> pids = new java.util.LinkedHashMap<>();
            pids.put("gateway", s.gateway.pid());
            pids.put("relay", s.relay.pid());
            pids.put("broker", kafkaPid);
            pids.put("redis", redisPid);
            pids.put("roomService", s.room.pid());
            pids.put("chat", s.chat.pid());
            pids.put("bench", ProcessHandle.current().pid());
            Map<String, Proc.CpuWindow> cpu = new java.util.LinkedHashMap<>();
            pids.forEach((k, v) -> cpu.put(k, new Proc.CpuWindow(v)));
            Map<String, Double> gwM0 = metrics(s.gateway);
            Map<String, Double> relayM0 = metrics(s.relay);
            long busy0 = Quiet.machineBusyTicks();
            long h0 = hosts.cpuNs();
            long e0 = ears.cpuNs();
            long t0 = System.nanoTime();
            Bench.sleep(200 + windowS * 1000L);
            Map<String, Double> pct = new java.util.LinkedHashMap<>();
            cpu.forEach((k, w) -> pct.put(k, w.pct()));
            double secs = (System.nanoTime() - t0) / 1e9;
            // the whole machine (every process, ours and others'), % of one core: 200 = both cores busy
            m.put("machineBusyPct", (Quiet.machineBusyTicks() - busy0) * 100.0 / Proc.CLK_TCK / secs);
            double hostsPct = (hosts.cpuNs() - h0) / 1e7 / secs;
            double earsPct = (ears.cpuNs() - e0) / 1e7 / secs;
            Quiet.end();
            Map<String, Double> gwM1 = metrics(s.gateway);
            Map<String, Double> relayM1 = metrics(s.relay);
            m.put("gatewayCounters", delta(gwM0, gwM1));
            m.put("relayCounters", delta(relayM0, relayM1));
            // gateway produce → relay receive, and the relay's validate + re-encode of one host frame (means over the window)
            m.put("relayIngestHopMeanMs", meanMs(relayM0, relayM1, "roomcast_relay_ingest_hop_seconds"));
            m.put("relayTranscodeMeanMs", meanMs(relayM0, relayM1, "roomcast_relay_transcode_seconds"));
            double loadAfter = Results.load1();
            int liveAtEnd = hosts.call(g -> (int) g.conns().stream().filter(c -> c.live && c.state == 2).count());
            // packets captured in the window may arrive up to D + the batch later
            long dMs = (long) ((Number) m.get("playoutDelayMs")).doubleValue();
            Bench.sleep(Math.max(0, dMs) + 1500);
            long[] sent = hosts.call(g -> {
                long[] a = new long[live.size()];
                for (RoomsNet.Conn c : g.conns()) {
                    a[c.room] = c.windowSent;
                }
                return a;
            });
            Object[] w = ears.call(g -> {
                List<Double> onTimePct = new ArrayList<>();
                int every = 0;
                int nothing = 0;
                long late = 0;
                long packets = 0;
                long maxLateUs = 0;
                for (RoomsNet.Conn c : g.conns()) {
                    if (!c.joined) {
                        continue;
                    }
                    long exp = sent[c.room];
                    double p = exp == 0 ? 0 : Math.min(100.0, c.onTime * 100.0 / exp);
                    onTimePct.add(p);
                    if (exp > 0 && c.onTime >= exp) {
                        every++;
                    }
                    if (c.windowPackets == 0) {
                        nothing++;
                    }
                    late += c.late;
                    packets += c.windowPackets;
                    maxLateUs = Math.max(maxLateUs, c.maxLateUs);
                }
                g.windowEndUs = 0;
                return new Object[] {onTimePct, every, nothing, late, packets, maxLateUs, g.latency.pctMs(50), g.latency.pctMs(99),
                        g.latency.maxMs(), g.stalledWrites, g.textTypes.toString()};
            });
            @SuppressWarnings("unchecked") List<Double> onTimePct = (List<Double>) w[0];
            int listenersCounted = onTimePct.size();
            long expectedPerRoom = Arrays.stream(sent).max().orElse(0);
            m.put("windowS", windowS);
            m.put("warmupS", warmupS);
            m.put("hostsLiveAtEnd", liveAtEnd);
            m.put("packetsSentPerHostInWindow", expectedPerRoom);
            m.put("listenersCounted", listenersCounted);
            m.put("everyFrameOnTimeListenersPct", listenersCounted == 0 ? 0.0 : ((Integer) w[1]) * 100.0 / listenersCounted);
            m.put("worstListenerOnTimePct", pct(onTimePct, 0));
            m.put("medianListenerOnTimePct", pct(onTimePct, 50));
            m.put("listenersReceivingNothing", w[2]);
            m.put("packetsLateOrLostPct", ((Long) w[4]) == 0 ? 100.0 : ((Long) w[3]) * 100.0 / ((Long) w[4]));
            m.put("maxLateMs", ((Long) w[5]) / 1000.0);
            m.put("latencyP50Ms", w[6]);
            m.put("latencyP99Ms", w[7]);
            m.put("latencyMaxMs", w[8]);
            pct.forEach((k, v) -> {
                m.put(k + "CpuPct", v);
                m.put(k + "CpuPctPerRoom", v / r);
            });
            m.put("benchHostsThreadCpuPct", hostsPct);
            m.put("benchListenersThreadCpuPct", earsPct);
            m.put("hostSendLagP99Ms", hosts.call(g -> g.sendLag.pctMs(99)));
            m.put("hostSendLagMaxMs", hosts.call(g -> g.sendLag.maxMs()));
            m.put("hostStalledWrites", hosts.call(g -> g.stalledWrites));
            m.put("load1After", loadAfter);
            m.put("brokerRssMb", Proc.rssKb(kafkaPid) / 1024.0);
            m.put("gatewayRssMb", s.gateway.rssMb());
            m.put("relayRssMb", s.relay.rssMb());
            m.put("redisRssMb", Proc.rssKb(redisPid) / 1024.0);
            int[] tp = partitions(admin);
            m.put("topics", tp[0]);
            m.put("partitions", tp[1]);
            m.put("textMessages", hosts.call(g -> g.textTypes.toString()) + " " + w[10]);
            String hostClose = hosts.call(g -> g.conns().stream().filter(c -> c.closeReason != null).map(c -> c.closeReason)
                    .findFirst().orElse(null));
            if (hostClose != null) {
                m.put("hostCloseSample", hostClose);
            }
            double every = (Double) m.get("everyFrameOnTimeListenersPct");
            m.put("holds", every >= 99.9 && listenersCounted >= r * listeners && liveAtEnd >= r);
            if (rooms.size() < r * 0.9) {
                bad = "only " + rooms.size() + " rooms created";
            } else if (hostsLive < rooms.size() * 0.9) {
                bad = "only " + hostsLive + " hosts went live";
            } else if (joined < rooms.size() * listeners * 0.9) {
                bad = "only " + joined + " listeners joined";
            } else if (every < 50) {
                bad = String.format("only %.1f %% of listeners got every frame on time", every);
            }
        } finally {
            // ---- 5. close the rooms, watch their topics go ----
            hosts.call(g -> {
                g.stopHosts();
                return null;
            });
            TopicWatch gone = new TopicWatch(admin);
            Set<String> names = new HashSet<>();
            for (String[] room : live) {
                names.add(Topics.roomAudio(room[0]));
            }
            gone.watchGone(names);
            gone.start();
            Map<String, Long> delStart = new ConcurrentHashMap<>();
            AtomicInteger delErrors = new AtomicInteger();
            ExecutorService dp = Executors.newFixedThreadPool(createConcurrency);
            Hist del = new Hist();
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (String[] room : live) {
                    fs.add(dp.submit(() -> {
                        long t0 = System.nanoTime();
                        delStart.put(Topics.roomAudio(room[0]), t0);
                        try {
                            Rest.call("DELETE", s.gateway.baseUrl() + "/api/rooms/" + room[0], null, room[1]);
                            synchronized (del) {
                                del.add((System.nanoTime() - t0) / 1000);
                            }
                        } catch (Exception e) {
                            delErrors.incrementAndGet();
                        }
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
            } finally {
                dp.shutdown();
            }
            long dt0 = System.nanoTime();
            while (gone.goneCount() < names.size() && System.nanoTime() - dt0 < deleteWaitS * 1_000_000_000L) {
                Bench.sleep(200);
            }
            gone.stop();
            List<Double> delT = new ArrayList<>();
            for (var e : delStart.entrySet()) {
                Long g = gone.firstGone.get(e.getKey());
                if (g != null) {
                    delT.add(Math.max(0, g - e.getValue()) / 1e6);
                }
            }
            m.put("roomDeleteP99Ms", del.pctMs(99));
            m.put("roomDeleteErrors", delErrors.get());
            m.put("topicDeleteP50Ms", pct(delT, 50));
            m.put("topicDeleteP99Ms", pct(delT, 99));
            m.put("topicDeleteMaxMs", pct(delT, 100));
            m.put("topicsNotDeletedAfterWait", names.size() - delT.size());
            System.out.printf("[bench] rooms: %d rooms deleted, %d of %d topics gone (p99 %.0f ms)%n", live.size() - delErrors.get(),
                    delT.size(), names.size(), pct(delT, 99));
            hosts.closeAll();
            ears.closeAll();
            Bench.sleep(3000);
        }
        return bad;
    }

    private static void waitFor(java.util.function.BooleanSupplier ok, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!ok.getAsBoolean() && System.nanoTime() < deadline) {
            Bench.sleep(250);
        }
    }

    /** p-th percentile (nearest rank; 0 = min, 100 = max), NaN if empty. */
    static double pct(List<Double> v, double p) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int i = (int) Math.ceil(p / 100.0 * a.length) - 1;
        return a[Math.max(0, Math.min(a.length - 1, i))];
    }

    /** The service's roomcast_* counters (Prometheus text of /q/metrics); empty if it does not answer. */
    private static Map<String, Double> metrics(Proc p) {
        Map<String, Double> out = new java.util.TreeMap<>();
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(p.baseUrl() + "/q/metrics"))
                    .timeout(java.time.Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            for (String l : body.split("\n")) {
                if (l.startsWith("roomcast_") && (l.contains("_total") || l.contains("_count") || l.contains("_sum"))) {
                    int sp = l.lastIndexOf(' ');
                    out.put(l.substring(0, sp), Double.parseDouble(l.substring(sp + 1)));
                }
            }
        } catch (Exception e) {
            System.out.println("[bench] rooms: no metrics from " + p.name + ": " + e);
        }
        return out;
    }

    /** Δsum / Δcount of a Micrometer timer (seconds) in ms; NaN if it did not count. */
    private static double meanMs(Map<String, Double> a, Map<String, Double> b, String timer) {
        double sum = 0;
        double count = 0;
        for (var e : b.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(timer + "_sum")) {
                sum += e.getValue() - a.getOrDefault(k, 0.0);
            } else if (k.startsWith(timer + "_count")) {
                count += e.getValue() - a.getOrDefault(k, 0.0);
            }
        }
        return count == 0 ? Double.NaN : sum / count * 1000;
    }

    /** Counters that moved over the window, "name{tags}=delta" joined by spaces. */
    private static String delta(Map<String, Double> a, Map<String, Double> b) {
        StringBuilder sb = new StringBuilder();
        b.forEach((k, v) -> {
            if (k.contains("_sum")) {
                return;
            }
            double d = v - a.getOrDefault(k, 0.0);
            if (d != 0) {
                sb.append(sb.length() == 0 ? "" : " ").append(k.replace("\"", "")).append('=').append(Math.round(d));
            }
        });
        return sb.toString();
    }

    /** Topics and partitions on the broker (internal ones included). */
    private static int[] partitions(Admin admin) {
        try {
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(60, TimeUnit.SECONDS);
            Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS);
            return new int[] {names.size(), d.values().stream().mapToInt(t -> t.partitions().size()).sum()};
        } catch (Exception e) {
            System.out.println("[bench] rooms: cannot describe topics: " + e);
            return new int[] {-1, -1};
        }
    }

    /** A child process of the bench by a word of its command line (the broker, redis-server). */
    private static long childPid(String word) {
        Optional<ProcessHandle> h = ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().or(() -> p.info().command()).map(c -> c.contains(word)).orElse(false)).findFirst();
        return h.orElseThrow(() -> new IllegalStateException("no child process " + word)).pid();
    }

    /** Polls the broker's topic names every POLL_MS: when each appeared, or (watchGone) when each disappeared. */
    static final class TopicWatch {
        static final int POLL_MS = 25;
        final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        final Map<String, Long> firstGone = new ConcurrentHashMap<>();
        private final Admin admin;
        private Set<String> gone;
        private volatile boolean running = true;
        private Thread thread;
        private final Set<String> before = new HashSet<>();

        TopicWatch(Admin admin) {
            this.admin = admin;
        }

        void watchGone(Set<String> names) {
            this.gone = names;
        }

        int goneCount() {
            return firstGone.size();
        }

        void start() {
            try {
                before.addAll(admin.listTopics().names().get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            thread = new Thread(() -> {
                while (running) {
                    try {
                        Set<String> now = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                        long t = System.nanoTime();
                        if (gone == null) {
                            for (String n : now) {
                                if (!before.contains(n)) {
                                    firstSeen.putIfAbsent(n, t);
                                }
                            }
                        } else {
                            for (String n : gone) {
                                if (!now.contains(n)) {
                                    firstGone.putIfAbsent(n, t);
                                }
                            }
                        }
                    } catch (Exception e) {
                        System.out.println("[bench] rooms: topic poll: " + e);
                    }
                    try {
                        Thread.sleep(POLL_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rooms-topic-watch");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
