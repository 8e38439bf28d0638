package dev.roomcast.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code idle} (issue #19 item 3): what the whole stack costs when nobody uses it, and what one live
 * room with one listener adds, per process. The bench's own stack (broker, redis-server, room-,
 * chat-, relay-service, one gateway, the services' default settings), left alone for
 * {@code bench.idle.warmupS} (60 s) after start (JIT compiles for a minute), then:
 * <ol>
 *   <li>{@code idle}: no room at all, CPU of every process over {@code bench.idle.windowS};</li>
 *   <li>{@code oneRoom}: one room, its host the project's headless client sending a 128 kbps Opus
 *   tone through the gateway and relay, one listener (the client's {@code listen}), the same window
 *   after {@code bench.idle.settleS}. The client processes are not counted: they are the people.</li>
 * </ol>
 * CPU is utime + stime from /proc over the window, % of one core.
 */
final class IdleBench {
    private IdleBench() {}

    static void run() throws Exception {
        int warmupS = Bench.intProp("bench.idle.warmupS", 60);
        int windowS = Bench.intProp("bench.idle.windowS", 30);
        int settleS = Bench.intProp("bench.idle.settleS", 60);
        Bench.Stack s = Bench.Stack.start(true, Bench.javaOpts());
        List<Proc> procs = stackProcs(s);
        System.out.printf("[bench] idle: stack up, %d s to settle%n", warmupS);
        Bench.sleep(warmupS * 1000L);

        Map<String, Object> idle = measure("idle", procs, windowS);
        idle.put("point", "idle");
        idle.put("rooms", 0);
        idle.put("listeners", 0);
        Results.write("idle", idle);

        Rest.Room room = createRoom(s);
        Path jar = Bench.root().resolve("client/target/client-0.1.0-SNAPSHOT.jar");
        String ws = "ws://127.0.0.1:" + s.gateway.port + "/ws";
        Proc.start("client-host", List.of(Proc.javaBin(), "-Xmx128m", "-jar", jar.toString(), "host", "--url", ws,
                "--room", room.id(), "--token", room.hostToken(), "--tone", "440", "--seconds", "100000"), Map.of(), 0,
                Bench.logs());
        Bench.sleep(3000);
        Proc.start("client-listen", List.of(Proc.javaBin(), "-Xmx128m", "-jar", jar.toString(), "listen", "--url", ws,
                "--room", room.id(), "--guests", "1", "--seconds", "100000"), Map.of(), 0, Bench.logs());
        Bench.sleep(settleS * 1000L);
        Map<String, Object> one = measure("one live room, one listener", procs, windowS);
        one.put("point", "oneRoom");
        one.put("rooms", 1);
        one.put("listeners", 1);
        Results.write("idle", one);
    }

    private static Rest.Room createRoom(Bench.Stack s) throws Exception {
        var r = Rest.call("POST", s.gateway.baseUrl() + "/api/rooms", "{\"roomName\":\"idle bench\"}", null);
        return new Rest.Room(r.get("roomId").asText(), r.get("hostToken").asText());
    }

    /** The stack's processes in start order (broker, redis, services); Bench keeps every child. */
    private static List<Proc> stackProcs(Bench.Stack s) {
        List<Proc> out = new ArrayList<>();
        for (Proc p : Bench.procs()) {
            if (!p.name.startsWith("client")) {
                out.add(p);
            }
        }
        return out;
    }

    private static Map<String, Object> measure(String what, List<Proc> procs, int windowS) {
        Quiet.before("idle " + what);
        Map<String, Proc.CpuWindow> w = new LinkedHashMap<>();
        for (Proc p : procs) {
            w.put(p.name, new Proc.CpuWindow(p.pid()));
        }
        Quiet.start();
        Bench.sleep(windowS * 1000L);
        Quiet.end();
        Map<String, Object> m = Results.point();
        double total = 0;
        Map<String, Object> per = new LinkedHashMap<>();
        for (var e : w.entrySet()) {
            double pct = Math.round(e.getValue().pct() * 100) / 100.0;
            per.put("cpuPct_" + e.getKey(), pct);
            total += pct;
        }
        m.put("windowS", windowS);
        m.put("totalCpuPct", Math.round(total * 100) / 100.0);
        m.putAll(per);
        System.out.printf("[bench] idle %s: %.2f %% of a core in all: %s%n", what, total, per);
        return m;
    }
}
