package dev.roomcast.bench;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * {@code join}: a live room (audio fed every 20 ms, a few resident listeners so the gateway already
 * reads it), then joiners at ~200/s on real WebSockets: time from the upgrade (room:join is sent at
 * once) to room:joined and to the first binary audio frame, and how far behind live that frame's
 * first packet is (target: D, i.e. the first packet is the one due to play now). Joins go through
 * the gateway's JoinBatcher (batched calls to room-service, docs/JOINS.md).
 */
final class JoinBench {
    private JoinBench() {}

    static void run() throws Exception {
        int count = Bench.intProp("bench.join.count", 1000);
        int rate = Bench.intProp("bench.join.perSecond", 200);
        int rounds = Bench.intProp("bench.join.rounds", 2);
        Bench.Stack s = Bench.Stack.start(false, Bench.javaOpts());
        Rest.Room room = Rest.liveRoom(s, "party");
        List<byte[]> packets = Opus.encode(500, 128_000);
        String join = "{\"type\":\"room:join\",\"roomId\":\"" + room.id() + "\",\"username\":\"j%d\"}";
        try (RoomFeeder feeder = new RoomFeeder(s.kafka, room.id(), packets);
             WsLoadGen residents = new WsLoadGen(new InetSocketAddress("127.0.0.1", s.gateway.port))) {
            residents.open(20, 50, 20, i -> String.format(join, i), 30_000);
            Bench.sleep(3000);
            // warm the join path (JIT) with one unmeasured round
            try (WsLoadGen warm = new WsLoadGen(new InetSocketAddress("127.0.0.1", s.gateway.port))) {
                warm.open(count / 2, rate, 400, i -> String.format(join, 100_000 + i), 60_000);
                Bench.sleep(2000);
            }
            for (String preset : List.of("party", "live")) {
                Rest.preset(s, room, preset);
                int d = "live".equals(preset) ? 400 : 1200;
                Bench.sleep(3000);
                for (int r = 0; r < rounds; r++) {
                    Quiet.before("join " + preset + " round " + (r + 1));
                    try (WsLoadGen lg = new WsLoadGen(new InetSocketAddress("127.0.0.1", s.gateway.port))) {
                        long t0 = System.nanoTime();
                        int opened = lg.open(count, rate, 400, i -> String.format(join, 200_000 + i), 60_000);
                        double secs = (System.nanoTime() - t0) / 1e9;
                        Bench.sleep(3000);
                        Quiet.end();
                        var res = lg.call(g -> {
                            List<WsLoadGen.Conn> cs = g.conns().stream().filter(c -> c.openNs != 0).toList();
                            double[] ttff = cs.stream().filter(c -> c.firstFrameNs != 0)
                                    .mapToDouble(c -> (c.firstFrameNs - c.openNs) / 1e6).sorted().toArray();
                            double[] fromConnect = cs.stream().filter(c -> c.firstFrameNs != 0)
                                    .mapToDouble(c -> (c.firstFrameNs - c.connectStartNs) / 1e6).sorted().toArray();
                            double[] behind = cs.stream().filter(c -> c.firstFrameNs != 0)
                                    .mapToDouble(c -> c.firstBehindUs / 1e3).sorted().toArray();
                            double[] toJoined = cs.stream().filter(c -> c.joinedNs != 0)
                                    .mapToDouble(c -> (c.joinedNs - c.openNs) / 1e6).sorted().toArray();
                            return new double[][] {ttff, fromConnect, behind, toJoined};
                        });
                        var m = Results.point();
                        m.put("preset", preset);
                        m.put("playoutDelayMs", d);
                        m.put("round", r + 1);
                        m.put("joins", count);
                        m.put("joinsOpened", opened);
                        m.put("joinsWithAudio", res[0].length);
                        m.put("joinsPerSecond", opened / secs);
                        m.put("timeToFirstFrameP50Ms", pct(res[0], 50));
                        m.put("timeToFirstFrameP99Ms", pct(res[0], 99));
                        m.put("timeToFirstFrameMaxMs", pct(res[0], 100));
                        m.put("connectToFirstFrameP99Ms", pct(res[1], 99));
                        m.put("firstFrameBehindLiveP50Ms", pct(res[2], 50));
                        m.put("firstFrameBehindLiveP99Ms", pct(res[2], 99));
                        m.put("firstFrameBehindLiveMinMs", pct(res[2], 0));
                        // 0 = the first packet is exactly the one due to play now (live − D); > 0 = it was already late
                        m.put("firstFrameBehindLiveMinusDP50Ms", pct(res[2], 50) - d);
                        m.put("firstFrameBehindLiveMinusDP99Ms", pct(res[2], 99) - d);
                        m.put("joinsAnswered", res[3].length);
                        m.put("timeToJoinedP50Ms", pct(res[3], 50));
                        m.put("timeToJoinedP99Ms", pct(res[3], 99));
                        m.put("textMessages", lg.call(g -> g.textTypes.toString()));
                        Results.write("join", m);
                    }
                    Bench.sleep(2000);
                }
            }
        }
    }

    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
