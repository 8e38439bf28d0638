package dev.roomcast.bench;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
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
                Bench.root().resolve("bench/target/bench-0.1.0-SNAPSHOT.jar").toString(), FloorServer.class.getName(),
                String.valueOf(floorPort), pf.toString()), Map.of(), floorPort, Bench.logs());
        floor.awaitLogLine("READY", java.time.Duration.ofSeconds(30));
        BufferedWriter floorCmd = new BufferedWriter(new OutputStreamWriter(floor.process.getOutputStream(), StandardCharsets.UTF_8));

        try (RoomFeeder feeder = new RoomFeeder(s.kafka, room.id(), packets);
             WsLoadGen gw = new WsLoadGen(new InetSocketAddress("127.0.0.1", s.gateway.port));
             WsLoadGen fl = new WsLoadGen(new InetSocketAddress("127.0.0.1", floorPort))) {
            String join = "{\"type\":\"room:join\",\"roomId\":\"" + room.id() + "\",\"username\":\"l%d\"}";
            Bench.sleep(2000);
            for (int n = Bench.intProp("bench.fanout.min", 1000); n <= maxN; n *= 2) {
                feeder.paused = false;
                int have = gw.openCount();
                long t0 = System.nanoTime();
                int opened = gw.open(n - have, openRate, 200, i -> String.format(join, i), 120_000);
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
                        floorCmd.write("pause\n");
                        floorCmd.flush();
                        feeder.paused = false;
                        int floorN = fl.openCount();
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
