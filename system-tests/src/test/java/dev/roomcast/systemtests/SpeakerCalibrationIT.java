package dev.roomcast.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.systemtests.engines.ChromiumEngine;
import dev.roomcast.systemtests.engines.Engine;
import dev.roomcast.systemtests.engines.Engines;
import dev.roomcast.systemtests.engines.EngineOptions;
import dev.roomcast.systemtests.engines.PrivatePulse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * "Calibrate my speakers" (#21) on a real speaker → microphone loop: headless Chromium plays into a
 * private PulseAudio sink {@code spk} that delays everything by an exact, unreported N ms (LADSPA
 * cmt delay_5s) into {@code micbus}, whose monitor is remapped as the microphone {@code mic}
 * (/work/shared/audio-loop). The guest page calibrates with N = 0, 150 and 300 ms, one browser
 * session each, and the speaker delay it sets must follow N; a loop that carries nothing and a loop
 * drowned in noise are refused, and nothing is changed. A Firefox guest (which hides its output
 * latency) calibrates on the same loop with 0 and 150 ms and then knows its latency from it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpeakerCalibrationIT {
    /**
     * How far the speaker delay SET may be from the delay added. It is the round trip less the input
     * path less the output latency the player already plays early for, and that modeled output varies
     * 36–40 ms between browser sessions: a verify run set 144 for 150 with the round trip exact, which
     * was right for that session (its player played 3 ms early before), not an error of the reading.
     * The reading itself is held to the issue's ±5 ms by {@link #ADDED_TOLERANCE_MS}.
     */
    static final double TOLERANCE_MS = 8;
    /**
     * How far the added delay read by the microphone (the round trip less the loop's own, measured
     * with nothing added) may be from the delay added: the issue's ±5 ms. Measured: 150.00 and 300.00
     * (48.02 / 198.02 / 348.02 ms round trips, verify run of 2026-12-07 19:10).
     */
    static final double ADDED_TOLERANCE_MS = 5;
    static LiveStack stack;
    static PrivatePulse pulse;
    static Rest.Room room;
    static JavaHost host;
    static Path dir;
    static final Map<Integer, JsonNode> readings = new LinkedHashMap<>();

    @BeforeAll
    static void up() throws IOException {
        stack = LiveStack.get();
        dir = LiveStack.target().resolve("calibration");
        Files.createDirectories(dir);
        pulse = PrivatePulse.start(dir.resolve("pulse"), 1);
        pactl("load-module", "module-null-sink", "sink_name=micbus", "rate=48000", "channels=2");
        pactl("load-module", "module-remap-source", "source_name=mic", "master=micbus.monitor", "channels=2",
                "channel_map=front-left,front-right", "master_channel_map=front-left,front-right");
        pactl("set-default-source", "mic");
        room = Rest.createRoom(stack.gatewayA(), "Calibration");
        host = JavaHost.join(stack.gatewayA(), room.roomId(), room.hostToken(), 440);
        host.startBroadcast();
        host.stream(Integer.MAX_VALUE);
    }

    @AfterAll
    static void down() {
        if (host != null) {
            host.close();
        }
        if (pulse != null) {
            pulse.close();
        }
    }

    static void pactl(String... args) {
        assertTrue(pulse.pactlOk(args), "pactl " + String.join(" ", args));
    }

    /** The module index of the current speaker {@code spk}, or null. */
    static String speakerModule;

    /** The speaker: everything played comes back into the microphone {@code delayMs} later (or never, if null). */
    static void speaker(Integer delayMs) {
        if (speakerModule != null) {
            pactl("unload-module", speakerModule);
        }
        speakerModule = delayMs == null
                ? pactlOut("load-module", "module-null-sink", "sink_name=spk", "rate=48000", "channels=2",
                        "sink_properties=device.description=SilentSpeaker")
                : pactlOut("load-module", "module-ladspa-sink", "sink_name=spk", "sink_master=micbus", "plugin=cmt", "label=delay_5s",
                        "control=" + String.format(Locale.ROOT, "%.4f", delayMs / 1000.0) + ",1", "sink_properties=device.description=LoopSpeaker");
        pactl("set-default-sink", "spk");
    }

    /** pactl's answer (e.g. the index of a module it loaded); fails the test if it failed. */
    static String pactlOut(String... args) {
        List<String> cmd = new ArrayList<>(List.of("pactl"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(pulse.env("g0"));
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, "pactl " + cmd + ": " + out);
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A guest's browser on this loop: it plays into spk and its microphone is mic. */
    static ChromiumEngine guest(String name, int width, int height) {
        Map<String, String> env = new HashMap<>(pulse.env("spk"));
        env.put("PULSE_SOURCE", "mic");
        return new ChromiumEngine(new EngineOptions(name, env, width, height, dir.resolve(name),
                // the microphone is granted as a guest would grant it; 128-frame buffers as the loop recipe
                // needs (else the fixed part steps by 10.7 ms between sessions)
                List.of("--use-fake-ui-for-media-stream", "--audio-buffer-size=128")));
    }

    /**
     * A Firefox guest on the same loop: Firefox never reads its output latency here (its getters can
     * hang the page, docs/SYNC.md "Engines"), so its page assumes one and says its sync is approximate
     * until a measurement stands in: this calibration. The microphone is the loop's, not a fake one.
     */
    static Engine firefoxGuest(String name) {
        Map<String, String> env = new HashMap<>(pulse.env("spk"));
        env.put("PULSE_SOURCE", "mic");
        return Engines.launch(Engine.Kind.FIREFOX, new EngineOptions(name, env, 1280, 900, dir.resolve(name),
                List.of("pref:media.navigator.streams.fake=false")));
    }

    /** Opens the room and joins audio, as a guest does before calibrating. */
    static void joinAudio(Engine g) {
        g.open(stack.gatewayA().baseUrl() + "/room/" + room.roomId());
        await(g.name() + " runs the room page").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .failFast("the page failed: " + g.consoleErrors(), () -> !g.consoleErrors().isEmpty())
                .until(() -> g.eval("typeof window.roomcastDebug === 'object'").asBoolean());
        await(g.name() + " can join audio").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> g.eval("!document.querySelector('#join-audio').disabled").asBoolean());
        g.click("#join-audio");
        await(g.name() + " plays").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
                .until(() -> g.eval("window.roomcastDebug.playedPackets").asLong() > 50);
        g.eval("(() => { document.querySelector('#sync-details').open = true; return true; })()");
    }

    /** Taps "Calibrate my speakers", reads the explanation, taps Start; returns the page's verdict and what it shows. */
    static JsonNode calibrateOnce(Engine g) {
        g.eval("(() => { window.roomcastDebug.calibration = null; return true; })()");
        g.click("#calibrate");
        assertTrue(g.eval("!document.querySelector('#calibrate-panel').hidden").asBoolean(), "the explanation comes first");
        assertTrue(g.text("#calibrate-help").contains("Nothing is recorded or sent"), g.text("#calibrate-help"));
        g.click("#calibrate-start");
        await(g.name() + " calibrates").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
                .until(() -> !g.eval("window.roomcastDebug.calibration ?? null").isNull());
        return g.eval("(async () => { const c = window.roomcastDebug.calibration; return { ...c, clicks: c.clicks?.map((k) => ({"
                + " roundTripMs: Math.round(k.roundTripMs * 100) / 100, pathMs: Math.round(k.pathMs * 100) / 100, coef: Math.round(k.coef * 100) / 100 })),"
                + " result: document.querySelector('#calibrate-result').textContent,"
                + " slider: Number(document.querySelector('#nudge').value),"
                + " stored: JSON.parse(localStorage.getItem('roomcast.settings') || '{}').nudgeMs ?? null,"
                + " outputs: (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audiooutput')"
                + "   .map((d) => `${d.deviceId.slice(0, 8)}/${d.groupId.slice(0, 8)}/${d.label}`),"
                + " }; })()");
    }

    /**
     * Calibrates as a guest would: when the page says the clicks came back at different delays and
     * asks to try again (a busy machine's audio clock slipped meanwhile), it tries again, three times
     * at most. Returns every attempt's verdict, the last one last.
     */
    static List<JsonNode> calibrate(Engine g) {
        List<JsonNode> attempts = new ArrayList<>();
        do {
            attempts.add(calibrateOnce(g));
        } while (attempts.size() < 3 && "unsteady".equals(attempts.get(attempts.size() - 1).path("reason").asText()));
        return attempts;
    }

    @Test
    @Order(1)
    void readsTheAddedDelay() throws IOException {
        List<String> report = new ArrayList<>();
        for (int n : new int[] {0, 150, 300}) {
            speaker(n);
            for (int session = 1; session <= 2; session++) {
                try (ChromiumEngine g = guest("calibrate-" + n + (session > 1 ? "-again" : ""), 1280, 900)) {
                    joinAudio(g);
                    List<JsonNode> attempts = calibrate(g);
                    JsonNode r = attempts.get(attempts.size() - 1);
                    readings.put(n, r);
                    report.add("added " + n + " ms (load " + Files.readString(Path.of("/proc/loadavg")).trim() + "), session " + session + ", "
                            + attempts.size() + " attempt(s): " + attempts);
                    Files.writeString(LiveStack.target().resolve("calibration-report.txt"), String.join("\n", report) + "\n");
                    // The page refusing a measurement as unsteady means the loop itself moved while it listened: at
                    // load 10 the round trip stepped 48 → 143 → 66 → 69 ms within one session while the page's
                    // output model stayed at 36–37 ms (the path below the page grew, and stayed grown), so the
                    // added delay was no longer that session's truth and the third attempt read a steady 19 ms for
                    // 0 — right for that stream, wrong for the test. Only then is a fresh session (a new stream)
                    // allowed, once; a session that never saw the loop move is held to the tolerance at once.
                    boolean moved = attempts.stream().anyMatch(a -> "unsteady".equals(a.path("reason").asText()));
                    boolean read = r.path("ok").asBoolean() && Math.abs(r.path("nudgeMs").asInt() - n) <= TOLERANCE_MS;
                    if (!read && moved && session == 1) {
                        continue;
                    }
                    if (n == 150) {
                        g.screenshot(LiveStack.target().resolve("screenshots").resolve("guest-calibrated.png"));
                    }
                    assertTrue(r.path("ok").asBoolean(), "calibrated with " + n + " ms added: " + attempts);
                    int nudge = r.path("nudgeMs").asInt();
                    assertEquals(nudge, r.path("slider").asInt(), "the slider shows what was set: " + r);
                    assertEquals(nudge, r.path("stored").asInt(), "and it is remembered: " + r);
                    assertTrue(r.path("result").asText().contains(" set to " + nudge + " ms ("), r.path("result").asText());
                    await("the music is heard again after the clicks").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                            .until(() -> g.eval("window.roomcastDebug.player.gain.gain.value").asDouble() > 0.99);
                    // remembered for this output device (by its name, known once the microphone was allowed)
                    String device = r.path("device").asText();
                    // the name the browser gives the output that plays: Chromium on PulseAudio names the default
                    // output only "Default" (on macOS and Windows "Default - <device>"), so that is the key here
                    assertTrue(!device.isEmpty() && !"default".equals(device), "the speaker has a name: " + r);
                    // a measured delay is kept with how well it was measured ({ms, pmMs}; a number is one set by hand)
                    JsonNode kept = g.eval("JSON.parse(localStorage.getItem('roomcast.settings')).speakerDelays["
                            + dev.roomcast.systemtests.engines.Json.quote(device) + "]");
                    assertEquals(nudge, kept.path("ms").asInt(), "remembered for " + device + ": " + kept);
                    assertTrue(kept.path("pmMs").asDouble() > 0 && kept.path("pmMs").asDouble() < 10,
                            "with the accuracy it was measured to (± spread/2 + 3 ms): " + kept);
                    if (n == 300) {
                        joinAudio(g); // a reload: the same speaker plays, its delay is back before anything is measured
                        assertEquals(nudge, g.eval("Number(document.querySelector('#nudge').value)").asInt(), "after a reload");
                        assertEquals(device, g.eval("window.roomcastDebug.speakerKey").asText());
                    }
                    assertEquals(List.of(), g.consoleErrors());
                    break;
                }
            }
        }
        System.out.println(String.join("\n", report));
        // the speaker delay set is the delay added: with none, the model's own error (the input path,
        // docs/SYNC.md "Calibrating a speaker"), and each added delay read on top of it
        for (int n : new int[] {0, 150, 300}) {
            double set = readings.get(n).path("nudgeMs").asDouble();
            assertTrue(Math.abs(set - n) <= TOLERANCE_MS, "with " + n + " ms added the speaker delay set is " + set + " ms:\n" + report);
        }
        // the issue's ±5 ms, on what the microphone measured: each added delay is read on top of the
        // loop's own round trip (with nothing added), whatever the player's output model said that
        // session. The round trip is what the delay set follows (set = round trip − input − modeled
        // output), so a speaker that is N ms slower gets N ms more of it.
        double base = readings.get(0).path("roundTripMs").asDouble();
        for (int n : new int[] {150, 300}) {
            double read = readings.get(n).path("roundTripMs").asDouble() - base;
            assertTrue(Math.abs(read - n) <= ADDED_TOLERANCE_MS, "with " + n + " ms added the round trip grew by " + read
                    + " ms (± " + ADDED_TOLERANCE_MS + "):\n" + report);
        }
    }

    @Test
    @Order(2)
    void silentLoopIsRefused() {
        speaker(null); // the microphone hears nothing of the speaker (headphones)
        try (ChromiumEngine g = guest("calibrate-silent", 390, 844)) {
            g.open(stack.gatewayA().baseUrl() + "/room/" + room.roomId());
            g.eval("(() => { localStorage.setItem('roomcast.settings', JSON.stringify({ nudgeMs: 40 })); return true; })()");
            joinAudio(g);
            JsonNode r = calibrateOnce(g);
            g.screenshot(LiveStack.target().resolve("screenshots").resolve("guest-calibration-refused-phone.png"));
            assertEquals(false, r.path("ok").asBoolean(), r.toString());
            assertEquals("not_heard", r.path("reason").asText(), r.toString());
            assertTrue(r.path("result").asText().startsWith("Your microphone did not hear the clicks"), r.path("result").asText());
            assertEquals(40, r.path("slider").asInt(), "nothing was changed: " + r);
        }
    }

    @Test
    @Order(3)
    void noisyLoopIsRefused() throws Exception {
        speaker(150);
        Path noise = dir.resolve("noise.wav");
        Process sox = new ProcessBuilder("sox", "-n", "-r", "48000", "-c", "2", "-b", "16", noise.toString(), "synth", "60", "whitenoise", "vol", "0.7")
                .redirectErrorStream(true).start();
        assertEquals(0, sox.waitFor());
        ProcessBuilder pb = new ProcessBuilder("paplay", "-d", "micbus", noise.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(pulse.env("micbus")); // the room's noise, straight into what the microphone hears
        Process loud = pb.start();
        try (ChromiumEngine g = guest("calibrate-noisy", 1280, 900)) {
            joinAudio(g);
            JsonNode r = calibrateOnce(g);
            assertEquals(false, r.path("ok").asBoolean(), r.toString());
            assertEquals("too_noisy", r.path("reason").asText(), r.toString());
            assertTrue(r.path("result").asText().startsWith("Too noisy to hear the clicks clearly"), r.path("result").asText());
        } finally {
            loud.destroy();
        }
    }

    @Test
    @Order(4)
    void firefoxReadsTheAddedDelay() throws IOException {
        Map<Integer, JsonNode> firefox = new LinkedHashMap<>();
        List<String> report = new ArrayList<>();
        for (int n : new int[] {0, 150}) {
            speaker(n);
            try (Engine g = firefoxGuest("calibrate-firefox-" + n)) {
                joinAudio(g);
                await("before: the page says Firefox's sync is approximate").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                        .until(() -> g.text("#sync-note").contains("approximate"));
                List<JsonNode> attempts = calibrate(g);
                JsonNode r = attempts.get(attempts.size() - 1);
                firefox.put(n, r);
                report.add("Firefox, added " + n + " ms (load " + Files.readString(Path.of("/proc/loadavg")).trim() + "), "
                        + attempts.size() + " attempt(s): " + attempts);
                Files.writeString(LiveStack.target().resolve("calibration-firefox-report.txt"), String.join("\n", report) + "\n");
                assertTrue(r.path("ok").asBoolean(), "Firefox calibrated with " + n + " ms added: " + attempts);
                JsonNode stats = g.eval("window.roomcastDebug.stats");
                assertTrue(stats.path("calibrated").asBoolean() && stats.path("latencyKnown").asBoolean(),
                        "the measurement stands in for the latency Firefox does not tell: " + stats);
                await("and the page says so").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                        .until(() -> g.text("#sync-note").contains("your calibration stands in for it"));
                List<Double> stated = new ArrayList<>();
                try {
                    await("the page states a calibrated uncertainty").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                            .until(() -> {
                                stated.add(g.eval("window.roomcastDebug.stats.syncUncertaintyMs").asDouble());
                                return stated.get(stated.size() - 1) < 30;
                            });
                } finally {
                    report.add("  stated uncertainty after it, every 0.5 s: " + stated);
                    Files.writeString(LiveStack.target().resolve("calibration-firefox-report.txt"), String.join("\n", report) + "\n");
                }
                if (n == 150) {
                    g.screenshot(LiveStack.target().resolve("screenshots").resolve("guest-calibrated-firefox.png"));
                }
                assertEquals(List.of(), g.consoleErrors());
            }
        }
        System.out.println(String.join("\n", report));
        double read = firefox.get(150).path("roundTripMs").asDouble() - firefox.get(0).path("roundTripMs").asDouble();
        assertTrue(Math.abs(read - 150) <= ADDED_TOLERANCE_MS, "in Firefox, with 150 ms added the round trip grew by " + read + " ms:\n" + report);
        double set = firefox.get(150).path("nudgeMs").asDouble() - firefox.get(0).path("nudgeMs").asDouble();
        assertTrue(Math.abs(set - 150) <= TOLERANCE_MS, "and the speaker delay set grew by " + set + " ms:\n" + report);
    }
}
