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
 * For each run (bench.browsers.runs, default 3) and decoder (bench.browsers.decoders: webcodecs,
 * wasm) a fresh set of guest pages — Chromium reference, Chromium control, Firefox, WebKit, and a
 * Chromium guest without SharedArrayBuffer (the message ring WebKit uses) — plays each preset
 * (bench.browsers.presets: stable, party, live); bench.browsers.clicks (default 30) clicks are
 * recorded at the PulseAudio sink per point. One JSON line per guest and point is appended to
 * bench/results/browsers.jsonl. The stack is system-tests' LiveStack (started once).
 */
public final class BrowsersBench {
    private static final Map<String, Double> DELAYS = Map.of("stable", 5000.0, "party", 1200.0, "live", 400.0);

    private BrowsersBench() {}

    public static void main(String[] args) throws IOException {
        int runs = Integer.getInteger("bench.browsers.runs", 3);
        int clicks = Integer.getInteger("bench.browsers.clicks", 30);
        List<String> decoders = List.of(System.getProperty("bench.browsers.decoders", "webcodecs,wasm").split(","));
        List<String> presets = List.of(System.getProperty("bench.browsers.presets", "stable,party,live").split(","));
        Path out = Path.of(System.getProperty("bench.root", ".")).resolve("bench/results/browsers.jsonl");
        LiveStack stack = LiveStack.get();
        try {
            for (int run = 1; run <= runs; run++) {
                for (String decoder : decoders) {
                    List<CrossBrowserSync.Guest> guests = List.of(
                            new CrossBrowserSync.Guest("chromium-A", Engine.Kind.CHROMIUM, stack.gatewayA(), decoder, true, 1280, 900),
                            new CrossBrowserSync.Guest("chromium-B", Engine.Kind.CHROMIUM, stack.gatewayB(), decoder, true, 390, 844),
                            new CrossBrowserSync.Guest("firefox", Engine.Kind.FIREFOX, stack.gatewayA(), decoder, true, 1280, 900),
                            new CrossBrowserSync.Guest("webkit", Engine.Kind.WEBKIT, stack.gatewayB(), decoder, true, 450, 844),
                            new CrossBrowserSync.Guest("chromium-nosab", Engine.Kind.CHROMIUM, stack.gatewayA(), decoder, false, 390, 844));
                    try (CrossBrowserSync sync = new CrossBrowserSync(stack, LiveStack.target().resolve("bench-browsers-" + run + "-" + decoder), guests)) {
                        sync.preset(presets.get(0), DELAYS.get(presets.get(0)));
                        sync.startGuests();
                        for (String preset : presets) {
                            sync.preset(preset, DELAYS.get(preset));
                            double load = load1();
                            List<CrossBrowserSync.GuestResult> rs = sync.measure(4, clicks);
                            System.out.println("[bench] browsers run " + run + " " + decoder + " " + preset + " (load " + load + ")\n"
                                    + sync.report(rs));
                            CrossBrowserSync.GuestResult control = rs.get(1);
                            for (CrossBrowserSync.GuestResult r : rs.subList(1, rs.size())) {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("bench", "browsers");
                                m.put("run", run);
                                m.put("preset", preset);
                                m.put("decoder", decoder);
                                m.put("guest", r.name());
                                m.put("engine", r.kind().id());
                                m.put("clicks", r.skewMs().size());
                                m.put("skewMedianMs", r.median());
                                m.put("skewP50Ms", r.p(0.5));
                                m.put("skewP95Ms", r.p(0.95));
                                m.put("skewMaxMs", r.p(1.0));
                                m.put("overControlP95Ms", r.p(0.95) - control.p(0.95));
                                m.put("pageEstimateMedianMs", r.pageMedian());
                                m.put("dropouts", r.dropouts());
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
                                m.put("machine", Runtime.getRuntime().availableProcessors() + " cores");
                                m.put("date", Instant.now().toString());
                                m.put("commit", System.getProperty("bench.commit", "unknown"));
                                write(out, m);
                            }
                        }
                    }
                }
            }
        } finally {
            System.exit(0); // LiveStack's shutdown hook stops the services
        }
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
