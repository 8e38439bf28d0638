package dev.roomcast.bench;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code fanout}: one room, its audio topic fed like relay-service does (128 kbps Opus every 20 ms,
 * three tiers), N listeners on real WebSockets on loopback against one gateway process. For each
 * N (1000, 2000, 4000, 8000 as far as it holds) and each batch length the gateway offers (Live 40 ms,
 * Party 100 ms, set through the room's preset) it measures the gateway process CPU, then the floor
 * (FloorServer, a raw NIO sender of the same bytes at the same cadence to as many sockets) in the
 * same run. Connections grow from one N to the next; the side not measured is idle (feed paused).
 * Then (issue #19 item 1; {@code -Dbench.fanout.icecast=false} skips it) Icecast at the same N and
 * page length (IcecastPeer: a private icecast2 fed by ffmpeg with the same Opus packets in Ogg pages
 * of the batch length), measured over the same window length by IcecastListeners; its feed and its
 * listeners exist only around its own window, so it is idle while the gateway and the floor are measured.
 */
final class FanoutBench {
    private FanoutBench() {}

    static void run() throws Exception {
        int windowS = Bench.intProp("bench.fanout.windowS", 10);
        int settleS = Bench.intProp("bench.fanout.settleS", 3);
        int joinWaitS = Bench.intProp("bench.fanout.joinWaitS", 90);
        int joinRetryPerSecond = Bench.intProp("bench.fanout.joinRetryPerSecond", 50);
        int repeats = Math.max(1, Bench.intProp("bench.fanout.repeats", 3));
        int maxN = Bench.intProp("bench.fanout.max", 8000);
        int warmupS = Bench.intProp("bench.fanout.warmupS", 20);
        double openRate = Bench.intProp("bench.fanout.openPerSecond", 400);
        List<String> presets = List.of(System.getProperty("bench.fanout.presets", "live,party").split(","));
        String gatewayOpts = System.getProperty("bench.gatewayOpts", Bench.javaOpts());
        Bench.Stack s = Bench.Stack.start(false, gatewayOpts);
        // the room starts in the first preset measured: joining thousands under 40 ms batches when only
        // 100 ms ones are measured would load the box for nothing
        Rest.Room room = Rest.liveRoom(s, presets.get(0));
        List<byte[]> packets = Opus.encode(500, 128_000);
        Path pf = Bench.work().resolve("packets.bin");
        try (var out = new java.io.DataOutputStream(Files.newOutputStream(pf))) {
            for (byte[] p : packets) {
                out.writeShort(p.length);
                out.write(p);
            }
        }
        int floorPort = Proc.freePort();
        Proc floor = Proc.start("floor", List.of(Proc.javaBin(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                benchJar(), FloorServer.class.getName(),
                String.valueOf(floorPort), pf.toString()), Map.of(), floorPort, Bench.logs());
        floor.awaitLogLine("READY", java.time.Duration.ofSeconds(30));
        BufferedWriter floorCmd = new BufferedWriter(new OutputStreamWriter(floor.process.getOutputStream(), StandardCharsets.UTF_8));
        boolean icecastOn = Boolean.parseBoolean(System.getProperty("bench.fanout.icecast", "true"));
        int icecastOpenRate = Bench.intProp("bench.fanout.icecastOpenPerSecond", 1000);
        IcecastPeer ice = icecastOn ? IcecastPeer.start(packets, Math.max(20_000, 2 * maxN + 100)) : null;

        try (RoomFeeder feeder = new RoomFeeder(s.kafka, room.id(), packets);
             WsLoadGen gw = new WsLoadGen(new InetSocketAddress("127.0.0.1", s.gateway.port));
             WsLoadGen fl = new WsLoadGen(new InetSocketAddress("127.0.0.1", floorPort));
             IcecastListeners il = ice == null ? null : new IcecastListeners(new InetSocketAddress("127.0.0.1", ice.port), IcecastPeer.MOUNT)) {
            String join = "{\"type\":\"room:join\",\"roomId\":\"" + room.id() + "\",\"username\":\"l%d\"}";
            Bench.sleep(2000);
            for (int n = Bench.intProp("bench.fanout.min", 1000); n <= maxN; n *= 2) {
                feeder.paused = false;
                int have = gw.openCount();
                long t0 = System.nanoTime();
                int opened = gw.open(n - have, openRate, 200, i -> String.format(join, have + i), 120_000); // names unique across N (room-service refuses a taken name)
                System.out.printf("[bench] gateway: %d more sockets open in %d ms (%d asked)%n", opened,
                        (System.nanoTime() - t0) / 1_000_000, n - have);
                Bench.sleep(3000);
                // joins go through the gateway's JoinBatcher (one batch call to room-service per round,
                // docs/JOINS.md); a refused one (error:unavailable: queue full or call failed) is resent
                // like a client would, at most joinRetryPerSecond
                long jt0 = System.nanoTime();
                int retried = 0;
                while (gw.call(x -> x.joinedCount()) < n * 0.99 && System.nanoTime() - jt0 < joinWaitS * 1_000_000_000L) {
                    retried += gw.call(x -> x.rejoin(joinRetryPerSecond));
                    Bench.sleep(1000);
                }
                int joinedNow = gw.call(x -> x.joinedCount());
                double joinS = gw.call(x -> {
                    long last = 0;
                    for (WsLoadGen.Conn c : x.conns()) {
                        last = Math.max(last, c.joinedNs);
                    }
                    return last == 0 ? Double.NaN : (last - t0) / 1e9;
                });
                final int retriedFinal = retried;
                System.out.printf("[bench] gateway: %d of %d joined after %d s more (%d joins resent)%n", joinedNow, n,
                        (System.nanoTime() - jt0) / 1_000_000_000L, retried);
                int connected = gw.openCount();
                String texts = gw.call(g -> g.textTypes.toString());
                System.out.println("[bench] gateway text messages so far: " + texts);
                if (warmupS > 0) {
                    // once, at the first N: the gateway's JIT has to settle before any window counts
                    // (the first 1,000-listener window measured 35–45 % per 1,000 without it, 18 % after)
                    Rest.preset(s, room, presets.get(0));
                    System.out.printf("[bench] warming up for %d s%n", warmupS);
                    Bench.sleep(warmupS * 1000L);
                    warmupS = 0;
                }
                boolean holding = true;
                for (String preset : presets) {
                    Rest.preset(s, room, preset);
                    int batchMs = "live".equals(preset) ? 40 : 100;
                    int d = "live".equals(preset) ? 400 : 1200;
                    double[] delivered = new double[repeats];
                    int[] receiving = new int[repeats];
                    for (int r = 0; r < repeats; r++) {
                        Bench.sleep(settleS * 1000L);
                        Quiet.before("fanout gateway n=" + n + " batch=" + batchMs);
                        Measured g = measure(gw, s.gateway.pid(), windowS, batchMs, d);
                        double gForeign = Quiet.foreign();
                        double gLoad = Results.load1();
                        feeder.paused = true;
                        floorCmd.write("batch " + batchMs + "\n");
                        floorCmd.flush();
                        if (fl.openCount() < n) {
                            fl.open(n - fl.openCount(), 2000, 400, null, 60_000);
                        }
                        Bench.sleep(settleS * 1000L);
                        Quiet.before("fanout floor n=" + n + " batch=" + batchMs);
                        Measured f = measure(fl, floor.pid(), windowS, batchMs, d);
                        double fForeign = Quiet.foreign();
                        floorCmd.write("pause\n");
                        floorCmd.flush();
                        int floorN = fl.openCount();
                        IcecastMeasured ic = null;
                        String icecastError = null;
                        if (ice != null) {
                            try {
                                ic = measureIcecast(ice, il, fl, n, batchMs, windowS, settleS, icecastOpenRate);
                            } catch (RuntimeException e) {
                                // the gateway's and the floor's numbers of this repeat still count
                                icecastError = e.toString();
                                System.out.println("[bench] icecast window failed: " + e);
                                il.closeAll();
                                ice.stopFeed();
                            }
                        }
                        feeder.paused = false;
                        var m = Results.point();
                        m.put("listeners", n);
                        m.put("listenersConnected", connected);
                        m.put("listenersJoined", gw.call(x -> x.joinedCount()));
                        m.put("joinAllSeconds", joinS);
                        m.put("joinRetries", retriedFinal);
                        m.put("listenersReceiving", g.receiving);
                        m.put("batchMs", batchMs);
                        m.put("preset", preset);
                        m.put("repeat", r + 1);
                        m.put("gatewayCpuPct", g.cpuPct);
                        m.put("gatewayCpuPctPer1000", g.cpuPct * 1000.0 / n);
                        m.put("floorCpuPctPer1000", f.cpuPct * 1000.0 / Math.max(1, floorN));
                        m.put("ratioToFloor", (g.cpuPct / n) / (f.cpuPct / Math.max(1, floorN)));
                        m.put("gatewayRssMb", s.gateway.rssMb());
                        m.put("deliveredRateMinPct", g.deliveredMinPct);
                        m.put("deliveredRateMedianPct", g.deliveredMedianPct);
                        m.put("latencyP50Ms", g.p50);
                        m.put("latencyP99Ms", g.p99);
                        m.put("latencyMaxMs", g.max);
                        m.put("framesLateForDPct", g.latePct);
                        m.put("listenersDowngraded", g.downgraded);
                        m.put("loadGenCpuPct", g.loadGenPct);
                        m.put("floorListeners", floorN);
                        m.put("floorDeliveredRateMinPct", f.deliveredMinPct);
                        m.put("floorLoadGenCpuPct", f.loadGenPct);
                        m.put("windowS", windowS);
                        m.put("gatewayOpts", gatewayOpts);
                        m.put("textMessages", gw.call(x -> x.textTypes.toString()));
                        m.put("gatewayWindowForeignCpuPct", gForeign);
                        m.put("gatewayWindowLoad1", gLoad);
                        m.put("floorWindowForeignCpuPct", fForeign);
                        if (icecastError != null) {
                            m.put("icecastError", icecastError);
                        }
                        if (ic != null) {
                            // per listener connected, like the floor; ratioToIcecast compares per-listener costs
                            m.put("icecastCpuPct", ic.cpuPct);
                            m.put("icecastCpuPctPer1000", ic.cpuPct * 1000.0 / Math.max(1, ic.w.open()));
                            m.put("ratioToIcecast", (g.cpuPct / n) / (ic.cpuPct / Math.max(1, ic.w.open())));
                            m.put("icecastPageMs", batchMs);
                            m.put("icecastListeners", ic.w.open());
                            m.put("icecastListenersReceiving", ic.w.receiving());
                            m.put("icecastListenersDroppedInWindow", ic.w.closedDuring());
                            m.put("icecastOpenFailed", ic.failedToOpen);
                            m.put("icecastWorstListenerPct", IcecastListeners.min(ic.w.bodyBytesPerSecond()) * 100.0 / ice.bodyBytesPerSecond);
                            m.put("icecastMedianListenerPct", IcecastListeners.median(ic.w.bodyBytesPerSecond()) * 100.0 / ice.bodyBytesPerSecond);
                            m.put("icecastWorstListenerPagesPerSecond", IcecastListeners.min(ic.w.pagesPerSecond()));
                            m.put("icecastOggErrors", ic.w.oggErrors());
                            m.put("icecastStreamKbps", ice.bodyBytesPerSecond * 8 / 1000);
                            m.put("icecastRssMb", ic.rssMb);
                            m.put("icecastFeedCpuPct", ic.feedCpuPct);
                            m.put("icecastLoadGenCpuPct", ic.loadGenPct);
                            m.put("icecastWindowForeignCpuPct", ic.foreignPct);
                            m.put("icecastWindowLoad1", ic.load1);
                            m.put("icecastCloseReasons", ic.closeReasons);
                            m.put("icecastVersion", ice.version);
                        }
                        Results.write("fanout", m);
                        delivered[r] = g.deliveredMinPct;
                        receiving[r] = g.receiving;
                    }
                    java.util.Arrays.sort(delivered);
                    java.util.Arrays.sort(receiving);
                    if (connected < n * 0.95 || gw.call(x -> x.joinedCount()) < n * 0.95 || receiving[repeats / 2] < n * 0.95
                            || delivered[repeats / 2] < 90) {
                        holding = false;
                    }
                }
                if (!holding) {
                    System.out.println("[bench] gateway does not hold " + n + " listeners: stopping here");
                    break;
                }
            }
        } finally {
            try {
                floorCmd.write("quit\n");
                floorCmd.flush();
            } catch (java.io.IOException ignored) {
                // gone
            }
        }
    }

    /**
     * The floor runs from this JVM's own class path (the bench jar under ./run bench; a private copy
     * of the classes keeps a run safe from a rebuild of bench/target meanwhile).
     */
    static String benchJar() {
        String cp = System.getProperty("java.class.path", "");
        return cp.isEmpty() ? Bench.root().resolve("bench/target/bench-0.1.0-SNAPSHOT.jar").toString() : cp;
    }

    record IcecastMeasured(double cpuPct, IcecastListeners.Window w, int failedToOpen, double feedCpuPct, double loadGenPct,
                           double rssMb, double foreignPct, double load1, String closeReasons) {}

    /**
     * Icecast's window: start the feed with pages of batchMs, open n listeners, settle, measure the
     * icecast2 process CPU over windowS while counting every listener's Opus bytes and pages, then
     * close the listeners and stop the feed (Icecast idle again). When this JVM would run out of file
     * descriptors (gateway + floor + Icecast sockets), the floor's are closed first; its next window
     * reopens them.
     */
    static IcecastMeasured measureIcecast(IcecastPeer ice, IcecastListeners il, WsLoadGen fl, int n, int batchMs, int windowS,
                                          int settleS, int openRate) {
        long maxFds = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u
                ? u.getMaxFileDescriptorCount() : Long.MAX_VALUE;
        long usedFds = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u
                ? u.getOpenFileDescriptorCount() : 0;
        if (usedFds + n + 500 > maxFds) {
            int fln = fl.openCount();
            System.out.printf("[bench] icecast: %d fds open of %d: closing the floor's %d sockets first%n", usedFds, maxFds, fln);
            fl.closeSome(fln);
        }
        ice.startFeed(batchMs);
        long t0 = System.nanoTime();
        int opened = il.open(n, openRate, Bench.intProp("bench.fanout.icecastMaxPending", 64), 180_000);
        System.out.printf("[bench] icecast: %d of %d listeners open in %d ms (pages of %d ms)%n", opened, n,
                (System.nanoTime() - t0) / 1_000_000, batchMs);
        Bench.sleep(settleS * 1000L);
        Quiet.before("fanout icecast n=" + n + " batch=" + batchMs);
        long lg0 = il.cpuNs();
        long w0 = System.nanoTime();
        Proc.CpuWindow feedCpu = new Proc.CpuWindow(ice.feed().pid());
        Proc.CpuWindow cpu = new Proc.CpuWindow(ice.pid());
        il.startWindow();
        Quiet.start();
        Bench.sleep(windowS * 1000L);
        double cpuPct = cpu.pct();
        IcecastListeners.Window w = il.endWindow();
        double feedPct = feedCpu.pct();
        Quiet.end();
        double lgPct = (il.cpuNs() - lg0) * 100.0 / (System.nanoTime() - w0);
        double foreign = Quiet.foreign();
        double load1 = Results.load1();
        double rss = ice.server.rssMb();
        String reasons = il.closeReasons();
        il.closeAll();
        ice.stopFeed();
        System.out.printf("[bench] icecast n=%d pages=%d ms: %.1f %% of a core, worst listener %.1f %% of the stream, %d of %d receiving%n",
                n, batchMs, cpuPct, IcecastListeners.min(w.bodyBytesPerSecond()) * 100.0 / ice.bodyBytesPerSecond, w.receiving(), w.open());
        return new IcecastMeasured(cpuPct, w, n - opened, feedPct, lgPct, rss, foreign, load1, reasons);
    }

    record Measured(double cpuPct, double loadGenPct, double deliveredMinPct, double deliveredMedianPct, double p50,
                    double p99, double max, double latePct, int receiving, int downgraded) {}

    static Measured measure(WsLoadGen lg, long pid, int windowS, int batchMs, int playoutDelayMs) {
        long startUs = Bench.nowUs();
        long endUs = startUs + windowS * 1_000_000L;
        lg.call(g -> {
            for (WsLoadGen.Conn c : g.conns()) {
                c.windowPackets = 0;
                c.lateFrames = 0;
                c.downgradedFrames = 0;
                c.frames = 0;
            }
            g.latency.reset();
            g.windowStartUs = startUs;
            g.windowEndUs = endUs;
            g.lateThresholdUs = playoutDelayMs * 1000L;
            g.recording = true;
            return null;
        });
        long lg0 = lg.cpuNs();
        long t0 = System.nanoTime();
        Proc.CpuWindow cpu = new Proc.CpuWindow(pid);
        Quiet.start();
        Bench.sleep(windowS * 1000L);
        double cpuPct = cpu.pct();
        Quiet.end();
        double lgPct = (lg.cpuNs() - lg0) * 100.0 / (System.nanoTime() - t0);
        lg.call(g -> {
            g.recording = false;
            return null;
        });
        Bench.sleep(batchMs + 1500L); // packets captured inside the window may still arrive
        return lg.call(g -> {
            List<WsLoadGen.Conn> open = g.conns().stream().filter(c -> c.state == 2 && (c.joined || c.joinFrame == null)).toList();
            double expected = windowS * 50.0;
            double[] rates = open.stream().mapToDouble(c -> Math.min(100.0, c.windowPackets * 100.0 / expected)).sorted().toArray();
            long frames = open.stream().mapToLong(c -> c.frames).sum();
            long late = open.stream().mapToLong(c -> c.lateFrames).sum();
            int receiving = (int) open.stream().filter(c -> c.windowPackets > 0).count();
            int down = (int) open.stream().filter(c -> c.downgradedFrames > 0).count();
            g.windowEndUs = 0;
            return new Measured(cpuPct, lgPct, rates.length == 0 ? 0 : rates[0], rates.length == 0 ? 0 : rates[rates.length / 2],
                    g.latency.pctMs(50), g.latency.pctMs(99), g.latency.maxMs(), frames == 0 ? 0 : late * 100.0 / frames,
                    receiving, down);
        });
    }
}
