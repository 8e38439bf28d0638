package dev.roomcast.systemtests;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One host page (gateway A, fake capture: 440 Hz left / 660 Hz right with a click every second) and
 * two guest pages, one on gateway A and one on gateway B, all in real Chromium.
 */
@DisplayName("Guest pages in Chromium: both guests play the host in sync, chat round-trips, HTML stays text, a reload rejoins, a throttled guest drops a tier")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuestPageIT {
    /**
     * Guest-to-guest skew bound (p95 of |A − B| on the server clock), see docs/SYNC.md for the
     * measured distribution on the shared 2-core box and why the bound is what it is.
     */
    static final double SKEW_P95_MS = Double.parseDouble(System.getProperty("roomcast.skewP95Ms", "5"));
    static WsClient ear; // a Java listener on gateway B: the capture times of the clicks
    static final String XSS = "<img src=x onerror=window.__xss=1>";
    static LiveStack stack;
    static Browser browser;
    static Page host;
    static Page guestA;
    static Page guestB;
    static String roomId;

    @BeforeAll
    static void up() {
        stack = LiveStack.get();
        browser = Browser.launch(true);
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);

        host = newPage("host", 1280, 900);
        host.navigate(stack.gatewayA().baseUrl() + "/");
        host.fill("#room-name", "Listening party");
        host.fill("#host-name", "Hostine");
        host.click("#create-room");
        host.waitForURL(Pattern.compile(".*/host\\.html\\?room=[A-Za-z0-9_-]{12}$"));
        roomId = URI.create(host.url()).getQuery().substring("room=".length());
        assertThat(host.locator("#guest-count")).hasText("1"); // joined as host
        host.click("#tab-input");
        assertThat(host.locator("#device-select option").first()).isAttached();
        host.click("#use-device");
        assertThat(host.locator("#source-status")).containsText("Input");
        await("host clock synced").atMost(Duration.ofSeconds(20))
                .until(() -> Boolean.TRUE.equals(host.evaluate("() => window.roomcastDebug.clockReady")));
        // Stable (D = 5 s): headroom above the delivery delay a browser host shows on this loaded 2-core box
        // (about 1.2 s), so the sync test measures how well guests agree, not late arrivals (docs/SYNC.md)
        host.selectOption("#preset", "stable");
        await("the room is in the Stable preset").atMost(Duration.ofSeconds(10)).until(() ->
                "stable".equals(Rest.get(stack.gatewayA(), "/api/rooms/" + roomId).body().path("preset").asText()));
        assertThat(host.locator("#go-live")).isEnabled();
        host.click("#go-live");
        assertThat(host.locator("#live-badge")).hasAttribute("data-live", "true");

        ear = WsClient.connect(LiveStack.ws(stack.gatewayB()), "java-ear");
        ear.join(roomId, "Java ear", null);
        ear.send(WsClient.msg("quality:request").put("tier", "high"));

        guestA = newPage("guest-A", 1280, 900);
        guestB = newPage("guest-B", 390, 844);
        guestA.navigate(stack.gatewayA().baseUrl() + "/room/" + roomId);
        guestB.navigate(stack.gatewayB().baseUrl() + "/room/" + roomId);
        for (Page g : List.of(guestA, guestB)) {
            assertThat(g.locator("#room-name")).hasText("Listening party");
            assertThat(g.locator("#live-badge")).hasAttribute("data-live", "true");
        }
    }

    @AfterAll
    static void down() {
        if (ear != null) {
            ear.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    static Page newPage(String name, int w, int h) {
        BrowserContext ctx = browser.chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(w, h));
        return browser.watch(ctx.newPage(), name);
    }

    @Test
    @Order(1)
    @DisplayName("both guests (one per gateway) tap Join audio and play the host's audio: packets played keep rising and the output carries 440 and 660 Hz")
    void bothGuestsPlay() {
        for (Page g : List.of(guestA, guestB)) {
            g.click("#join-audio");
            assertThat(g.locator("#join-audio")).hasAttribute("aria-pressed", "true");
        }
        for (Page g : List.of(guestA, guestB)) {
            try {
                await("packets played rise").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> played(g) > 100);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the guest does not play; " + pipelineState(), e);
            }
            long first = played(g);
            await("and keep rising").atMost(Duration.ofSeconds(10)).until(() -> played(g) > first + 50);
            assertThat(g.locator("#tier")).not().hasText("–");

            // tap the output: the page's AnalyserNode sits after the volume, before the speakers
            OutputTones.assertCarried(g, g == guestA ? "guest A" : "guest B");
        }
        Browser.screenshot(guestA, "guest-room-desktop");
        Browser.screenshot(guestB, "guest-room-phone");
    }

    @Test
    @Order(2)
    @DisplayName("the clicks play in both guests at the same server-clock moment (skew p95 within the bound) and about D after capture")
    void clicksInSync() {
        for (Page g : List.of(guestA, guestB)) {
            ClickTap.install(g);
        }
        // let the drift corrector settle on the first onsets, then measure 8 clicks
        for (Page g : List.of(guestA, guestB)) {
            ClickTap.awaitOnsets(g, 2, 15_000);
            ClickTap.clear(g);
        }
        for (Page g : List.of(guestA, guestB)) {
            ClickTap.awaitOnsets(g, 8, 20_000);
        }
        List<ClickTap.Onset> a = ClickTap.onsets(guestA);
        List<ClickTap.Onset> b = ClickTap.onsets(guestB);
        List<Double> skewServer = ClickTap.pairDiffsMs(a.stream().map(ClickTap.Onset::serverUs).toList(),
                b.stream().map(ClickTap.Onset::serverUs).toList());
        List<Double> skewWall = ClickTap.pairDiffsMs(a.stream().map(o -> o.wallMs() * 1000).toList(),
                b.stream().map(o -> o.wallMs() * 1000).toList());
        double delayMs = ((Number) guestA.evaluate("() => window.roomcastDebug.player.delayMs")).doubleValue();
        List<Audio.Packet> sent = HostPageIT.highPackets(ear);
        List<Double> captured = ClickTap.captureClicks(sent);
        List<Double> lagA = ClickTap.pairDiffsMs(a.stream().map(o -> o.serverUs() - delayMs * 1000).toList(), captured);
        List<Double> lagB = ClickTap.pairDiffsMs(b.stream().map(o -> o.serverUs() - delayMs * 1000).toList(), captured);
        String report = String.join("\n",
                "D = " + delayMs + " ms",
                "skew A−B on the server clock: " + ClickTap.summary(skewServer),
                "skew A−B on the machine wall clock: " + ClickTap.summary(skewWall),
                "guest A heard − (capture + D): " + ClickTap.summary(lagA),
                "guest B heard − (capture + D): " + ClickTap.summary(lagB),
                "guest A onsets, server clock µs (server − wall µs): " + a.stream().map(o -> String.format("%.0f (%.0f)", o.serverUs(), o.serverUs() - o.wallMs() * 1000)).toList(),
                "guest B onsets, server clock µs (server − wall µs): " + b.stream().map(o -> String.format("%.0f (%.0f)", o.serverUs(), o.serverUs() - o.wallMs() * 1000)).toList(),
                "host clicks captured, server clock µs: " + captured.stream().map(c -> String.format("%.0f", c)).toList(),
                "host clock samples [wall ms, server − wall µs, rtt ms, suspect]: " + host.evaluate(CLOCK_SAMPLES)
                        + "; host's server clock − this machine's clock now: " + hostClockErrorMs() + " ms",
                "guest A clock samples [wall ms, server − wall µs, rtt ms, suspect]: " + guestA.evaluate(CLOCK_SAMPLES),
                "guest B clock samples [wall ms, server − wall µs, rtt ms, suspect]: " + guestB.evaluate(CLOCK_SAMPLES),
                "guest A stats: " + guestA.evaluate("() => JSON.stringify(window.roomcastDebug.stats)"),
                "guest B stats: " + guestB.evaluate("() => JSON.stringify(window.roomcastDebug.stats)"));
        System.out.println(report);
        writeReport("sync-report.txt", report);
        assertTrue(skewServer.size() >= 6, "the two guests' clicks pair up: " + report);
        assertTrue(lagA.size() >= 4 && lagB.size() >= 4, "the guests' clicks pair with the host's captured clicks: " + report);
        boolean late = Boolean.TRUE.equals(guestA.evaluate("() => window.roomcastDebug.stats.late"))
                || Boolean.TRUE.equals(guestB.evaluate("() => window.roomcastDebug.stats.late"));
        // with D = 5 s a late guest means the pipeline is broken, not slow: that fails the test
        assertTrue(!late, "no guest plays late with D = 5 s: " + report);
        assertTrue(ClickTap.percentile(skewServer.stream().map(Math::abs).toList(), 0.95) <= SKEW_P95_MS,
                "guest-to-guest skew p95 ≤ " + SKEW_P95_MS + " ms: " + report);
        // The server-clock numbers use each page's own clock mapping, so they cannot see a page whose
        // clock sync is off. All pages share this machine's clock: on it, the guests must agree
        // within the bound plus what their clock sync can know (a probe's offset is wrong by at most
        // half its round trip; docs/SYNC.md).
        double rttA = ((Number) guestA.evaluate("() => window.roomcastDebug.stats.clockRttMs")).doubleValue();
        double rttB = ((Number) guestB.evaluate("() => window.roomcastDebug.stats.clockRttMs")).doubleValue();
        double wallBound = SKEW_P95_MS + (rttA + rttB) / 2;
        assertTrue(ClickTap.percentile(skewWall.stream().map(Math::abs).toList(), 0.95) <= wallBound,
                "guest-to-guest skew on the machine clock p95 ≤ " + String.format("%.1f", wallBound) + " ms (best clock RTTs "
                        + String.format("%.1f / %.1f", rttA, rttB) + " ms): " + report);
        for (List<Double> lag : List.of(lagA, lagB)) {
            assertTrue(Math.abs(ClickTap.percentile(lag, 0.5)) <= 25, "clicks are heard about D after capture: " + report);
        }
    }

    @Test
    @Order(4)
    @DisplayName("a guest that reloads rejoins, plays again and is back in sync with the other guest")
    void reloadRejoinsInSync() {
        guestB.reload();
        assertThat(guestB.locator("#room-name")).hasText("Listening party");
        assertThat(guestB.locator("#live-badge")).hasAttribute("data-live", "true");
        guestB.click("#join-audio");
        assertThat(guestB.locator("#join-audio")).hasAttribute("aria-pressed", "true");
        await("the reloaded guest plays").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> played(guestB) > 50);
        ClickTap.install(guestB);
        ClickTap.awaitOnsets(guestB, 2, 15_000);
        ClickTap.clear(guestB);
        ClickTap.clear(guestA);
        ClickTap.awaitOnsets(guestB, 4, 15_000);
        ClickTap.awaitOnsets(guestA, 4, 15_000);
        List<Double> skew = ClickTap.pairDiffsMs(ClickTap.onsets(guestA).stream().map(ClickTap.Onset::serverUs).toList(),
                ClickTap.onsets(guestB).stream().map(ClickTap.Onset::serverUs).toList());
        String report = "after reload, skew A−B on the server clock: " + ClickTap.summary(skew);
        System.out.println(report);
        writeReport("sync-report-reload.txt", report);
        assertTrue(skew.size() >= 3, report);
        assertTrue(ClickTap.percentile(skew.stream().map(Math::abs).toList(), 1.0) <= 25, report); // measured 14.2 ms on the loaded box, see docs/SYNC.md
        Browser.screenshot(guestB, "guest-room-phone-after-reload");
    }

    @Test
    @Order(5)
    @DisplayName("a guest that loses 300 ms of packets plays what follows at the right moment, in sync with the other guest")
    void lostPacketsKeepSync() {
        long gapsBefore = stat(guestA, "gaps");
        // the page drops the next 3 audio messages (Stable: 100 ms batches) as if the network lost them
        guestA.evaluate("n => { const p = window.roomcastDebug.player; const deliver = p.handleFrame.bind(p);"
                + " p.handleFrame = (b) => { if (n > 0) { n--; return; } deliver(b); }; }", 3);
        await("guest A noticed the missing packets").atMost(Duration.ofSeconds(15)).until(() -> stat(guestA, "gaps") > gapsBefore);
        // the hole plays D = 5 s after it was captured: measure clicks heard after that
        for (Page g : List.of(guestA, guestB)) {
            ClickTap.clear(g);
        }
        ClickTap.awaitOnsets(guestA, 9, 20_000);
        ClickTap.awaitOnsets(guestB, 9, 20_000);
        List<ClickTap.Onset> a = ClickTap.onsets(guestA);
        List<ClickTap.Onset> b = ClickTap.onsets(guestB);
        a = a.subList(a.size() - 4, a.size());
        b = b.subList(b.size() - 4, b.size());
        List<Double> skewWall = ClickTap.pairDiffsMs(a.stream().map(o -> o.wallMs() * 1000).toList(),
                b.stream().map(o -> o.wallMs() * 1000).toList());
        double rttA = ((Number) guestA.evaluate("() => window.roomcastDebug.stats.clockRttMs")).doubleValue();
        double rttB = ((Number) guestB.evaluate("() => window.roomcastDebug.stats.clockRttMs")).doubleValue();
        double wallBound = SKEW_P95_MS + (rttA + rttB) / 2;
        String report = "after guest A lost 300 ms of packets, skew A−B on the machine clock: " + ClickTap.summary(skewWall)
                + "; A stats " + guestA.evaluate("() => JSON.stringify(window.roomcastDebug.stats)");
        System.out.println(report);
        writeReport("sync-report-loss.txt", report);
        assertTrue(skewWall.size() >= 3, "the clicks pair up (within 300 ms): " + report);
        assertTrue(ClickTap.percentile(skewWall.stream().map(Math::abs).toList(), 1.0) <= wallBound,
                "in sync again within " + String.format("%.1f", wallBound) + " ms: " + report);
    }

    @Test
    @Order(6)
    @DisplayName("a guest who picks Medium quality, and then High, plays in sync with the other guest on each tier")
    void tierChoiceKeepsSync() {
        guestB.locator("#sync-details summary").click();
        List<String> reports = new java.util.ArrayList<>();
        // not Low: the clicks are timed by a threshold (ClickTap, 0.3) just above the tones (0.25), and a
        // twice-encoded 32 kbps stream crosses it up to a frame early (docs/SYNC.md "Passing the aux")
        for (String[] pick : new String[][] {{"medium", "medium"}, {"high", "high"}}) {
            guestB.selectOption("#tier-select", pick[0]);
            assertThat(guestB.locator("#tier")).hasText(pick[1]);
            // what the ring holds was sent on the tier before: the new tier plays D = 5 s on
            guestB.waitForTimeout(5_500);
            for (Page g : List.of(guestA, guestB)) {
                ClickTap.clear(g);
            }
            ClickTap.awaitOnsets(guestA, 4, 20_000);
            ClickTap.awaitOnsets(guestB, 4, 20_000);
            List<Double> skewWall = ClickTap.pairDiffsMs(ClickTap.onsets(guestA).stream().map(o -> o.wallMs() * 1000).toList(),
                    ClickTap.onsets(guestB).stream().map(o -> o.wallMs() * 1000).toList());
            double rttA = ((Number) guestA.evaluate("() => window.roomcastDebug.stats.clockRttMs")).doubleValue();
            double rttB = ((Number) guestB.evaluate("() => window.roomcastDebug.stats.clockRttMs")).doubleValue();
            double wallBound = SKEW_P95_MS + (rttA + rttB) / 2;
            String report = "guest B on " + pick[1] + ", skew A−B on the machine clock: " + ClickTap.summary(skewWall)
                    + "; B's stream events " + guestB.evaluate("() => JSON.stringify(window.roomcastDebug.player.events.slice(-12))");
            reports.add(report);
            writeReport("sync-report-tier.txt", String.join("\n", reports));
            assertTrue(skewWall.size() >= 3, "the clicks pair up: " + report);
            assertTrue(ClickTap.percentile(skewWall.stream().map(Math::abs).toList(), 0.95) <= wallBound,
                    "in sync within " + String.format("%.1f", wallBound) + " ms: " + report);
        }
        guestB.selectOption("#tier-select", "auto");
        assertThat(guestB.locator("#tier")).hasText("high (auto)");
        guestB.locator("#sync-details summary").click();
    }

    @Test
    @Order(7)
    @DisplayName("a guest whose network is throttled (CDP, 6 KB/s against a ~17 KB/s top tier) is moved down a tier (the host sees it at once) and keeps playing; the other guest is untouched")
    void throttledGuestDropsTier() {
        assertThat(guestB.locator("#tier")).hasText("high (auto)");
        long underrunsA = stat(guestA, "underruns");
        com.microsoft.playwright.CDPSession cdp = guestB.context().newCDPSession(guestB);
        cdp.send("Network.enable");
        cdp.send("Network.emulateNetworkConditions", throttle(6_000));
        long t0 = System.nanoTime();
        try {
            // the page reports that it hears the room late; the gateway moves it down. The host's health
            // grid shows the move at once; B's own page only when the news gets through B's backlog
            // (everything sent before it waits in the throttled queue ahead of it)
            String userB = (String) guestB.evaluate("() => window.roomcastDebug.userId");
            var hostRowB = host.locator("#health tr[data-user-id='" + userB + "'] td").nth(1);
            StringBuilder timeline = new StringBuilder();
            Pattern moved = Pattern.compile("^(medium|low)$");
            try {
                await("the host sees guest B move down").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    String onHost = hostRowB.count() == 0 ? "?" : hostRowB.textContent();
                    timeline.append(String.format("%n  +%5d ms host grid %s, B page %s %s", (System.nanoTime() - t0) / 1_000_000,
                            onHost, guestB.locator("#tier").textContent(), guestB.evaluate(TIMELINE_STATS)));
                    return moved.matcher(onHost).matches();
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("guest B never moved down; B over time:" + timeline, e);
            } finally {
                System.out.println("throttled guest B over time:" + timeline);
            }
            long droppedAfterMs = (System.nanoTime() - t0) / 1_000_000;
            String tier = hostRowB.textContent();
            long played = played(guestB);
            await("the throttled guest keeps playing").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> played(guestB) > played + 50);
            String report = "throttled guest B: " + tier + " after " + droppedAfterMs + " ms; B stats "
                    + guestB.evaluate("() => JSON.stringify(window.roomcastDebug.stats)") + "; A stats "
                    + guestA.evaluate("() => JSON.stringify(window.roomcastDebug.stats)");
            System.out.println(report);
            writeReport("throttle-report.txt", report);
            Browser.screenshot(guestB, "guest-room-phone-throttled");
            // guest A (other gateway, same room) did not notice
            assertThat(guestA.locator("#tier")).hasText("high (auto)");
            assertEquals(underrunsA, stat(guestA, "underruns"), "guest A never ran dry: " + report);
            assertEquals(false, guestA.evaluate("() => window.roomcastDebug.stats.late"), report);
        } finally {
            cdp.send("Network.emulateNetworkConditions", throttle(-1));
            cdp.detach();
        }
    }

    @Test
    @Order(8)
    @DisplayName("the host passes the aux to a third guest (a phone), whose own input becomes the broadcast at the cut: the other guests play on without a re-anchor or a hole over 20 ms and stay in sync; the host takes it back the same way")
    void passTheAux() {
        // B may still be on a lower tier after the throttle: the clicks are timed by a threshold that a
        // 32 kbps stream crosses early (docs/SYNC.md "Passing the aux"), so the guests listen on high
        guestB.locator("#sync-details summary").click();
        guestB.selectOption("#tier-select", "high");
        assertThat(guestB.locator("#tier")).hasText("high");
        guestB.locator("#sync-details summary").click();
        Page guestC = newPage("guest-C", 390, 844); // a phone: the aux panel, the source buttons and the status in one view
        BROADCASTERS.add(guestC);
        try {
            guestC.navigate(stack.gatewayA().baseUrl() + "/room/" + roomId);
            assertThat(guestC.locator("#live-badge")).hasAttribute("data-live", "true");
            guestC.click(".tabbar button[data-view=people]");
            guestC.fill("#username", "Cleo");
            guestC.press("#username", "Enter");
            assertThat(guestC.locator("#rename-note")).containsText("Cleo");
            guestC.click(".tabbar button[data-view=listen]");
            var pass = host.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Pass the aux to Cleo"));
            assertThat(pass).isVisible();
            pass.click();
            assertThat(guestC.locator("#aux-sources")).isVisible();
            assertThat(guestC.locator("#aux-text")).containsText("passes you the aux");
            assertThat(host.locator("#aux-withdraw")).isVisible();
            Browser.screenshot(guestC, "guest-aux-offered-phone");

            int handoffs = ear.messages("aux:handoff").size();
            String userC = (String) guestC.evaluate("() => window.roomcastDebug.userId");
            guestC.click("#aux-input"); // its fake input is the click WAV too, started at its own moment
            long toC = awaitHandoff(handoffs, userC);
            assertThat(guestC.locator("#status")).hasAttribute("data-state", "on-aux");
            assertThat(guestC.locator("#aux-give-back")).isVisible();
            assertThat(host.locator("#status")).hasAttribute("data-state", "aux-away");
            assertThat(guestA.locator("#participants .aux-badge")).hasText("has the aux");
            Browser.screenshot(host, "host-studio-aux-away");
            Browser.screenshot(guestC, "guest-aux-on-phone");
            Browser.screenshot(guestB, "guest-room-phone-aux");
            String toGuest = measureCut("to guest C", toC);

            host.click("#aux-take-back");
            long back = awaitHandoff(handoffs + 1, (String) host.evaluate("() => window.roomcastDebug.userId"));
            assertThat(guestC.locator("#aux-panel")).isHidden();
            assertThat(host.locator("#status")).not().hasAttribute("data-state", "aux-away");
            String toHost = measureCut("back to the host", back);
            writeReport("aux-report.txt", toGuest + "\n" + toHost);
        } finally {
            BROADCASTERS.remove(guestC);
            guestC.context().close();
        }
    }

    /** The guest pages that were passed the aux (for the report). */
    static final List<Page> BROADCASTERS = new java.util.ArrayList<>();

    /** The non-zero lines of a service's /q/metrics that contain {@code name}. */
    static List<String> metricLines(dev.roomcast.testsupport.ServiceProcess service, String name) {
        try {
            String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    URI.create(service.baseUrl() + "/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.contains(name) && !l.startsWith("#") && !l.endsWith(" 0.0")).toList();
        } catch (IOException e) {
            return List.of("unavailable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted");
        }
    }

    /** Each guest page's performance.now() when the last handoff was announced: its stream events since. */
    static final java.util.Map<Page, Double> MARKS = new java.util.HashMap<>();

    /** Waits for the ear's next aux:handoff (the {@code n}+1-th) to {@code toUserId}; its cut, server µs. */
    static long awaitHandoff(int n, String toUserId) {
        await("aux:handoff to " + toUserId).atMost(Duration.ofSeconds(20)).until(() -> ear.messages("aux:handoff").size() > n);
        var h = ear.messages("aux:handoff").get(n);
        assertEquals(toUserId, h.path("toUserId").asText(), "the handoff names the new broadcaster: " + h);
        for (Page g : List.of(guestA, guestB)) {
            MARKS.put(g, ((Number) g.evaluate("() => performance.now()")).doubleValue());
        }
        return h.path("atUs").asLong();
    }

    /**
     * Measures one handoff at server time {@code atUs} once both guests played 4 s past it: the wire
     * (the ear's packets around the cut: the largest hole and overlap between consecutive capture
     * times), each page's stream events (no re-anchor, holes ≤ 20 ms), the clicks after the cut
     * (guest skew within the usual bound, heard about D after capture on the new source's clock).
     */
    static String measureCut(String what, long atUs) {
        double delayMs = ((Number) guestA.evaluate("() => window.roomcastDebug.player.delayMs")).doubleValue();
        double heardAtUs = atUs + delayMs * 1000;
        for (Page g : List.of(guestA, guestB)) {
            g.waitForFunction("t => window.roomcastDebug.clock.toServerUs(performance.now()) > t", heardAtUs + 4_500_000,
                    new Page.WaitForFunctionOptions().setTimeout(30_000).setPollingInterval(250));
        }
        List<Audio.Packet> wire = HostPageIT.highPackets(ear).stream()
                .filter(p -> Math.abs(p.captureUs() - atUs) < 300_000)
                .sorted(java.util.Comparator.comparingLong(Audio.Packet::captureUs)).toList();
        long hole = 0;
        long overlap = 0;
        for (int i = 1; i < wire.size(); i++) {
            long d = wire.get(i).captureUs() - (wire.get(i - 1).captureUs() + 20_000);
            hole = Math.max(hole, d);
            overlap = Math.max(overlap, -d);
        }
        List<Double> captured = ClickTap.captureClicks(HostPageIT.highPackets(ear).stream().filter(p -> p.captureUs() > atUs).toList());
        StringBuilder report = new StringBuilder(String.format("aux %s, cut at %d µs: wire %d packets ±300 ms, largest hole %.1f ms, largest overlap %.1f ms",
                what, atUs, wire.size(), hole / 1000.0, overlap / 1000.0));
        report.append("\n  the wire within 400 ms of the cut, in room sequence order [sequence: capture − cut ms]: ").append(
                HostPageIT.highPackets(ear).stream().filter(p -> Math.abs(p.captureUs() - atUs) < 400_000)
                        .sorted(java.util.Comparator.comparingLong(Audio.Packet::sequence))
                        .map(p -> String.format("%d: %+.1f", p.sequence(), (p.captureUs() - atUs) / 1000.0)).toList());
        List<List<ClickTap.Onset>> heard = new java.util.ArrayList<>();
        List<List<Double>> lags = new java.util.ArrayList<>();
        for (Page g : List.of(guestA, guestB)) {
            String name = g == guestA ? "guest A" : "guest B";
            @SuppressWarnings("unchecked")
            List<java.util.Map<String, Object>> events = (List<java.util.Map<String, Object>>) g.evaluate(
                    "t => window.roomcastDebug.player.events.filter(e => e.atMs >= t)", MARKS.get(g));
            List<ClickTap.Onset> after = ClickTap.onsets(g).stream().filter(o -> o.serverUs() > heardAtUs + 200_000).toList();
            heard.add(after);
            List<Double> lag = ClickTap.pairDiffsMs(after.stream().map(o -> o.serverUs() - delayMs * 1000).toList(), captured);
            lags.add(lag);
            report.append(String.format("%n  %s: stream events %s; clicks after the cut heard − (capture + D): %s", name,
                    events.stream().map(e -> {
                        var m = new java.util.LinkedHashMap<>(e);
                        if (m.get("captureUs") instanceof Number c) {
                            m.put("captureUs", String.format("cut%+.1fms", (c.doubleValue() - atUs) / 1000));
                        }
                        return m.toString();
                    }).toList(), ClickTap.summary(lag)));
        }
        List<Double> skew = ClickTap.pairDiffsMs(heard.get(0).stream().map(ClickTap.Onset::serverUs).toList(),
                heard.get(1).stream().map(ClickTap.Onset::serverUs).toList());
        report.append("\n  skew A−B after the cut: ").append(ClickTap.summary(skew));
        report.append("\n  metrics: gateway A ").append(metricLines(stack.gatewayA(), "ingest_frames"))
                .append("; gateway B ").append(metricLines(stack.gatewayB(), "ingest_frames"))
                .append("; relay ").append(metricLines(stack.relayService(), "relay_handover")).append(metricLines(stack.relayService(), "relay_frames_dropped"));
        report.append("\n  broadcasters: host ").append(host.evaluate("() => JSON.stringify(window.roomcastDebug.captureStats)"));
        for (Page p : BROADCASTERS) {
            report.append(", guest ").append(p.evaluate("() => JSON.stringify(window.roomcastDebug.aux)"));
        }
        String text = report.toString();
        System.out.println(text);
        assertTrue(wire.size() >= 25, "the ear got the audio around the cut: " + text);
        assertTrue(hole <= 20_000, "the wire has no hole over one packet at the cut: " + text);
        for (Page g : List.of(guestA, guestB)) {
            @SuppressWarnings("unchecked")
            List<java.util.Map<String, Object>> events = (List<java.util.Map<String, Object>>) g.evaluate(
                    "t => window.roomcastDebug.player.events.filter(e => e.atMs >= t)", MARKS.get(g));
            for (var e : events) {
                assertTrue(!"anchor".equals(e.get("kind")), "no re-anchor (re-buffer) across the handoff: " + text);
                // the handoff's own hole: where the two sources meet (a glitch of a capture later is not the cut's)
                boolean atTheCut = e.get("captureUs") instanceof Number c && Math.abs(c.doubleValue() - atUs) <= 100_000;
                if ("hole".equals(e.get("kind")) && atTheCut) {
                    assertTrue(((Number) e.get("ms")).doubleValue() <= 20, "no hole over one packet on the guest at the cut: " + text);
                }
            }
        }
        assertTrue(skew.size() >= 3, "the guests' clicks after the cut pair up: " + text);
        for (List<Double> lag : lags) {
            assertTrue(lag.size() >= 2 && Math.abs(ClickTap.percentile(lag, 0.5)) <= 25,
                    "the new source's clicks are heard about D after it captured them: " + text);
        }
        assertTrue(ClickTap.percentile(skew.stream().map(Math::abs).toList(), 0.95) <= SKEW_P95_MS,
                "the guests stay within the usual skew after the cut: " + text);
        return text;
    }

    /** Where the audio stops when a guest hears nothing: the host's capture and clock, the ear, both guests. */
    static String pipelineState() {
        return String.join("\n",
                "host capture " + host.evaluate("() => JSON.stringify(window.roomcastDebug.captureStats)")
                        + ", host clock offset µs " + host.evaluate("() => window.roomcastDebug.clockOffsetUs")
                        + ", host's server clock − this machine's clock: " + hostClockErrorMs() + " ms",
                "host clock samples [wall ms, server − wall µs, rtt ms, suspect]: " + host.evaluate(CLOCK_SAMPLES),
                "java ear on gateway B: " + ear.frames().size() + " frames",
                "guest A stats: " + guestA.evaluate("() => JSON.stringify(window.roomcastDebug.stats)"),
                "guest B stats: " + guestB.evaluate("() => JSON.stringify(window.roomcastDebug.stats)"));
    }

    /** How far the host page's idea of server time is off (the services run on this machine's clock). */
    static long hostClockErrorMs() {
        long before = java.time.Instant.now().toEpochMilli();
        double hostServerMs = ((Number) host.evaluate("() => window.roomcastDebug.clock.toServerUs(performance.now()) / 1000")).doubleValue();
        long after = java.time.Instant.now().toEpochMilli();
        return Math.round(hostServerMs - (before + after) / 2.0);
    }

    static final String TIMELINE_STATS = "() => { const s = window.roomcastDebug.stats; return `packets ${s.packets}`"
            + " + ` latency ${Math.round(s.latencyMs)} buffer ${Math.round(s.bufferMs)} underruns ${s.underruns} late ${s.late}`"
            + " + ` stale ${s.stale} gaps ${s.gaps}`; }";

    static com.google.gson.JsonObject throttle(int bytesPerSecond) {
        com.google.gson.JsonObject c = new com.google.gson.JsonObject();
        c.addProperty("offline", false);
        c.addProperty("latency", bytesPerSecond < 0 ? 0 : 40);
        c.addProperty("downloadThroughput", bytesPerSecond);
        c.addProperty("uploadThroughput", bytesPerSecond < 0 ? -1 : 64_000);
        return c;
    }

    static long stat(Page g, String name) {
        Object v = g.evaluate("n => window.roomcastDebug.stats[n]", name);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /**
     * A page's clock-sync history on the machine's wall clock: every page of this browser shares the
     * machine clock, so "server − wall" must be the same constant (± rtt/2) on every page.
     */
    static final String CLOCK_SAMPLES = "() => { const o = performance.timeOrigin; return JSON.stringify("
            + "window.roomcastDebug.clock.filter.points.map(p => [Math.round(o + p.t), Math.round(p.offset - o * 1000),"
            + " +p.rtt.toFixed(2), p.suspect])); }";

    static void writeReport(String name, String text) {
        try {
            Files.writeString(LiveStack.target().resolve(name), text + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(3)
    @DisplayName("chat goes round between the host page and both guest pages, with the host badge; an <img onerror> message stays text")
    void chatRoundTripAndXss() {
        guestB.click(".tabbar button[data-view=chat]"); // the phone shows one section at a time: chat is one tap away
        send(guestA, "hello from guest A");
        for (Page p : List.of(host, guestA, guestB)) {
            assertThat(p.locator("#chat-list .chat-text").filter(new com.microsoft.playwright.Locator.FilterOptions()
                    .setHasText("hello from guest A"))).hasCount(1);
        }
        send(host, "welcome, everyone");
        for (Page p : List.of(guestA, guestB)) {
            var item = p.locator("#chat-list li.from-host").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("welcome, everyone"));
            assertThat(item).hasCount(1);
            assertThat(item.locator(".host-badge")).isVisible();
            assertThat(item.locator(".chat-name")).hasText("Hostine");
        }
        send(guestB, XSS);
        for (Page p : List.of(host, guestA, guestB)) {
            assertThat(p.locator("#chat-list .chat-text").last()).hasText(XSS);
            assertEquals(0, p.locator("#chat-list img").count(), "no element was made from the message");
            assertEquals(true, p.evaluate("() => window.__xss === undefined"), "the onerror handler never ran");
        }
        Browser.screenshot(guestB, "guest-room-phone-chat");
        Browser.screenshot(host, "host-studio-chat");
        guestB.click(".tabbar button[data-view=listen]");
    }

    static void send(Page p, String text) {
        p.fill("#chat-input", text);
        p.press("#chat-input", "Enter");
        assertThat(p.locator("#chat-input")).hasValue("");
    }

    static long played(Page g) {
        Object v = g.evaluate("() => window.roomcastDebug.playedPackets");
        return v == null ? 0 : ((Number) v).longValue();
    }
}
