package dev.roomcast.systemtests;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.systemtests.engines.ClickRecorder;
import dev.roomcast.systemtests.engines.Engine;
import dev.roomcast.systemtests.engines.EngineOptions;
import dev.roomcast.systemtests.engines.Engines;
import dev.roomcast.systemtests.engines.PrivatePulse;
import dev.roomcast.testsupport.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Guests in several browser engines, measured where the sound is: a {@link PrivatePulse} with one
 * channel per guest, recorded together ({@link ClickRecorder}), so "in sync" is judged outside every
 * page. A Java host ({@link JavaHost}) sends 440/660 Hz tones with a click every 625 ms; each guest
 * page joins, taps "Join audio" and plays into its own channel. For every click the recording gives
 * each guest's onset on one sample clock; guest 0 (a Chromium guest) is the reference. Each page
 * also taps its own output (roomcastDebug.tapOnsets) and says where it thinks each click played
 * (server clock): the page's own estimate, compared with the recording. Used by
 * {@code CrossBrowserSyncIT} (assertions) and {@code BrowsersBench} (./run bench browsers).
 */
final class CrossBrowserSync implements AutoCloseable {
    static final int CLICK_EVERY_SAMPLES = 30_000; // 625 ms: 8 clicks per 5 s loop
    static final double CLICK_PERIOD_MS = CLICK_EVERY_SAMPLES / 48.0;

    /** One guest: engine, channel (= sink g<channel>), gateway, decoder ("webcodecs" or "wasm"), shared ring or not. */
    record Guest(String name, Engine.Kind kind, ServiceProcess gateway, String decoder, boolean shared, int width, int height, String query) {
        Guest(String name, Engine.Kind kind, ServiceProcess gateway, String decoder, boolean shared, int width, int height) {
            this(name, kind, gateway, decoder, shared, width, height, "");
        }
    }

    /** What one guest did during a measurement, against the reference guest. */
    record GuestResult(String name, Engine.Kind kind, int clicks, List<Double> skewMs, List<Double> pageSkewMs,
                       int dropouts, JsonNode stats, List<String> consoleErrors) {
        double p(double q) {
            return ClickTap.percentile(skewMs.stream().map(Math::abs).toList(), q);
        }

        double median() {
            return ClickTap.percentile(skewMs, 0.5);
        }

        double pageMedian() {
            return ClickTap.percentile(pageSkewMs, 0.5);
        }
    }

    final LiveStack stack;
    final Path dir;
    final List<Guest> guests;
    final PrivatePulse pulse;
    final ClickRecorder recorder;
    final Rest.Room room;
    final JavaHost host;
    final List<Engine> engines = new ArrayList<>();

    CrossBrowserSync(LiveStack stack, Path dir, List<Guest> guests) {
        this(stack, dir, guests, 0);
    }

    /** With {@code spare} more sinks after the guests' (g&lt;n&gt;...), for an engine that is not a measured guest. */
    CrossBrowserSync(LiveStack stack, Path dir, List<Guest> guests, int spare) {
        this.stack = stack;
        this.dir = dir;
        this.guests = List.copyOf(guests);
        pulse = PrivatePulse.start(dir.resolve("pulse"), guests.size() + spare);
        ClickRecorder rec = null;
        JavaHost h = null;
        try {
            rec = ClickRecorder.start(pulse, ClickTap.THRESHOLD, 0.3);
            room = Rest.createRoom(stack.gatewayA(), "Every browser");
            h = JavaHost.join(stack.gatewayA(), room.roomId(), room.hostToken(), JavaHost.tonesWithClicks(CLICK_EVERY_SAMPLES));
            h.startBroadcast();
            h.stream(Integer.MAX_VALUE);
        } catch (RuntimeException e) {
            if (h != null) {
                h.close();
            }
            if (rec != null) {
                rec.close();
            }
            pulse.close();
            throw e;
        }
        recorder = rec;
        host = h;
    }

    /** The host switches the room's preset; waits until every started page has the new D. */
    void preset(String preset, double delayMs) {
        host.socket().send(WsClient.msg("room:settings").put("roomId", room.roomId()).put("preset", preset));
        await("every page has D = " + delayMs).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> engines.stream().allMatch(e -> e.eval("window.roomcastDebug.player.delayMs").asDouble() == delayMs));
    }

    /** Starts every guest's engine at once, opens the room, taps Join audio, waits until it plays and taps its output. */
    void startGuests() {
        List<CompletableFuture<Engine>> started = new ArrayList<>();
        for (int i = 0; i < guests.size(); i++) {
            Guest g = guests.get(i);
            int channel = i;
            started.add(CompletableFuture.supplyAsync(() -> Engines.launch(g.kind(),
                    new EngineOptions(g.name(), pulse.env("g" + channel), g.width(), g.height(), dir.resolve(g.name())))));
        }
        for (CompletableFuture<Engine> f : started) {
            try {
                engines.add(f.join());
            } catch (java.util.concurrent.CompletionException e) {
                started.forEach(o -> o.thenAccept(Engine::close));
                throw e;
            }
        }
        List<CompletableFuture<Void>> joined = new ArrayList<>();
        for (int i = 0; i < guests.size(); i++) {
            Guest g = guests.get(i);
            Engine e = engines.get(i);
            joined.add(CompletableFuture.runAsync(() -> join(g, e)));
        }
        CompletableFuture.allOf(joined.toArray(CompletableFuture[]::new)).join();
    }

    private void join(Guest g, Engine e) {
        e.open(g.gateway().baseUrl() + "/room/" + room.roomId() + g.query());
        await(g.name() + " sees the room live").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> e.eval("Boolean(window.roomcastDebug && window.roomcastDebug.live)").asBoolean());
        if ("wasm".equals(g.decoder())) {
            // the player looks for WebCodecs per packet: without it, the vendored WASM decoder
            e.eval("(delete window.AudioDecoder, delete window.EncodedAudioChunk, typeof AudioDecoder)");
        }
        if (!g.shared()) {
            e.eval("(delete window.SharedArrayBuffer, typeof SharedArrayBuffer)");
        }
        e.click("#join-audio");
        try {
            await(g.name() + " plays").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
                    .until(() -> e.eval("window.roomcastDebug.playedPackets").asLong() > 50);
        } catch (org.awaitility.core.ConditionTimeoutException ex) {
            throw new AssertionError(g.name() + " does not play: " + e.eval("({ join: document.querySelector('#join-audio')?.outerHTML,"
                    + " status: document.querySelector('#status')?.textContent, error: document.querySelector('#error')?.textContent,"
                    + " ctx: window.roomcastDebug.player.ctx?.state, stats: window.roomcastDebug.stats })") + " console " + e.consoleErrors(), ex);
        }
        e.eval("window.roomcastDebug.tapOnsets(" + ClickTap.THRESHOLD + ")");
    }

    /**
     * The guest journeys of #15 in guest {@code i}'s own engine: Leave audio → Join audio plays again;
     * the connection drops (the socket closed under the page, code 4000) and the page reconnects and
     * plays on without a tap; a reload comes back to the room and plays after Join audio — each within
     * 15 s, "Playing in sync." shown, no console error; then taps the reloaded page's output again, so
     * {@link #measure} measures the page as it is after all that. Returns what it saw, for the report.
     */
    String leaveJoinAndReload(int i) {
        Guest g = guests.get(i);
        Engine e = engines.get(i);
        StringBuilder seen = new StringBuilder(g.name() + " journeys:");
        e.click("#join-audio"); // Leave audio
        await(g.name() + " left the audio").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> "Join audio".equals(e.text("#join-audio").trim()));
        long t0 = System.nanoTime();
        e.click("#join-audio");
        awaitPlaying(g, e, "after Leave → Join audio");
        seen.append(String.format(" leave→join plays in %.2f s;", (System.nanoTime() - t0) / 1e9));
        t0 = System.nanoTime();
        e.eval("(window.__droppedWs = window.roomcastDebug.socket.ws, window.__droppedWs.close(4000, 'network gone'), true)");
        await(g.name() + " reconnects by itself").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> e.eval("(s => s.ws !== window.__droppedWs && s.ws && s.ws.readyState === 1)(window.roomcastDebug.socket)").asBoolean());
        awaitPlaying(g, e, "after the connection dropped (no tap)");
        seen.append(String.format(" connection drop → plays on in %.2f s;", (System.nanoTime() - t0) / 1e9));
        e.open(g.gateway().baseUrl() + "/room/" + room.roomId());
        await(g.name() + " sees the room live after a reload").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> e.eval("Boolean(window.roomcastDebug && window.roomcastDebug.live)").asBoolean());
        t0 = System.nanoTime();
        e.click("#join-audio");
        awaitPlaying(g, e, "after a reload");
        seen.append(String.format(" reload→join plays in %.2f s", (System.nanoTime() - t0) / 1e9));
        if (!e.consoleErrors().isEmpty()) {
            throw new AssertionError(g.name() + " logged console errors: " + e.consoleErrors());
        }
        e.eval("window.roomcastDebug.tapOnsets(" + ClickTap.THRESHOLD + ")"); // the reloaded page's own output tap, for measure()
        return seen.toString();
    }

    private static void awaitPlaying(Guest g, Engine e, String when) {
        long before = e.eval("window.roomcastDebug.playedPackets").asLong();
        try {
            await(g.name() + " plays " + when).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                    .until(() -> e.eval("window.roomcastDebug.playedPackets").asLong() > before + 50
                            && "Playing in sync.".equals(e.text("#status-text").trim()));
        } catch (org.awaitility.core.ConditionTimeoutException ex) {
            throw new AssertionError(g.name() + " does not play " + when + ": status \"" + e.text("#status-text") + "\", played "
                    + e.eval("window.roomcastDebug.playedPackets") + " (from " + before + ")", ex);
        }
    }

    /**
     * Lets {@code settle} clicks pass (the drift corrector settles), then collects {@code clicks} + 2
     * clicks in every channel and on every page, and pairs each guest's with the reference's.
     */
    List<GuestResult> measure(int settle, int clicks) {
        long settleFrom = recorder.frames();
        awaitClicks(settleFrom, settle);
        long from = recorder.frames();
        for (Engine e : engines) {
            e.eval("(window.roomcastDebug.onsets.splice(0), true)");
        }
        // two more than asked: a click at either edge of the window can be in one channel and not yet (or
        // no longer) in the reference's, and would then pair with nothing (CI once paired 29 of 30)
        awaitClicks(from, clicks + 2);
        List<List<Long>> heard = new ArrayList<>();
        List<List<Double>> pageOnsets = new ArrayList<>();
        for (int i = 0; i < guests.size(); i++) {
            heard.add(recorder.onsets(i, from));
            List<Double> p = new ArrayList<>();
            engines.get(i).eval("window.roomcastDebug.onsets.map(o => o.serverUs)").forEach(n -> p.add(n.asDouble()));
            pageOnsets.add(p);
        }
        List<GuestResult> out = new ArrayList<>();
        for (int i = 0; i < guests.size(); i++) {
            List<Double> skew = pair(heard.get(i).stream().map(x -> x * 1e6 / ClickRecorder.RATE).toList(),
                    heard.get(0).stream().map(x -> x * 1e6 / ClickRecorder.RATE).toList());
            List<Double> page = pair(pageOnsets.get(i), pageOnsets.get(0));
            Engine e = engines.get(i);
            out.add(new GuestResult(guests.get(i).name(), e.kind(), heard.get(i).size(), skew, page,
                    recorder.dropouts(i, from).size(), e.eval("window.roomcastDebug.stats"), e.consoleErrors()));
        }
        return out;
    }

    private void awaitClicks(long from, int n) {
        try {
            await(n + " clicks in every channel").atMost(Duration.ofMillis(Math.round(n * CLICK_PERIOD_MS) + 20_000))
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        for (int i = 0; i < guests.size(); i++) {
                            if (recorder.onsets(i, from).size() < n) {
                                return false;
                            }
                        }
                        return true;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder b = new StringBuilder("not every guest was heard " + n + " times at the sink:");
            for (int i = 0; i < guests.size(); i++) {
                Engine g = engines.get(i);
                b.append(String.format("%n  %s: %d clicks, %d dropouts, peak %.2f, page %s", guests.get(i).name(), recorder.onsets(i, from).size(),
                        recorder.dropouts(i, from).size(), recorder.peak(i), claim(g.eval("window.roomcastDebug.stats"))));
            }
            throw new AssertionError(b.toString(), e);
        }
    }

    /** For each onset of {@code a} (µs), a − the nearest onset of {@code ref} within half a click period, in ms. */
    static List<Double> pair(List<Double> a, List<Double> ref) {
        List<Double> out = new ArrayList<>();
        double window = CLICK_PERIOD_MS * 1000 / 2;
        for (double x : a) {
            double best = Double.NaN;
            for (double r : ref) {
                if (Math.abs(x - r) < window && (Double.isNaN(best) || Math.abs(x - r) < Math.abs(best))) {
                    best = x - r;
                }
            }
            if (!Double.isNaN(best)) {
                out.add(best / 1000);
            }
        }
        return out;
    }

    /** A page's sync claim: stats fields that say how it reads its output clock and how sure it is. */
    static Map<String, Object> claim(JsonNode s) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : List.of("outputModel", "latencyKnown", "outputUncertaintyMs", "syncUncertaintyMs", "outputCrossCheckMs",
                "outputLatencyMs", "outputDropped", "clockRttMs", "syncErrorMs", "shared", "decoder", "underruns", "late",
                "sampleRate", "resyncs", "slips")) {
            m.put(f, s.path(f).isMissingNode() ? null : s.path(f).toString());
        }
        return m;
    }

    String report(List<GuestResult> rs) {
        StringBuilder b = new StringBuilder("audio threads made real-time (as rtkit would): " + pulse.boostedThreads() + "\n");
        for (GuestResult r : rs) {
            b.append(String.format("%-12s %-8s clicks %d, skew to %s at the sink: median %.2f ms, |p50| %.2f, |p95| %.2f, |max| %.2f;"
                            + " page's own estimate: median %.2f ms; dropouts %d%n    values %s%n    page claims %s%n    console %s%n",
                    r.name(), r.kind().id(), r.clicks(), rs.get(0).name(), r.median(), r.p(0.5), r.p(0.95), r.p(1.0), r.pageMedian(),
                    r.dropouts(), r.skewMs().stream().map(v -> String.format("%.1f", v)).toList(), claim(r.stats()), r.consoleErrors()));
        }
        return b.toString();
    }

    @Override
    public void close() {
        for (Engine e : engines) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                System.out.println("closing " + e.name() + ": " + ex);
            }
        }
        host.close();
        recorder.close();
        pulse.close();
    }
}
