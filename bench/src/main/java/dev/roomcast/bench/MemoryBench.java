package dev.roomcast.bench;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@code memory}: gateway RSS and live heap (after a full GC through jcmd) at rest, after K idle
 * sockets (upgraded, never joined) and after K more listening sockets in a live Party room.
 * Kernel socket buffers are not in RSS: these are the bytes "beyond the socket".
 */
final class MemoryBench {
    private MemoryBench() {}

    static void run() throws Exception {
        int k = Bench.intProp("bench.memory.count", 2000);
        Bench.Stack s = Bench.Stack.start(false, Bench.javaOpts());
        Rest.Room room = Rest.liveRoom(s, "party");
        List<byte[]> packets = Opus.encode(500, 128_000);
        String join = "{\"type\":\"room:join\",\"roomId\":\"" + room.id() + "\",\"username\":\"m%d\"}";
        long pid = s.gateway.pid();
        try (RoomFeeder feeder = new RoomFeeder(s.kafka, room.id(), packets);
             WsLoadGen lg = new WsLoadGen(new InetSocketAddress("127.0.0.1", s.gateway.port))) {
            lg.open(10, 50, 10, i -> String.format(join, i), 30_000);
            Bench.sleep(5000);
            Quiet.before("memory");
            long[] base = snapshot(pid);
            int idle = lg.open(k, 500, 200, null, 60_000);
            Bench.sleep(5000);
            long[] afterIdle = snapshot(pid);
            int listening = lg.open(k, 400, 200, i -> String.format(join, 1000 + i), 60_000);
            Bench.sleep(8000);
            long[] afterListen = snapshot(pid);
            Quiet.end();
            var m = Results.point();
            m.put("idleConnections", idle);
            m.put("listeners", listening);
            m.put("rssBaseMb", base[0] / 1048576.0);
            m.put("rssMb", afterListen[0] / 1048576.0);
            m.put("bytesPerIdleConnection", (afterIdle[0] - base[0]) / (double) idle);
            m.put("heapBytesPerIdleConnection", (afterIdle[1] - base[1]) / (double) idle);
            m.put("bytesPerListener", (afterListen[0] - afterIdle[0]) / (double) listening);
            m.put("heapBytesPerListener", (afterListen[1] - afterIdle[1]) / (double) listening);
            m.put("gatewayJavaOpts", Bench.javaOpts());
            Results.write("memory", m);
        }
    }

    /** {rss bytes, heap used bytes after a full GC}. */
    static long[] snapshot(long pid) throws Exception {
        String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, String.valueOf(pid), "GC.run");
        Bench.sleep(1000);
        String info = run(jcmd, String.valueOf(pid), "GC.heap_info");
        long used = 0;
        var mt = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
        while (mt.find()) {
            used += Long.parseLong(mt.group(1)) * 1024;
        }
        // Metaspace lines also say "used": keep only the generations (lines before "Metaspace")
        int meta = info.indexOf("Metaspace");
        if (meta > 0) {
            used = 0;
            var mg = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info.substring(0, meta));
            while (mg.find()) {
                used += Long.parseLong(mg.group(1)) * 1024;
            }
        }
        return new long[] {Proc.rssKb(pid) * 1024, used};
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        return out;
    }
}
