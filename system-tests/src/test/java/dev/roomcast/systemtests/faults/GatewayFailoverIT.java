package dev.roomcast.systemtests.faults;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.roomcast.systemtests.Browser;
import dev.roomcast.systemtests.JavaHost;
import dev.roomcast.systemtests.Rest;
import dev.roomcast.systemtests.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A Java host on gateway B streams a 440 Hz tone (Party, D = 1.2 s). Guests come in through the
 * proxy (the one public address), which puts them on gateway A; a control guest sits on B directly.
 * Then gateway A is killed (SIGKILL), restarted, and stopped gracefully (SIGTERM).
 */
@DisplayName("Gateway faults: a killed gateway's guests play again from the other within 3 s; a stopped one drains them with a gap shorter than D")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayFailoverIT {
    static FaultStack stack;
    static Rest.Room room;
    static JavaHost host;
    static Guest control;
    static Browser browser;
    static Page page;
    static final List<Guest> guests = new ArrayList<>();

    @BeforeAll
    static void up() {
        stack = FaultStack.get();
        room = Rest.createRoom(stack.gatewayB, "Failover room");
        host = JavaHost.join(stack.gatewayB, room.roomId(), room.hostToken(), 440);
        host.startBroadcast();
        host.stream(15_000); // 5 minutes, more than this class needs; stopped in down()
        control = Guest.join(FaultStack.ws(stack.gatewayB), "control-B", room.roomId());
        browser = Browser.launch(false);
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
        BrowserContext ctx = browser.chromium.newContext();
        page = browser.watch(ctx.newPage(), "failover-guest");
        page.navigate(stack.proxy.baseUrl() + "/room/" + room.roomId());
        assertThat(page.locator("#live-badge")).hasAttribute("data-live", "true");
        page.click("#join-audio");
        await("the page plays").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> played(page) > 100);
    }

    @AfterAll
    static void down() {
        guests.forEach(Guest::close);
        if (control != null) {
            control.close();
        }
        if (host != null) {
            host.close();
        }
        if (browser != null) {
            browser.close();
        }
        if (!stack.gatewayA.isAlive()) {
            stack.gatewayA.launch();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long played(Page p) {
        return ((Number) p.evaluate("() => window.roomcastDebug.playedPackets")).longValue();
    }

    static long frames(Page p) {
        return ((Number) p.evaluate("() => window.roomcastDebug.player.counters.frames")).longValue();
    }

    static String socketState(Page p) {
        return String.valueOf(p.evaluate("() => window.roomcastDebug.socketState"));
    }

    static List<Guest> proxyGuests(String prefix, int n) {
        List<Guest> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Guest.join(stack.proxyWs(), prefix + i, room.roomId()));
        }
        guests.addAll(out);
        for (Guest g : out) {
            await(g.name() + " hears the room").atMost(Duration.ofSeconds(20)).until(() -> g.received().size() > 50);
        }
        return out;
    }

    /** Every packet a guest got after its first reconnect carries the same room sequence as on the control guest. */
    static void assertSameSequences(Guest g) {
        Map<Long, Long> ctl = control.sequenceByCapture();
        int compared = 0;
        for (Guest.Rx r : g.received()) {
            if (r.connection() >= 1 && ctl.containsKey(r.captureUs())) {
                assertEquals(ctl.get(r.captureUs()), r.sequence(), g.name() + ": packet " + r.captureUs() + " has another sequence than on gateway B");
                compared++;
            }
        }
        assertTrue(compared > 50, g.name() + " and the control guest share packets after the move: " + compared);
    }

    @Test
    @Order(1)
    @DisplayName("SIGKILL on gateway A: its Java guests and its guest page are back on B and get audio within 3 s, same sequences as B's own guest")
    void killedGatewayGuestsMove() {
        List<Guest> moved = proxyGuests("kill-", 3);
        long playedBefore = played(page);
        long t0 = System.nanoTime();
        long t0WallUs = System.currentTimeMillis() * 1000;
        stack.gatewayA.kill();

        // the page: its socket drops, reconnects through the proxy, and frames arrive and play again
        await("the page sees its socket drop").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> !"open".equals(socketState(page)));
        long framesAtDrop = frames(page);
        long[] backNs = {-1};
        await("the page gets audio again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if ("open".equals(socketState(page)) && frames(page) > framesAtDrop) {
                backNs[0] = System.nanoTime();
            }
            return backNs[0] > 0;
        });
        for (Guest g : moved) {
            await(g.name() + " gets frames on a new connection").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> g.connectionCount() >= 2 && g.firstFrameNs(1) > 0);
        }
        long playedAfterBack = played(page);
        await("and the page keeps playing").atMost(Duration.ofSeconds(5)).until(() -> played(page) > playedAfterBack + 50);

        StringBuilder report = new StringBuilder("gateway A killed:\n");
        double pageBackMs = (backNs[0] - t0) / 1e6;
        report.append(String.format("  guest page: audio frames again after %.0f ms, played %d → %d, stats %s%n", pageBackMs,
                playedBefore, played(page), page.evaluate("() => JSON.stringify(window.roomcastDebug.stats)")));
        double worst = 0;
        for (Guest g : moved) {
            double backMs = (g.firstFrameNs(1) - t0) / 1e6;
            double silence = g.longestSilenceMs(t0WallUs - 1_000_000, t0WallUs + 6_000_000, g.playoutDelayMs);
            worst = Math.max(worst, backMs);
            report.append(String.format("  %s: frames again after %.0f ms, longest silence at play-out (D = %d ms) %.0f ms%n",
                    g.name(), backMs, g.playoutDelayMs, silence));
            assertTrue(silence < 3000, g.name() + " is silent for less than 3 s: " + report);
        }
        System.out.print(report);
        FaultReport.append(report.toString());
        assertTrue(pageBackMs < 3000, "the guest page gets audio within 3 s of the kill: " + report);
        assertTrue(worst < 3000, "every Java guest gets audio within 3 s of the kill: " + report);
        // in sync: the same packets under the same room sequence as gateway B's own guest, so every
        // player schedules them at the same capture time + D
        sleep(1000); // the control guest has the moved guests' latest packets too
        moved.forEach(GatewayFailoverIT::assertSameSequences);
        double syncErr = ((Number) page.evaluate("() => window.roomcastDebug.stats.syncErrorMs")).doubleValue();
        assertTrue(Math.abs(syncErr) < 20, "the page plays on its target after the move: sync error " + syncErr + " ms");
    }

    @Test
    @Order(2)
    @DisplayName("SIGTERM on gateway A: its guests get server:draining, move to B before the drain ends (or get 1012 and move then); the gap at play-out is shorter than D")
    void drainedGatewayGuestsMove() {
        if (!stack.gatewayA.isAlive()) {
            stack.gatewayA.launch();
        }
        await("the proxy sees A ready").atMost(Duration.ofSeconds(10)).until(() -> FaultStack.ready(stack.gatewayA));
        sleep(300); // one proxy health poll
        List<Guest> drained = proxyGuests("drain-", 3);
        // a naive client that ignores server:draining and only reconnects when closed: it sees the 1012
        WsClient naive = WsClient.connect(stack.proxyWs(), "naive");
        naive.join(room.roomId(), "naive", null);
        long t0 = System.nanoTime();
        long t0WallUs = System.currentTimeMillis() * 1000;
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(stack.gatewayA::stop);

        var draining = naive.awaitMessage("server:draining", Duration.ofSeconds(5));
        await("the naive client is closed").atMost(Duration.ofSeconds(10)).until(naive::isClosed);
        double closedAfterMs = (System.nanoTime() - t0) / 1e6;
        assertEquals(1012, naive.closeCode(), "the drain ends with 1012 (service restart)");
        for (Guest g : drained) {
            await(g.name() + " gets frames on a new connection").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> g.connectionCount() >= 2 && g.firstFrameNs(g.connectionCount() - 1) > 0);
        }
        stopped.join();
        sleep(3000); // audio after the move, for the silence window
        StringBuilder report = new StringBuilder("gateway A stopped (SIGTERM, DRAIN_TIME 2 s):\n");
        report.append(String.format("  server:draining reconnectInMs %d; a client that ignores it is closed with %d after %.0f ms%n",
                draining.path("reconnectInMs").asInt(), naive.closeCode(), closedAfterMs));
        for (Guest g : drained) {
            int last = g.connectionCount() - 1;
            double backMs = (g.firstFrameNs(last) - t0) / 1e6;
            double silence = g.longestSilenceMs(t0WallUs - 1_000_000, t0WallUs + 5_000_000, g.playoutDelayMs);
            report.append(String.format("  %s: %d connections, frames on the new one after %.0f ms, longest silence at play-out %.0f ms (D = %d ms)%n",
                    g.name(), g.connectionCount(), backMs, silence, g.playoutDelayMs));
            assertTrue(silence < g.playoutDelayMs, g.name() + ": the audible gap is shorter than D: " + report);
        }
        System.out.print(report);
        FaultReport.append(report.toString());
        drained.forEach(GatewayFailoverIT::assertSameSequences);
        naive.abort();
    }
}
