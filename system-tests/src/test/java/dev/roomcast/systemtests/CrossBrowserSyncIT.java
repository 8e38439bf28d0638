package dev.roomcast.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.systemtests.engines.Engine;
import dev.roomcast.systemtests.engines.EngineOptions;
import dev.roomcast.systemtests.engines.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Guests of one room in Chromium (the reference), and in turn a second Chromium (the control),
 * Firefox (over WebDriver BiDi) and WebKitGTK (Safari's engine, through WebKitWebDriver), each
 * playing into its own channel of one PulseAudio null sink, recorded together: the skew each
 * listener would hear, measured at the sound server, not in the page (docs/SYNC.md "Engines").
 * Each engine is measured against the reference in a pair of its own — two browsers at a time, not
 * four: on this 2-core box four browsers at once starve each other's audio threads (load 14 and
 * more), which measures the box, not the engines. Part of {@code ./mvnw verify} since Firefox stopped
 * hanging (its latency getters are no longer read, docs/SYNC.md "Engines"); one class:
 * {@code ./mvnw -B verify -pl system-tests -Dit.test=CrossBrowserSyncIT}.
 */
@DisplayName("Guests in Chromium, Firefox and WebKit play the host's clicks together, measured at the sound server; Firefox and WebKit hosts go live")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossBrowserSyncIT {
    /** p95 of |skew to the Chromium reference| for an engine that reports its output latency. */
    static final double SKEW_P95_MS = Double.parseDouble(System.getProperty("roomcast.xbrowser.skewP95Ms", "5"));
    static final int CLICKS = 30;
    /**
     * Clicks (625 ms apart) let pass after a pair joins, before the 30 are measured: 7.5 s. A guest's
     * clock estimate used to take ~15 s to settle (at load 10 the control started 104 ms off and was
     * within 1 ms only 12 s later, while the page believed itself within 0.1 ms). Since the clock
     * probes every 0.5 s for its first 4 s, the control was within 4 ms from its first click on a
     * quiet box and within 1.4 ms after 12 clicks with two busy loops beside it (load 15; docs/SYNC.md
     * "A joiner's clock"). What is held here is the steady state; the first clicks are in the reports.
     */
    static final int SETTLE_CLICKS = Integer.getInteger("roomcast.xbrowser.settleClicks", 12);
    static LiveStack stack;
    /** The WebKit pair, kept from its sync test for the interruption test. */
    static CrossBrowserSync webkitPair;

    @BeforeAll
    static void up() {
        stack = LiveStack.get();
    }

    @AfterAll
    static void down() {
        if (webkitPair != null) {
            webkitPair.close();
        }
    }

    /** The Chromium reference (channel 0) and {@code other} (channel 1), both playing the Java host's clicks in the Party preset. */
    static CrossBrowserSync pair(String name, CrossBrowserSync.Guest other, int spare) {
        CrossBrowserSync s = new CrossBrowserSync(stack, LiveStack.target().resolve("xbrowser").resolve(name), List.of(
                new CrossBrowserSync.Guest("chromium-A", Engine.Kind.CHROMIUM, stack.gatewayA(), "webcodecs", true, 1280, 900), other), spare);
        try {
            s.startGuests();
            s.preset("party", 1200);
            return s;
        } catch (RuntimeException | AssertionError e) {
            s.close();
            throw e;
        }
    }

    /** A pair's measurement: its report, and each guest's result (the reference first). */
    record Measured(String report, List<CrossBrowserSync.GuestResult> results) {}

    /** Measures the pair and asserts what the issue asks of its second guest. */
    static Measured measureAndCheck(CrossBrowserSync sync, String name) throws IOException {
        List<CrossBrowserSync.GuestResult> rs = sync.measure(SETTLE_CLICKS, CLICKS);
        String report = "load " + Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim() + "\n" + sync.report(rs);
        System.out.println(report);
        Files.writeString(LiveStack.target().resolve("xbrowser-sync-" + name + "-report.txt"), report);
        for (var e : sync.engines) {
            e.screenshot(LiveStack.target().resolve("screenshots").resolve("xbrowser-" + name + "-" + e.name() + ".png"));
        }
        CrossBrowserSync.GuestResult ref = rs.get(0);
        CrossBrowserSync.GuestResult r = rs.get(1);
        assertTrue(r.skewMs().size() >= CLICKS, r.name() + " heard at least " + CLICKS + " clicks paired with the reference's:\n" + report);
        assertEquals(false, r.stats().path("late").asBoolean(), r.name() + " is not late:\n" + report);
        double stated = r.stats().path("syncUncertaintyMs").asDouble() + ref.stats().path("syncUncertaintyMs").asDouble();
        // as in GuestPageIT: clock sync cannot know an offset better than half a probe's round trip
        double bound = SKEW_P95_MS + (r.stats().path("clockRttMs").asDouble() + ref.stats().path("clockRttMs").asDouble()) / 2;
        if (r.stats().path("latencyKnown").asBoolean()) {
            // the target is 5 ms (+ clock sync); Firefox here is a steady +6.7 ms (its latency
            // report misses a few ms on PulseAudio), which the page does state: what CI holds every
            // engine to is being right within what it says, and never worse than the target plus that
            double allowed = Math.max(bound, stated);
            assertTrue(r.p(0.95) <= allowed, r.name() + ": p95 skew ≤ max(" + SKEW_P95_MS + " ms + half the best clock round trips, stated "
                    + String.format("%.1f", stated) + " ms) = " + String.format("%.1f", allowed) + " ms:\n" + report);
        } else {
            // the engine hides its output latency (WebKit): the page must say so, and be right within what it says
            assertTrue(stated >= 20, r.name() + " states an honest uncertainty, not ±1 ms:\n" + report);
            assertTrue(r.p(0.95) <= stated, r.name() + ": p95 skew within the stated uncertainty " + stated + " ms:\n" + report);
        }
        // the page's own idea of where it played (its output mapping and clock sync) against the recording
        double disagreement = Math.abs(r.median() - r.pageMedian());
        assertTrue(disagreement <= stated + 1, r.name() + ": the page's estimate (" + r.pageMedian() + " ms) agrees with the recording ("
                + r.median() + " ms) within its stated uncertainty " + stated + " ms:\n" + report);
        for (CrossBrowserSync.GuestResult g : rs) {
            assertEquals(List.of(), g.consoleErrors(), g.name() + " logged no console error:\n" + report);
        }
        return new Measured(report, rs);
    }

    @Test
    @Order(1)
    @DisplayName("the control: a second Chromium guest (phone size, other gateway) within 5 ms p95 (+ half the clock round trips; or its stated uncertainty, if larger) of the reference over 30 clicks")
    void chromiumControl() throws IOException {
        try (CrossBrowserSync sync = pair("control",
                new CrossBrowserSync.Guest("chromium-B", Engine.Kind.CHROMIUM, stack.gatewayB(), "webcodecs", true, 390, 844), 0)) {
            measureAndCheck(sync, "control");
        }
    }

    @Test
    @Order(2)
    @DisplayName("a Firefox guest joins and keeps answering (its latency getters are never read: they can deadlock Firefox), says its sync is"
            + " approximate and plays within the uncertainty it states; its own estimate agrees with the recording within that;"
            + " Leave → Join audio and a reload play again")
    void firefoxGuest() throws IOException {
        try (CrossBrowserSync sync = pair("firefox",
                new CrossBrowserSync.Guest("firefox", Engine.Kind.FIREFOX, stack.gatewayA(), "webcodecs", true, 1280, 900), 0)) {
            String journeys = sync.leaveJoinAndReload(1);
            System.out.println(journeys);
            String report = journeys + "\n" + measureAndCheck(sync, "firefox").report();
            Engine firefox = sync.engines.get(1);
            JsonNode stats = firefox.eval("window.roomcastDebug.stats");
            assertEquals("context-time", stats.path("outputModel").asText(), report);
            assertEquals(false, stats.path("latencyKnown").asBoolean(), report);
            assertEquals(0, stats.path("outputDropped").asInt(), "nothing was read, so nothing was dropped:\n" + report);
            assertTrue(firefox.text("#sync-note").contains("approximate"), "the page says so: " + firefox.text("#sync-note"));
        }
    }

    @Test
    @Order(3)
    @DisplayName("a WebKit guest (phone width, other gateway) says its sync is approximate and is within the uncertainty it states;"
            + " it has no SharedArrayBuffer and plays from the message ring; Leave → Join audio and a reload play again")
    void webkitGuest() throws IOException {
        webkitPair = pair("webkit", new CrossBrowserSync.Guest("webkit", Engine.Kind.WEBKIT, stack.gatewayB(), "webcodecs", true, 390, 844), 0);
        String journeys = webkitPair.leaveJoinAndReload(1);
        System.out.println(journeys);
        Measured m = measureAndCheck(webkitPair, "webkit");
        String report = journeys + "\n" + m.report();
        JsonNode stats = webkitPair.engines.get(1).eval("window.roomcastDebug.stats");
        assertEquals("context-time", stats.path("outputModel").asText(), report);
        assertEquals(false, stats.path("latencyKnown").asBoolean(), "WebKit hides its output latency and the page says so:\n" + report);
        assertEquals(false, stats.path("shared").asBoolean(), "WebKit has no SharedArrayBuffer: the message ring:\n" + report);
        assertTrue(webkitPair.engines.get(1).text("#sync-note").contains("approximate"), "the page says so: " + webkitPair.engines.get(1).text("#sync-note"));
        // the phone's viewport: everything fits its width (no sideways scrolling), the three tabs are there
        Engine webkit = webkitPair.engines.get(1);
        JsonNode fit = webkit.eval("({ inner: innerWidth, scroll: document.documentElement.scrollWidth,"
                + " tabs: [...document.querySelectorAll('.tabbar button')].filter(t => t.getBoundingClientRect().width > 0).length })");
        assertTrue(fit.path("inner").asInt() <= 450 && fit.path("scroll").asInt() <= fit.path("inner").asInt() && fit.path("tabs").asInt() == 3,
                "the page fits a phone-width WebKit viewport, with its tab bar: " + fit);
        tapAlongOnWebKit(webkitPair, m.results().get(1));
    }

    /**
     * #21 for the phone's engine: WebKit hides its output latency, so its page assumes one and says
     * "approximate". A person taps along where they hear each click — the sink's skew after the page's
     * own moment — and the measured delay stands in: the page then says its calibration does, states
     * the tap's honest uncertainty, and plays within it at the sink.
     */
    static void tapAlongOnWebKit(CrossBrowserSync sync, CrossBrowserSync.GuestResult before) throws IOException {
        double heardLateMs = before.median();
        Engine webkit = sync.engines.get(1);
        webkit.eval("(() => { document.querySelector('#sync-details').open = true; document.getElementById('tap-open').click(); return true; })()");
        webkit.eval(TapAlongPerson.script(heardLateMs));
        webkit.eval("(() => { document.getElementById('tap-start').click(); return true; })()");
        await("the tap-along run ends").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
                .until(() -> !webkit.eval("window.roomcastDebug.tapResult ?? null").isNull());
        JsonNode tap = webkit.eval("window.roomcastDebug.tapResult");
        assertTrue(tap.path("ok").asBoolean(), "taps " + heardLateMs + " ms after each click set a delay: " + tap);
        List<CrossBrowserSync.GuestResult> rs = sync.measure(4, 20);
        CrossBrowserSync.GuestResult ref = rs.get(0);
        CrossBrowserSync.GuestResult r = rs.get(1);
        String report = "WebKit before tapping along: " + String.format(Locale.ROOT, "%+.1f", heardLateMs) + " ms at the sink, stating ±"
                + before.stats().path("syncUncertaintyMs").asDouble() + " ms; tapped " + tap
                + "\nafter:\n" + sync.report(rs);
        System.out.println(report);
        Files.writeString(LiveStack.target().resolve("xbrowser-sync-webkit-tap-along-report.txt"), report);
        webkit.screenshot(LiveStack.target().resolve("screenshots").resolve("xbrowser-webkit-tap-along.png"));
        assertTrue(r.stats().path("calibrated").asBoolean() && r.stats().path("latencyKnown").asBoolean(), "the page knows it is calibrated: " + report);
        assertTrue(webkit.text("#sync-note").contains("your calibration stands in for it"), "and says so: " + webkit.text("#sync-note"));
        double stated = r.stats().path("syncUncertaintyMs").asDouble() + ref.stats().path("syncUncertaintyMs").asDouble();
        // the tap's ± stands in for the assumed latency's ±30 ms (UNKNOWN_LATENCY_UNCERTAINTY_MS). The whole
        // statement also carries the main thread's jitter at that moment, which load moves by several ms
        // between two measurements (CI: ±34.2 before, ±37.9 after with the tap's ±27), so the part is compared
        double pmMs = webkit.eval("window.roomcastDebug.player.out.calibrationPmMs").asDouble();
        assertTrue(pmMs > 0 && pmMs < 30, "the calibration is surer than the assumed ±30 ms: ±" + pmMs + "\n" + report);
        assertTrue(r.stats().path("outputUncertaintyMs").asDouble() >= pmMs, "and the page states it: " + report);
        assertTrue(r.skewMs().size() >= 16 && r.p(0.95) <= stated, "p95 skew within the stated uncertainty " + stated + " ms:\n" + report);
        // WebKit's hidden latency itself wanders by a few ms between measurements (18–72 ms with load)
        assertTrue(Math.abs(r.median()) <= Math.abs(heardLateMs) + 5,
                "no further from the reference than before tapping (" + heardLateMs + " ms):\n" + report);
    }

    @Test
    @Order(4)
    @DisplayName("the phone's engine: WebKit's audio interrupted (as by a call) comes back by itself, re-anchors and plays in step again")
    void interruptedWebKitComesBack() throws IOException {
        if (webkitPair == null) {
            webkitPair = pair("webkit", new CrossBrowserSync.Guest("webkit", Engine.Kind.WEBKIT, stack.gatewayB(), "webcodecs", true, 390, 844), 0);
        }
        CrossBrowserSync sync = webkitPair;
        Engine webkit = sync.engines.get(1);
        long before = webkit.eval("window.roomcastDebug.stats.interruptions").asLong();
        // what iOS does to a page's audio on a call: the context stops running
        webkit.eval("window.roomcastDebug.player.ctx.suspend().then(() => true)");
        await("the player notices and resumes").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() ->
                webkit.eval("window.roomcastDebug.player.events.some(e => e.kind === 'resumed')"
                        + " && window.roomcastDebug.player.ctx.state === 'running'").asBoolean());
        long from = sync.recorder.frames();
        await("8 clicks after the interruption").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> sync.recorder.onsets(1, from).size() >= 10 && sync.recorder.onsets(0, from).size() >= 10);
        List<Double> skew = CrossBrowserSync.pair(sync.recorder.onsets(1, from).stream().skip(2).map(x -> x * 1e6 / 48_000).toList(),
                sync.recorder.onsets(0, from).stream().map(x -> x * 1e6 / 48_000).toList());
        var stats = webkit.eval("window.roomcastDebug.stats");
        double stated = stats.path("syncUncertaintyMs").asDouble() + sync.engines.get(0).eval("window.roomcastDebug.stats.syncUncertaintyMs").asDouble();
        String report = "WebKit after an interruption, skew to chromium-A at the sink: " + ClickTap.summary(skew) + "; events "
                + webkit.eval("window.roomcastDebug.player.events.filter(e => ['interrupted', 'resumed', 'anchor'].includes(e.kind)).slice(-6)")
                + "; claims " + CrossBrowserSync.claim(stats);
        System.out.println(report);
        Files.writeString(LiveStack.target().resolve("xbrowser-interruption-report.txt"), report + "\n");
        assertEquals(before + 1, stats.path("interruptions").asLong(), report);
        assertTrue(skew.size() >= 6, report);
        assertTrue(ClickTap.percentile(skew.stream().map(Math::abs).toList(), 0.95) <= stated, "back within its stated uncertainty: " + report);
        webkitPair.close();
        webkitPair = null;
    }

    @Test
    @Order(6)
    @DisplayName("a Firefox host is offered its input devices and files, told plainly that display audio is missing, goes live from a file,"
            + " and two Chromium guests play it in sync at the sink")
    void firefoxHostGoesLive() throws IOException, InterruptedException {
        hostGoesLive(Engine.Kind.FIREFOX, "Firefox");
    }

    /** Safari's engine hosting (#22 item 4): a Mac user who opens Roomcast in Safari starts the room there. */
    @Test
    @Order(7)
    @DisplayName("a WebKit host is told plainly that display audio is missing, goes live from a file (WebCodecs Opus), and two Chromium guests play it in sync at the sink")
    void webkitHostGoesLive() throws IOException, InterruptedException {
        hostGoesLive(Engine.Kind.WEBKIT, "WebKit");
    }

    /** A host in {@code kind} (on the sink's third channel) and two Chromium guests, each on its own gateway. */
    static void hostGoesLive(Engine.Kind kind, String engine) throws IOException, InterruptedException {
        String name = engine.toLowerCase(java.util.Locale.ROOT) + "-host";
        try (CrossBrowserSync sync = pair(name,
                new CrossBrowserSync.Guest("chromium-B", Engine.Kind.CHROMIUM, stack.gatewayB(), "webcodecs", true, 390, 844), 1);
             Engine host = Engines.launch(kind, new EngineOptions(name, sync.pulse.env("g2"), 1280, 900,
                     LiveStack.target().resolve("xbrowser").resolve(name).resolve(engine.toLowerCase(java.util.Locale.ROOT))))) {
            browserHost(sync, host, engine);
        }
    }

    static void browserHost(CrossBrowserSync sync, Engine host, String engine) throws IOException, InterruptedException {
        LiveStack stack = sync.stack;
        host.open(stack.gatewayA().baseUrl() + "/");
        host.fill("#room-name", engine + " hosts");
        host.fill("#host-name", "Foxy");
        host.click("#create-room");
        await("the studio opens").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> host.eval("location.pathname + location.search").asText().matches("/host\\.html\\?room=[A-Za-z0-9_-]{12}"));
        String roomId = host.eval("new URLSearchParams(location.search).get('room')").asText();
        host.screenshot(LiveStack.target().resolve("screenshots").resolve("xbrowser-" + host.name() + "-studio.png"));
        await("the studio's script ran").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> !host.eval("document.querySelector('#display-help').textContent").asText().isBlank());
        String displayHelp = host.eval("document.querySelector('#display-help').textContent").asText();
        assertTrue(displayHelp.contains("cannot share tab or system audio"), "said plainly: " + displayHelp);
        assertEquals(true, host.eval("document.querySelector('#pick-display').disabled").asBoolean(), "no display capture offered");
        assertEquals(false, host.eval("document.querySelector('#tab-input').disabled").asBoolean(), "input devices offered");
        Path wav = longClickWav();
        host.click("#tab-files");
        host.setFile("#file-input", wav);
        await("the file is in the playlist").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> host.eval("document.querySelectorAll('#playlist li').length").asInt() == 1);
        host.click("#play-files");
        host.select("#preset", "stable"); // D = 5 s: a browser host on a busy box delivers in 1–2 s
        await("the room is in the Stable preset").atMost(Duration.ofSeconds(10)).until(() ->
                "stable".equals(Rest.get(stack.gatewayA(), "/api/rooms/" + roomId).body().path("preset").asText()));
        await("go live is enabled").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> !host.eval("document.querySelector('#go-live').disabled").asBoolean());
        host.click("#go-live");
        await("the " + engine + " host is live").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> "true".equals(host.eval("document.querySelector('#live-badge').dataset.live").asText()));
        String capture = host.eval("(c => typeof c.stats === 'function' ? c.stats() : c)(window.roomcastDebug.capture)").toString();

        List<Engine> guests = List.of(sync.engines.get(0), sync.engines.get(1));
        List<dev.roomcast.testsupport.ServiceProcess> gateways = List.of(stack.gatewayA(), stack.gatewayB());
        for (int i = 0; i < 2; i++) {
            Engine g = guests.get(i);
            g.open(gateways.get(i).baseUrl() + "/room/" + roomId);
            await(g.name() + " sees the room live").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> g.eval("Boolean(window.roomcastDebug && window.roomcastDebug.live)").asBoolean());
            g.click("#join-audio");
        }
        for (Engine g : guests) {
            await(g.name() + " plays the " + engine + " host").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
                    .until(() -> g.eval("window.roomcastDebug.playedPackets").asLong() > 50);
        }
        long settle = sync.recorder.frames();
        // 15 clicks (1 s apart here) for the guests' sync to settle after they joined: with 8, CI measured B − A
        // slewing from −12.5 to −3.4 ms through the window; with 12 (and the 0.5 s clock probing), +8.1 → +2.4 ms
        // (2026-12-07): two guests of one host still take ~15 s to agree within 5 ms, a known gap (docs/SYNC.md)
        await("15 clicks heard").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> sync.recorder.onsets(0, settle).size() >= 15 && sync.recorder.onsets(1, settle).size() >= 15);
        long from = sync.recorder.frames();
        await("10 clicks heard by both guests").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
                .until(() -> sync.recorder.onsets(0, from).size() >= 10 && sync.recorder.onsets(1, from).size() >= 10);
        List<Double> skew = CrossBrowserSync.pair(sync.recorder.onsets(1, from).stream().map(x -> x * 1e6 / 48_000).toList(),
                sync.recorder.onsets(0, from).stream().map(x -> x * 1e6 / 48_000).toList());
        String report = engine + " host capture " + capture + "\nChromium guest B − A at the sink: " + ClickTap.summary(skew)
                + "\nA " + CrossBrowserSync.claim(guests.get(0).eval("window.roomcastDebug.stats"))
                + "\nB " + CrossBrowserSync.claim(guests.get(1).eval("window.roomcastDebug.stats"))
                + "\nhost console " + host.consoleErrors();
        System.out.println(report);
        Files.writeString(LiveStack.target().resolve("xbrowser-" + host.name() + "-report.txt"), report + "\n");
        host.screenshot(LiveStack.target().resolve("screenshots").resolve("xbrowser-" + host.name() + ".png"));
        assertTrue(skew.size() >= 9, report);
        double bound = SKEW_P95_MS + (guests.get(0).eval("window.roomcastDebug.stats.clockRttMs").asDouble()
                + guests.get(1).eval("window.roomcastDebug.stats.clockRttMs").asDouble()) / 2;
        assertTrue(ClickTap.percentile(skew.stream().map(Math::abs).toList(), 0.95) <= bound,
                "guests in sync with each other (p95 ≤ " + String.format("%.1f", bound) + " ms): " + report);
        assertEquals(List.of(), host.consoleErrors(), report);
    }

    /** 90 s of the click WAV (440/660 Hz, a click every second), long enough to go live and measure. */
    static Path longClickWav() throws IOException, InterruptedException {
        Path out = LiveStack.target().resolve("audio").resolve("tones-clicks-90s.wav");
        if (!Files.exists(out)) {
            Path src = Browser.wav("tones-clicks.wav", true, 440, 660);
            Process p = new ProcessBuilder("sox", src.toString(), out.toString(), "repeat", "2").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "sox made " + out);
        }
        return out;
    }
}
