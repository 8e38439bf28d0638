package dev.roomcast.systemtests.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.systemtests.JavaHost;
import dev.roomcast.systemtests.JvmMemory;
import dev.roomcast.systemtests.Rest;
import dev.roomcast.systemtests.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * 1,000 guests (200 in ./mvnw verify) that join live rooms on gateway A (at most 500 per room) and
 * then never read (a NIO client with 4 KiB receive buffers), next to a live guest in one of those
 * rooms and one in another live room, also on A. The hosts are on gateway B.
 */
@DisplayName("Slow consumers: 1,000 guests that stop reading keep gateway memory bounded and cost live guests no frame")
class SlowConsumersIT {
    /** 200 in ./mvnw verify (joins take time today); 1,000 with -Droomcast.faults.slowSockets=1000 (docs/RELIABILITY.md). */
    static final int SLOW = Integer.getInteger("roomcast.faults.slowSockets", 1000);
    /** Documented in docs/RELIABILITY.md: heap the gateway may use with the 1,000 stalled sockets (of -Xmx256m). */
    static final long HEAP_BOUND = 160L << 20;
    /** Documented in docs/RELIABILITY.md: resident size of the gateway process with them. */
    static final long RSS_BOUND = 700L << 20;
    /** Documented in docs/RELIABILITY.md: heap above the baseline a gateway may keep once they are gone (after a full GC). */
    static final long BASELINE_SLACK = 16L << 20;

    @Test
    @DisplayName("1,000 stalled sockets: gateway heap and RSS stay under the bound, live guests stay connected, one in another room misses no packet")
    void stalledSocketsDoNotHurt() throws Exception {
        FaultStack stack = FaultStack.get();
        List<Rest.Room> rooms = new ArrayList<>();
        List<JavaHost> hosts = new ArrayList<>();
        // the stalled sockets fill rooms of at most 500 (FaultStack.MAX_USERS is 600); one more room for the other live guest
        int slowRooms = (SLOW + 499) / 500;
        for (int i = 0; i <= slowRooms; i++) {
            Rest.Room r = Rest.createRoom(stack.gatewayB, "Slow room " + i);
            rooms.add(r);
            JavaHost h = JavaHost.join(stack.gatewayB, r.roomId(), r.hostToken(), 440 + 110 * i);
            // Stable (D = 5 s): on this shared 2-core box the load of other builds alone delays packets by
            // seconds at times (as in GuestPageIT, docs/SYNC.md); lateness against 1.2 s is reported too
            h.socket().send(WsClient.msg("room:settings").put("roomId", r.roomId()).put("preset", "stable"));
            h.socket().awaitMessage("room:settings", Duration.ofSeconds(10));
            h.startBroadcast();
            h.stream(15_000);
            hosts.add(h);
        }
        long heap0 = JvmMemory.heapAfterGc(stack.gatewayA);
        long rss0 = FaultStack.rss(stack.gatewayA);
        Guest same = Guest.join(FaultStack.ws(stack.gatewayA), "live-same-room", rooms.get(0).roomId());
        Guest other = Guest.join(FaultStack.ws(stack.gatewayA), "live-other-room", rooms.get(slowRooms).roomId());
        StringBuilder report = new StringBuilder("slow consumers on gateway A (" + SLOW + " stalled sockets in " + slowRooms
                + " room(s); a live guest in the first of them and one in another live room):\n");
        long t0 = System.nanoTime();
        long t0WallUs = System.currentTimeMillis() * 1000;
        long[] joinedWallUs = {0};
        long[] resetWallUs = {Long.MAX_VALUE}; // when the stalled sockets were reset (all at once)
        long heapMax = 0;
        long rssMax = 0;
        try (SlowSockets slow = SlowSockets.open(stack.gatewayA.port(),
                rooms.subList(0, slowRooms).stream().map(Rest.Room::roomId).toList(), SLOW, 20, 600_000)) {
            report.append(String.format("  %d joined (20 in flight at a time) in %.1f s; %d got no room:joined within 60 s%s%n", slow.joined(),
                    (System.nanoTime() - t0) / 1e9, slow.unanswered().size(), slow.unanswered().isEmpty() ? "" : " (they had received: "
                    + slow.unanswered().stream().map(u -> u.replaceAll("[\\r\\n]+", " ")).toList() + ")"));
            joinedWallUs[0] = System.currentTimeMillis() * 1000;
            assertTrue(slow.joined() >= SLOW * 0.99, "at least 99% of the slow sockets joined: " + report);
            // let the kernel buffers fill and the server-side bounds act, sampling memory meanwhile
            for (int i = 0; i < 15; i++) {
                heapMax = Math.max(heapMax, JvmMemory.heapUsed(stack.gatewayA));
                rssMax = Math.max(rssMax, FaultStack.rss(stack.gatewayA));
                Thread.sleep(1000);
            }
            report.append(String.format("  gateway A heap used %d MB before, max %d MB with them (bound %d MB); RSS %d MB before, max %d MB (bound %d MB)%n",
                    heap0 >> 20, heapMax >> 20, HEAP_BOUND >> 20, rss0 >> 20, rssMax >> 20, RSS_BOUND >> 20));
            assertTrue(FaultStack.ready(stack.gatewayA), "gateway A stays ready");
            resetWallUs[0] = System.currentTimeMillis() * 1000;
        }
        // after they are gone: what the gateway still holds once a full GC ran (not what the GC has not got to yet)
        await("gateway A back near its baseline heap").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    return JvmMemory.heapAfterGc(stack.gatewayA) < heap0 + BASELINE_SLACK;
                });
        long heapAfter = JvmMemory.heapUsed(stack.gatewayA);
        report.append(String.format("  after the stalled sockets were reset and a full GC: heap %d MB (baseline %d MB + %d MB allowed)%n",
                heapAfter >> 20, heap0 >> 20, BASELINE_SLACK >> 20));
        List<long[]> results = new ArrayList<>();
        for (Guest g : List.of(same, other)) {
            List<Guest.Rx> rx = g.received();
            // the join replay starts with the packet due to play right now (docs/FANOUT.md): it arrives at
            // capture + D by design, so lateness is judged from 1 s after the join, with one packet (20 ms) of slack
            long judgedFromUs = rx.isEmpty() ? 0 : rx.get(0).arrivalUs() + 1_000_000;
            List<Guest.Rx> lateRx = rx.stream().filter(r -> r.arrivalUs() >= judgedFromUs
                    && r.arrivalUs() > r.captureUs() + g.playoutDelayMs * 1000L + 20_000).toList();
            long late = lateRx.size();
            long lateDuringJoins = lateRx.stream().filter(r -> r.arrivalUs() <= joinedWallUs[0] + 2_000_000).count();
            long lateWhileStalled = lateRx.stream().filter(r -> r.arrivalUs() > joinedWallUs[0] + 2_000_000
                    && r.arrivalUs() < resetWallUs[0]).count();
            long lateParty = rx.stream().filter(r -> r.arrivalUs() >= judgedFromUs && r.arrivalUs() > r.captureUs() + 1_200_000L).count();
            long gaps = 0;
            long gapsWhileStalled = 0;
            List<String> gapAt = new ArrayList<>();
            for (int i = 1; i < rx.size(); i++) {
                if (rx.get(i).sequence() != rx.get(i - 1).sequence() + 1) {
                    gaps++;
                    gapsWhileStalled += rx.get(i).arrivalUs() < resetWallUs[0] ? 1 : 0;
                    if (gapAt.size() < 5) {
                        gapAt.add(String.format("%d→%d at %+.1f s from the join", rx.get(i - 1).sequence(), rx.get(i).sequence(),
                                (rx.get(i).arrivalUs() - rx.get(0).arrivalUs()) / 1e6));
                    }
                }
            }
            long worstLagMs = rx.stream().mapToLong(r -> r.arrivalUs() - r.captureUs()).max().orElse(0) / 1000;
            report.append(String.format("  %s: %d packets, %d sequence gaps, %d after their play-out time (D = %d ms; %d of them while the"
                    + " %.0f s of joins ran or within 2 s after; %d later than 1.2 s), worst capture→arrival %d ms, %d connection(s)%s%n",
                    g.name(), rx.size(), gaps, late, g.playoutDelayMs, lateDuringJoins, (joinedWallUs[0] - t0WallUs) / 1e6, lateParty,
                    worstLagMs, g.connectionCount(), gapAt.isEmpty() ? "" : "; gaps " + gapAt));
            report.append(String.format("    of them while the stalled sockets sat there after the joins: %d gaps, %d late;"
                    + " the rest came when all %d were reset at once (%.1f s from the join)%n", gapsWhileStalled, lateWhileStalled, SLOW,
                    rx.isEmpty() ? 0 : (resetWallUs[0] - rx.get(0).arrivalUs()) / 1e6));
            results.add(new long[] {gapsWhileStalled, lateWhileStalled, g.connectionCount()});
            g.close();
        }
        System.out.print(report);
        FaultReport.append(report.toString());
        // both live guests stay connected; while the stalled sockets sit there (after their joins), both
        // the guest in their own room and the one in another room miss no packet and get none late.
        // The joins themselves and the moment all 1,000 are reset at once are reported, not asserted
        // (docs/RELIABILITY.md "Not covered")
        assertEquals(1, results.get(0)[2], "the live guest in the stalled sockets' room was never disconnected: " + report);
        assertEquals(1, results.get(1)[2], "the live guest in another room was never disconnected: " + report);
        assertEquals(0, results.get(0)[0], "the live guest in the stalled sockets' room missed no packet while they stalled: " + report);
        assertEquals(0, results.get(1)[0], "the live guest in another room missed no packet while they stalled: " + report);
        assertEquals(0, results.get(0)[1], "no packet late for the same-room guest while they stalled: " + report);
        assertEquals(0, results.get(1)[1], "no packet late for the other room's guest while they stalled: " + report);
        hosts.forEach(JavaHost::close);
        for (Rest.Room r : rooms) {
            Rest.delete(stack.gatewayB, "/api/rooms/" + r.roomId(), r.hostToken());
        }
        assertTrue(heapMax < HEAP_BOUND, report.toString());
        assertTrue(rssMax < RSS_BOUND, report.toString());
    }
}
