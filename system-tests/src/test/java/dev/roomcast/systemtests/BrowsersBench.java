package dev.roomcast.systemtests;

import dev.roomcast.systemtests.engines.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./run bench browsers}: CrossBrowserSyncIT's measurement as a benchmark (bench/README.md).
 * Guests are measured in pairs, as the test does: a Chromium reference and one other guest at a
 * time — the Chromium control, Firefox, WebKit, and Chromium without SharedArrayBuffer (the message
 * ring WebKit uses). Five browsers at once on two cores starve the audio threads (Firefox and WebKit
 * ran 135 and 36 underruns and could not be heard: 2026-12-07), which measures the machine, not the
 * page. For each run (bench.browsers.runs, default 3), decoder (bench.browsers.decoders: webcodecs,
 * wasm) and pair, each preset (bench.browsers.presets: stable, party, live) plays and
 * bench.browsers.clicks (default 30) clicks are recorded at the PulseAudio sink. One JSON line per
 * guest and point goes to bench/results/browsers.jsonl; a pair that fails is written as a line
 * with its error and the run goes on. The stack is system-tests' LiveStack (started once).
 */
public final class BrowsersBench {
    private static final Map<String, Double> DELAYS = Map.of("stable", 5000.0, "party", 1200.0, "live", 400.0);

    private BrowsersBench() {}

    public static void main(String[] args) {
        try {
            run();
        } catch (Throwable t) {
            // System.exit in a finally would swallow it: say what failed, and fail the run
            t.printStackTrace();
            System.exit(1); // LiveStack's shutdown hook stops the services
        }
        System.exit(0);
    }

    private static void run() throws IOException {
        int runs = Integer.getInteger("bench.browsers.runs", 3);
        int clicks = Integer.getInteger("bench.browsers.clicks", 30);
        // as CrossBrowserSyncIT: 12 clicks (7.5 s) after the pair starts or the preset changes before
        // counting; the first seconds after a change are a transient (up to 35 ms between two Chromium
        // guests for ~10 s after a preset switch, 2026-12-07), measured apart in docs/SYNC.md
        int settle = Integer.getInteger("bench.browsers.settle", 12);
        List<String> decoders = List.of(System.getProperty("bench.browsers.decoders", "webcodecs,wasm").split(","));
        List<String> presets = List.of(System.getProperty("bench.browsers.presets", "stable,party,live").split(","));
        List<String> only = List.of(System.getProperty("bench.browsers.guests", "chromium-B,firefox,webkit,chromium-nosab,chromium-element")
                .split(","));
        Path out = Path.of(System.getProperty("bench.root", ".")).resolve("bench/results/browsers.jsonl");
        LiveStack stack = LiveStack.get();
        for (int run = 1; run <= runs; run++) {
            for (String decoder : decoders) {
                // the control's p95 per preset in this run and decoder: what "over the control" subtracts
                Map<String, Double> controlP95 = new LinkedHashMap<>();
                List<CrossBrowserSync.Guest> others = List.of(
                        new CrossBrowserSync.Guest("chromium-B", Engine.Kind.CHROMIUM, stack.gatewayB(), decoder, true, 390, 844),
                        new CrossBrowserSync.Guest("firefox", Engine.Kind.FIREFOX, stack.gatewayA(), decoder, true, 1280, 900),
                        new CrossBrowserSync.Guest("webkit", Engine.Kind.WEBKIT, stack.gatewayB(), decoder, true, 390, 844),
                        new CrossBrowserSync.Guest("chromium-nosab", Engine.Kind.CHROMIUM, stack.gatewayB(), decoder, false, 390, 844),
                        // screen off: play-out through an <audio> element, whose clock is not the context's (docs/SYNC.md "Screen off")
                        new CrossBrowserSync.Guest("chromium-element", Engine.Kind.CHROMIUM, stack.gatewayB(), decoder, true, 390, 844,
                                "?output=element"));
                for (CrossBrowserSync.Guest other : others) {
                    if (!only.contains(other.name())) {
                        continue;
                    }
                    List<CrossBrowserSync.Guest> pair = List.of(
                            new CrossBrowserSync.Guest("chromium-A", Engine.Kind.CHROMIUM, stack.gatewayA(), decoder, true, 1280, 900), other);
                    Path dir = LiveStack.target().resolve("bench-browsers-" + run + "-" + decoder + "-" + other.name());
                    try (CrossBrowserSync sync = new CrossBrowserSync(stack, dir, pair)) {
                        sync.preset(presets.get(0), DELAYS.get(presets.get(0)));
                        sync.startGuests();
                        for (String preset : presets) {
                            sync.preset(preset, DELAYS.get(preset));
                            double load = load1();
                            List<CrossBrowserSync.GuestResult> rs = sync.measure(settle, clicks);
                            System.out.println("[bench] browsers run " + run + " " + decoder + " " + preset + " (load " + load + ")\n"
                                    + sync.report(rs));
                            CrossBrowserSync.GuestResult r = rs.get(1);
                            if (other.name().equals("chromium-B")) {
                                controlP95.put(preset, r.p(0.95));
                            }
                            Map<String, Object> m = point(run, preset, decoder, other);
                            m.put("clicks", r.skewMs().size());
                            m.put("settleClicks", settle);
                            m.put("skewMedianMs", r.median());
                            m.put("skewP50Ms", r.p(0.5));
                            m.put("skewP95Ms", r.p(0.95));
                            m.put("skewMaxMs", r.p(1.0));
                            m.put("overControlP95Ms", r.p(0.95) - controlP95.getOrDefault(preset, Double.NaN));
                            m.put("pageEstimateMedianMs", r.pageMedian());
                            m.put("dropouts", r.dropouts());
                            m.put("referenceDropouts", rs.get(0).dropouts());
                            m.put("underruns", r.stats().path("underruns").asInt());
                            m.put("late", r.stats().path("late").asBoolean());
                            m.put("outputModel", r.stats().path("outputModel").asText());
                            m.put("latencyKnown", r.stats().path("latencyKnown").asBoolean());
                            m.put("syncUncertaintyMs", r.stats().path("syncUncertaintyMs").asDouble());
                            m.put("outputLatencyMs", r.stats().path("outputLatencyMs").asDouble());
                            m.put("shared", r.stats().path("shared").asBoolean());
                            m.put("decoderUsed", r.stats().path("decoder").asText());
                            m.put("bufferMs", r.stats().path("bufferMs").asDouble());
                            m.put("clockRttMs", r.stats().path("clockRttMs").asDouble());
                            m.put("load1", load);
                            m.put("load1After", load1());
                            write(out, m);
                        }
                    } catch (RuntimeException | AssertionError e) {
                        System.out.println("[bench] browsers run " + run + " " + decoder + " " + other.name() + " failed: " + e);
                        Map<String, Object> m = point(run, "-", decoder, other);
                        m.put("error", String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()));
                        m.put("load1", load1());
                        write(out, m);
                    }
                }
            }
        }
    }

    private static Map<String, Object> point(int run, String preset, String decoder, CrossBrowserSync.Guest g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bench", "browsers");
        m.put("run", run);
        m.put("preset", preset);
        m.put("decoder", decoder);
        m.put("guest", g.name());
        m.put("engine", g.kind().id());
        m.put("pairedWith", "chromium-A");
        m.put("machine", Runtime.getRuntime().availableProcessors() + " cores");
        m.put("date", Instant.now().toString());
        m.put("commit", System.getProperty("bench.commit", "unknown"));
        return m;
    }

    static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void write(Path out, Map<String, Object> m) throws IOException {
        StringBuilder sb = new StringBuilder("{");
        for (var e : m.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof Double d) {
                sb.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.2f", d) : "null");
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                sb.append(WsClient.JSON.getNodeFactory().textNode(String.valueOf(v)));
            }
        }
        String line = sb.append('}').toString();
        Files.createDirectories(out.getParent());
        Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("[bench] browsers " + line);
    }
}
