package dev.roomcast.bench;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code reactions}: one live room of {@code bench.reactions.listeners} (2,000) listeners on one
 * gateway, its audio fed like relay-service does (128 kbps Opus every 20 ms), and
 * {@code bench.reactions.rate} (1,000) reactions a second sent by {@code bench.reactions.senders}
 * (400) of those listeners (2.5 a second each: under the per-socket limit of 3), stamped with the
 * stream time the room hears (now − D) and spread over the six emoji. A window without reactions,
 * then one with them: the gateway's CPU in each, the reactions:update messages each socket got per
 * second (max and median), the reactions they counted, and the audio (packets delivered, frames
 * later than capture + D) in both.
 */
final class ReactionsBench {
    private ReactionsBench() {}

    static final String[] EMOJI = {"\uD83D\uDD25", "\u2764\uFE0F", "\uD83D\uDE02", "\uD83D\uDC4F", "\uD83D\uDE4C", "\uD83D\uDE2E"};

    static void run() throws Exception {
        int listeners = Bench.intProp("bench.reactions.listeners", 2000);
        int rate = Bench.intProp("bench.reactions.rate", 1000);
        int senders = Bench.intProp("bench.reactions.senders", 400);
        int windowS = Bench.intProp("bench.reactions.windowS", 10);
        int warmupS = Bench.intProp("bench.reactions.warmupS", 20);
        String preset = System.getProperty("bench.reactions.preset", "party");
        int batchMs = "live".equals(preset) ? 40 : 100;
        int d = "live".equals(preset) ? 400 : "party".equals(preset) ? 1200 : 5000;
        String gatewayOpts = System.getProperty("bench.gatewayOpts", Bench.javaOpts());
        Bench.Stack s = Bench.Stack.start(false, gatewayOpts);
        Rest.Room room = Rest.liveRoom(s, preset);
        List<byte[]> packets = Opus.encode(500, 128_000);
        try (RoomFeeder feeder = new RoomFeeder(s.kafka, room.id(), packets);
             WsLoadGen gw = new WsLoadGen(new InetSocketAddress("127.0.0.1", s.gateway.port))) {
            String join = "{\"type\":\"room:join\",\"roomId\":\"" + room.id() + "\",\"username\":\"l%d\"}";
            Bench.sleep(2000);
            int opened = gw.open(listeners, 400, 200, i -> String.format(join, i), 120_000);
            long jt0 = System.nanoTime();
            while (gw.call(WsLoadGen::joinedCount) < listeners * 0.99 && System.nanoTime() - jt0 < 90_000_000_000L) {
                gw.call(x -> x.rejoin(50));
                Bench.sleep(1000);
            }
            int joined = gw.call(WsLoadGen::joinedCount);
            System.out.printf("[bench] reactions: %d sockets open, %d joined%n", opened, joined);
            // the baseline first, before any reaction: a window right after reactions stopped would still
            // carry their backlog on a loaded box (the first run measured 1.8 updates/s in its "0/s" window)
            System.out.printf("[bench] warming up for %d s%n", warmupS);
            Bench.sleep(warmupS * 1000L);
            for (int on : new int[] {0, rate}) {
                Sender w = on > 0 ? new Sender(gw, room.id(), on, senders, d) : null;
                if (w != null) {
                    w.start();
                    Bench.sleep(5000); // the gateway's JIT meets the reaction path
                }
                Quiet.before("reactions n=" + listeners + " rate=" + on);
                // the per-socket counts run from here to their read below (the window and the wait after it)
                gw.call(g -> {
                    for (WsLoadGen.Conn c : g.conns()) {
                        c.reactionUpdates = 0;
                        c.reactionsCounted = 0;
                    }
                    return null;
                });
                long sent0 = w == null ? 0 : w.sent.get();
                long sentT0 = System.nanoTime();
                FanoutBench.Measured m = FanoutBench.measure(gw, s.gateway.pid(), windowS, batchMs, d);
                double foreign = Quiet.foreign();
                double sentRate = w == null ? 0 : (w.sent.get() - sent0) / ((System.nanoTime() - sentT0) / 1e9);
                long refused = w == null ? 0 : w.failed.get();
                if (w != null) {
                    w.stop();
                }
                long[] updates = gw.call(g -> g.conns().stream().filter(c -> c.state == 2 && c.joined)
                        .mapToLong(c -> c.reactionUpdates).sorted().toArray());
                long[] counted = gw.call(g -> g.conns().stream().filter(c -> c.state == 2 && c.joined)
                        .mapToLong(c -> c.reactionsCounted).sorted().toArray());
                double countedS = (System.nanoTime() - sentT0) / 1e9;
                var p = Results.point();
                p.put("listeners", listeners);
                p.put("listenersJoined", joined);
                p.put("preset", preset);
                p.put("reactionsPerSecondAsked", on);
                p.put("reactionsSentPerSecond", sentRate);
                p.put("reactionSenders", on > 0 ? senders : 0);
                p.put("reactionSendFailures", refused);
                p.put("updatesPerSocketPerSecondMax", updates.length == 0 ? 0 : updates[updates.length - 1] / countedS);
                p.put("updatesPerSocketPerSecondMedian", updates.length == 0 ? 0 : updates[updates.length / 2] / countedS);
                p.put("reactionsCountedPerSocketPerSecondMedian", counted.length == 0 ? 0 : counted[counted.length / 2] / countedS);
                p.put("gatewayCpuPct", m.cpuPct());
                p.put("gatewayRssMb", s.gateway.rssMb());
                p.put("deliveredRateMinPct", m.deliveredMinPct());
                p.put("deliveredRateMedianPct", m.deliveredMedianPct());
                p.put("framesLateForDPct", m.latePct());
                p.put("latencyP50Ms", m.p50());
                p.put("latencyP99Ms", m.p99());
                p.put("latencyMaxMs", m.max());
                p.put("listenersReceiving", m.receiving());
                p.put("loadGenCpuPct", m.loadGenPct());
                p.put("windowS", windowS);
                p.put("gatewayOpts", gatewayOpts);
                p.put("textMessages", gw.call(x -> x.textTypes.toString()));
                p.put("gatewayWindowForeignCpuPct", foreign);
                Results.write("reactions", p);
                System.out.printf("[bench] reactions %d/s: gateway %.1f %% CPU, updates/socket/s max %.2f median %.2f,"
                        + " counted/socket/s %.0f, audio delivered min %.1f %%, late %.3f %%%n", on, m.cpuPct(),
                        updates.length == 0 ? 0 : updates[updates.length - 1] / countedS,
                        updates.length == 0 ? 0 : updates[updates.length / 2] / countedS,
                        counted.length == 0 ? 0 : counted[counted.length / 2] / countedS, m.deliveredMinPct(), m.latePct());
                Bench.sleep(2000);
            }
            feeder.paused = true;
        }
    }

    /**
     * Sends reactions at {@code rate} a second from the first {@code senders} joined sockets in turn
     * (each at rate / senders a second), stamped now − D, in ticks of 10 ms on its own thread.
     */
    static final class Sender {
        final WsLoadGen gw;
        final String roomId;
        final int rate;
        final int senders;
        final long dUs;
        final AtomicBoolean running = new AtomicBoolean();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        Thread thread;

        Sender(WsLoadGen gw, String roomId, int rate, int senders, int dMs) {
            this.gw = gw;
            this.roomId = roomId;
            this.rate = rate;
            this.senders = senders;
            this.dUs = dMs * 1000L;
        }

        void start() {
            running.set(true);
            thread = new Thread(this::loop, "reaction-sender");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }

        private void loop() {
            long t0 = System.nanoTime();
            long n = 0;
            int next = 0;
            while (running.get()) {
                long due = (System.nanoTime() - t0) * rate / 1_000_000_000L;
                int batch = (int) Math.min(200, due - n);
                if (batch > 0) {
                    long heard = Bench.nowUs() - dUs;
                    String[] texts = new String[batch];
                    int[] to = new int[batch];
                    for (int i = 0; i < batch; i++) {
                        long k = n + i;
                        texts[i] = "{\"type\":\"reaction:send\",\"roomId\":\"" + roomId + "\",\"emoji\":\"" + EMOJI[(int) (k % EMOJI.length)]
                                + "\",\"atUs\":" + (heard - (k % 5) * 20_000L) + "}";
                        to[i] = next;
                        next = (next + 1) % senders;
                    }
                    int ok = gw.call(g -> {
                        int good = 0;
                        for (int i = 0; i < texts.length; i++) {
                            if (g.sendText(to[i], texts[i])) {
                                good++;
                            }
                        }
                        return good;
                    });
                    sent.addAndGet(ok);
                    failed.addAndGet(batch - ok);
                    n += batch;
                }
                Bench.sleep(10);
            }
        }
    }
}
