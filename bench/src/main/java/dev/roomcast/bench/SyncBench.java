package dev.roomcast.bench;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.protocol.frame.AudioFrames;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code sync}: real Chromium (Debian's /usr/bin/chromium through Playwright, flags as system-tests'
 * Browser.java). One host page captures a WAV with a 4 ms click every second (fake capture device)
 * and goes live; {@code bench.sync.guests} (default 4) guest pages join audio on the same gateway.
 * Every guest taps its own output (roomcastDebug.tapOnsets: an AudioWorklet on the gain that feeds
 * ctx.destination) and converts each click onset at once to the server clock with its own mappings
 * (getOutputTimestamp filter, clock sync). A Java listener decodes the high tier with Concentus for
 * the clicks' capture times (packet stamp + offset − Opus's 312-sample delay).
 *
 * <p>Per preset (stable, party, live; D = 5 s, 1.2 s, 0.4 s) one point: skew between guests (every
 * pair, every click: |onset_i − onset_j| on the machine's wall clock, performance.timeOrigin +
 * the onset's performance time, which all pages of this machine share: what listeners in one room
 * would hear) p50/p95/max, the same on each page's own server-clock mapping
 * (skewServerClock*: scheduling error without the clock-sync error), and capture → guest
 * output latency (onset − capture) median over guests and clicks, plus how many guests said they
 * play late. Tunables: bench.sync.guests, bench.sync.clicks (per preset, default 10).
 *
 * <p>{@code -Dbench.sync.mix=true} (issue #21 item 5): the guests are one of each kind a room really
 * has — WebCodecs at 48 kHz (the reference), the WASM decoder, an AudioContext at 44.1 kHz (resampled),
 * and a page loaded through {@link JitterProxy} (80 ± 30 ms each way; {@code -Dbench.sync.jitterOneWay=true}: only
 * on what the server sends) — and each
 * kind's skew to the reference is its own p95 ({@code mix_<kind>_p95Ms}).
 */
final class SyncBench {
    static final double THRESHOLD = 0.3;
    static final long OPUS_DELAY_US = 6_500;

    private SyncBench() {}

    static void run() throws Exception {
        // mix (#21 item 5): one guest of each kind a room really has, measured against the plain one
        boolean mix = Boolean.parseBoolean(System.getProperty("bench.sync.mix", "false"));
        List<String> kinds = mix ? MIX : java.util.Collections.nCopies(Bench.intProp("bench.sync.guests", 4), "webcodecs");
        int guests = kinds.size();
        int clicks = Bench.intProp("bench.sync.clicks", 10);
        Bench.Stack s = Bench.Stack.start(true, Bench.javaOpts());
        String base = s.gateway.baseUrl();
        Path wav = clickWav();
        try (Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             com.microsoft.playwright.Browser chromium = pw.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(Path.of(System.getProperty("bench.chromium", "/usr/bin/chromium")))
                     .setHeadless(true)
                     .setIgnoreDefaultArgs(List.of("--mute-audio"))
                     .setArgs(List.of("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                             "--use-file-for-fake-audio-capture=" + wav.toAbsolutePath(),
                             "--autoplay-policy=no-user-gesture-required", "--no-sandbox", "--disable-gpu",
                             "--disable-background-networking", "--disable-component-update", "--disable-sync",
                             "--no-first-run")))) {
            Page host = page(chromium, 1280, 900);
            host.navigate(base + "/");
            host.fill("#room-name", "Sync bench");
            host.fill("#host-name", "Bench host");
            host.click("#create-room");
            host.waitForURL(u -> u.contains("/host.html?room="), new Page.WaitForURLOptions().setTimeout(60_000));
            String roomId = URI.create(host.url()).getQuery().substring("room=".length());
            host.click("#tab-input");
            host.locator("#device-select option").first().waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                    .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED).setTimeout(30_000));
            host.click("#use-device");
            host.waitForFunction("() => window.roomcastDebug && window.roomcastDebug.clockReady", null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            host.waitForFunction("() => !document.querySelector('#go-live').disabled", null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            host.click("#go-live");
            host.waitForFunction("() => document.querySelector('#live-badge').dataset.live === 'true'", null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));

            Ear ear = Ear.connect(base.replace("http://", "ws://") + "/ws", roomId);
            URI gw = URI.create(base);
            // both ways unless bench.sync.jitterOneWay: a one-way delay is read as a clock offset by any two-way sync
            boolean oneWay = Boolean.getBoolean("bench.sync.jitterOneWay");
            JitterProxy jitter = mix ? new JitterProxy(new java.net.InetSocketAddress(gw.getHost(), gw.getPort()), 80, 30, !oneWay) : null;
            List<Page> gs = new ArrayList<>();
            for (int i = 0; i < guests; i++) {
                Page g = page(chromium, 390, 844);
                String kind = kinds.get(i);
                if (kind.equals("wasm")) {
                    g.context().addInitScript("delete window.AudioDecoder; delete window.EncodedAudioChunk;");
                } else if (kind.equals("ctx44k")) {
                    // a device whose audio runs at 44.1 kHz: the page asks for 48 kHz and gets this
                    g.context().addInitScript("(() => { const A = window.AudioContext; window.AudioContext = class extends A {"
                            + " constructor(o) { super({ ...(o || {}), sampleRate: 44100 }); } }; })()");
                }
                String at = kind.equals("jitter") ? "http://127.0.0.1:" + jitter.port() : base;
                g.navigate(at + "/room/" + roomId);
                g.waitForFunction("() => document.querySelector('#live-badge').dataset.live === 'true'", null,
                        new Page.WaitForFunctionOptions().setTimeout(30_000));
                g.click("#join-audio");
                gs.add(g);
            }
            for (Page g : gs) {
                g.waitForFunction("() => (window.roomcastDebug.playedPackets || 0) > 50", null,
                        new Page.WaitForFunctionOptions().setTimeout(60_000).setPollingInterval(250));
                g.evaluate("t => window.roomcastDebug.tapOnsets(t)", THRESHOLD);
            }
            for (String preset : List.of("stable", "party", "live")) {
                host.selectOption("#preset", preset);
                int d = switch (preset) {
                    case "live" -> 400;
                    case "party" -> 1200;
                    default -> 5000;
                };
                for (Page g : gs) {
                    g.waitForFunction("d => window.roomcastDebug.player.delayMs === d", d,
                            new Page.WaitForFunctionOptions().setTimeout(60_000));
                }
                Bench.sleep(Math.max(3000, d + 2000)); // the new target plays, the correctors settle
                Quiet.before("sync " + preset);
                for (Page g : gs) {
                    g.evaluate("() => { window.roomcastDebug.onsets.splice(0); }");
                }
                // bounded: a guest that stalls (e.g. starved on an overloaded box) ends the window with
                // what the others heard, and the point says so (guestsShort)
                long until = System.nanoTime() + (clicks * 1000L + 30_000) * 1_000_000L;
                int shortGuests = 0;
                for (Page g : gs) {
                    long left = Math.max(1000, (until - System.nanoTime()) / 1_000_000L);
                    try {
                        g.waitForFunction("n => window.roomcastDebug.onsets.length >= n", clicks,
                                new Page.WaitForFunctionOptions().setTimeout(left).setPollingInterval(250));
                    } catch (com.microsoft.playwright.TimeoutError e) {
                        shortGuests++;
                    }
                }
                Quiet.end();
                List<List<Double>> heard = new ArrayList<>();
                List<List<Double>> heardWall = new ArrayList<>();
                List<Double> behindMs = new ArrayList<>(); // how late each guest says it plays (0 when on time)
                int late = 0;
                for (Page g : gs) {
                    List<?> raw = (List<?>) g.evaluate("() => window.roomcastDebug.onsets");
                    List<Double> us = new ArrayList<>();
                    List<Double> wall = new ArrayList<>();
                    for (Object o : raw) {
                        us.add(((Number) ((Map<?, ?>) o).get("serverUs")).doubleValue());
                        wall.add(((Number) ((Map<?, ?>) o).get("wallMs")).doubleValue() * 1000);
                    }
                    heard.add(us);
                    heardWall.add(wall);
                    behindMs.add(Math.max(0, ((Number) g.evaluate("() => window.roomcastDebug.stats.syncErrorMs")).doubleValue()));
                    if (Boolean.TRUE.equals(g.evaluate("() => window.roomcastDebug.stats.late"))) {
                        late++;
                    }
                }
                List<Double> skew = pairSkews(heardWall); // the truth: one machine clock for every page
                List<Double> skewServer = pairSkews(heard); // each page's own server-clock mapping
                List<Double> captured = captureClicks(ear.packets());
                List<Double> latency = new ArrayList<>();
                List<String> perGuest = new ArrayList<>(); // tier, heard − capture median, what the page says
                for (int gi = 0; gi < heard.size(); gi++) {
                    List<Double> mine = new ArrayList<>();
                    // Clicks repeat every second, so a guest playing late by whole seconds would pair with
                    // an earlier click and look on time: pair with the click nearest to onset − (D + how
                    // late the guest says it plays), within half a click period.
                    double expectUs = (d + behindMs.get(gi)) * 1000.0;
                    for (double a : heard.get(gi)) {
                        double c = nearest(captured, a - expectUs, 500_000);
                        if (!Double.isNaN(c)) {
                            latency.add((a - c) / 1000.0);
                            mine.add((a - c) / 1000.0);
                        }
                    }
                    Page g = gs.get(gi);
                    perGuest.add(String.format("%s heard at capture + %.1f ms (syncError %.1f ms, late %s, resyncs %s)",
                            g.evaluate("() => window.roomcastDebug.tier"), pct(mine, 0.5),
                            ((Number) g.evaluate("() => window.roomcastDebug.stats.syncErrorMs")).doubleValue(),
                            g.evaluate("() => window.roomcastDebug.stats.late"), g.evaluate("() => window.roomcastDebug.stats.resyncs")));
                }
                List<Double> delivery = new ArrayList<>();
                for (Page g : gs) {
                    delivery.add(((Number) g.evaluate("() => window.roomcastDebug.stats.latencyMs")).doubleValue());
                }
                var m = Results.point();
                m.put("preset", preset);
                m.put("playoutDelayMs", d);
                m.put("guests", guests);
                m.put("clicksPerGuest", clicks);
                m.put("skewPairs", skew.size());
                m.put("perGuest", perGuest.toString());
                m.put("skewP50Ms", pct(skew, 0.50));
                m.put("skewP95Ms", pct(skew, 0.95));
                m.put("skewMaxMs", pct(skew, 1.0));
                if (mix) {
                    // each kind against the plain WebCodecs guest at 48 kHz, on the shared machine clock
                    m.put("mix", String.join(",", kinds));
                    m.put("mix_jitter", oneWay ? "80±30 ms server→client only" : "80±30 ms each way");
                    for (int gi = 1; gi < guests; gi++) {
                        m.put("mix_" + kinds.get(gi) + "_p95Ms", pct(pairSkews(List.of(heardWall.get(0), heardWall.get(gi))), 0.95));
                    }
                    m.put("mix_sampleRates", gs.stream().map(g -> String.valueOf(g.evaluate("() => window.roomcastDebug.stats.sampleRate")))
                            .toList().toString());
                    m.put("mix_decoders", gs.stream().map(g -> String.valueOf(g.evaluate("() => window.roomcastDebug.stats.decoder")))
                            .toList().toString());
                }
                m.put("skewServerClockP50Ms", pct(skewServer, 0.50));
                m.put("skewServerClockP95Ms", pct(skewServer, 0.95));
                m.put("clockRttMaxMs", gs.stream().mapToDouble(g -> ((Number) g.evaluate("() => window.roomcastDebug.stats.clockRttMs")).doubleValue()).max().orElse(Double.NaN));
                m.put("latencyPairs", latency.size());
                m.put("latency" + Character.toUpperCase(preset.charAt(0)) + preset.substring(1) + "Ms", pct(latency, 0.5));
                m.put("latencyP95Ms", pct(latency, 0.95));
                m.put("deliveryMedianMs", pct(delivery, 0.5));
                // the same seen by a Java listener on the server clock (no page clock involved), and the host's side
                m.put("earDeliveryMedianMs", pct(ear.deliveries(), 0.5));
                m.put("hostClockRttMs", ((Number) host.evaluate("() => window.roomcastDebug.clock.rttMs")).doubleValue());
                m.put("hostEncoderDropped", ((Number) host.evaluate("() => window.roomcastDebug.capture.encoderDropped || 0")).doubleValue());
                m.put("hostSocketBufferedBytes", ((Number) host.evaluate("() => window.roomcastDebug.socket.ws ? window.roomcastDebug.socket.ws.bufferedAmount : 0")).doubleValue());
                m.put("lateGuests", late);
                // each page's whole player state (output mapping, sample rate, counters), to explain an outlier
                List<String> stats = new ArrayList<>();
                for (Page g : gs) {
                    stats.add((String) g.evaluate("() => JSON.stringify(window.roomcastDebug.stats)"));
                }
                m.put("guestStats", stats.toString());
                List<String> events = new ArrayList<>();
                for (Page g : gs) {
                    events.add((String) g.evaluate("() => JSON.stringify(window.roomcastDebug.player.events)"));
                }
                m.put("guestEvents", events.toString());
                m.put("guestsShort", shortGuests); // guests that heard fewer than clicksPerGuest clicks in the window
                Results.write("sync", m);
            }
            ear.close();
            if (jitter != null) {
                jitter.close();
            }
        }
    }

    /** bench.sync.mix: a WebCodecs guest, a WASM-decoder guest, a guest whose context runs at 44.1 kHz, one behind 80 ± 30 ms of jitter. */
    static final List<String> MIX = List.of("webcodecs", "wasm", "ctx44k", "jitter");

    /** |a − b| in ms for every pair of guests and every click (onsets within 300 ms pair up). */
    static List<Double> pairSkews(List<List<Double>> heard) {
        List<Double> skew = new ArrayList<>();
        for (int i = 0; i < heard.size(); i++) {
            for (int j = i + 1; j < heard.size(); j++) {
                for (double a : heard.get(i)) {
                    double b = nearest(heard.get(j), a, 300_000);
                    if (!Double.isNaN(b)) {
                        skew.add(Math.abs(a - b) / 1000.0);
                    }
                }
            }
        }
        return skew;
    }

    private static int pages;

    /** A page in its own context; its console and errors go to bench/.work/logs/sync-page-N.log. */
    static Page page(com.microsoft.playwright.Browser chromium, int w, int h) {
        BrowserContext ctx = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(w, h));
        Page p = ctx.newPage();
        Path log = Bench.logs().resolve("sync-page-" + (pages++) + ".log");
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        p.onConsoleMessage(m -> appendLog(log, m.type() + ": " + m.text()));
        p.onPageError(e -> appendLog(log, "page error: " + e));
        return p;
    }

    private static synchronized void appendLog(Path log, String line) {
        try {
            Files.writeString(log, java.time.Instant.now() + " " + line + "\n", java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a lost log line does not change a measurement
        }
    }

    static double nearest(List<Double> xs, double x, double within) {
        double best = Double.NaN;
        for (double v : xs) {
            if (Math.abs(v - x) < within && (Double.isNaN(best) || Math.abs(v - x) < Math.abs(best - x))) {
                best = v;
            }
        }
        return best;
    }

    static double pct(List<Double> xs, double p) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = xs.stream().sorted().toList();
        int i = (int) Math.ceil(p * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, i)));
    }

    /** Capture times (server µs) of the clicks in these high-tier packets. */
    static List<Double> captureClicks(Ear.Packets packets) {
        List<Ear.Packet> sorted = new ArrayList<>(packets.list);
        sorted.sort(Comparator.comparingLong(Ear.Packet::sequence));
        List<Double> out = new ArrayList<>();
        try {
            OpusDecoder dec = new OpusDecoder(48_000, 2);
            short[] pcm = new short[960 * 2 * 6];
            long lastSeq = Long.MIN_VALUE;
            double lastOnset = -1e18;
            for (Ear.Packet p : sorted) {
                if (p.sequence() == lastSeq) {
                    continue;
                }
                lastSeq = p.sequence();
                int n = dec.decode(p.bytes(), 0, p.bytes().length, pcm, 0, 960 * 6, false);
                for (int i = 0; i < n; i++) {
                    double mag = Math.max(Math.abs(pcm[2 * i]), Math.abs(pcm[2 * i + 1])) / 32768.0;
                    double t = p.captureUs() + i * 1e6 / 48_000 - OPUS_DELAY_US;
                    if (mag > THRESHOLD && t - lastOnset > 500_000) {
                        lastOnset = t;
                        out.add(t);
                    }
                }
            }
        } catch (OpusException e) {
            throw new IllegalStateException("a packet did not decode: " + e, e);
        }
        return out;
    }

    /** The same WAV as system-tests' Browser.wav(clicks): 440/660 Hz at −12 dB plus a 4 ms click every whole second, 30 s. */
    static Path clickWav() throws IOException, InterruptedException {
        Path dir = Bench.work().resolve("audio");
        Path out = dir.resolve("tones-clicks.wav");
        if (Files.exists(out)) {
            return out;
        }
        Files.createDirectories(dir);
        Path tone = dir.resolve("tone-1s.wav");
        Path click = dir.resolve("click-1s.wav");
        Path second = dir.resolve("second.wav");
        sox("-n", "-r", "48000", "-b", "16", "-c", "2", tone.toString(), "synth", "1", "sine", "440", "sine", "660", "gain", "-12");
        sox("-n", "-r", "48000", "-b", "16", "-c", "2", click.toString(), "synth", "0.004", "square", "2000", "gain", "-3", "pad", "0", "0.996");
        sox("-m", tone.toString(), click.toString(), second.toString());
        sox(second.toString(), out.toString(), "repeat", "29");
        return out;
    }

    private static void sox(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("sox");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (is sox installed? apt-get install sox): " + output);
        }
    }

    /** A Java listener on the high tier (java.net.http WebSocket): every packet with its capture time. */
    static final class Ear implements WebSocket.Listener {
        record Packet(long captureUs, long sequence, byte[] bytes) {}

        static final class Packets {
            final List<Packet> list;

            Packets(List<Packet> list) {
                this.list = list;
            }
        }

        private final List<Packet> packets = new CopyOnWriteArrayList<>();
        private final java.util.ArrayDeque<Double> delivery = new java.util.ArrayDeque<>(); // ms, last 500 frames
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private WebSocket ws;

        static Ear connect(String url, String roomId) throws Exception {
            Ear e = new Ear();
            e.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(url), e).get(20, TimeUnit.SECONDS);
            e.ws.sendText("{\"type\":\"room:join\",\"roomId\":\"" + roomId + "\",\"username\":\"Bench ear\"}", true).get(10, TimeUnit.SECONDS);
            Bench.sleep(1000);
            e.ws.sendText("{\"type\":\"quality:request\",\"tier\":\"high\"}", true).get(10, TimeUnit.SECONDS);
            return e;
        }

        List<Double> deliveries() {
            synchronized (delivery) {
                return new ArrayList<>(delivery);
            }
        }

        Packets packets() {
            return new Packets(new ArrayList<>(packets));
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            partial.write(b, 0, b.length);
            if (last) {
                byte[] whole = partial.toByteArray();
                partial.reset();
                try {
                    AudioFrame f = AudioFrames.decode(whole);
                    double ms = (Bench.nowUs() - (f.captureTimeUs() + (f.packets().size() - 1) * f.packetDurationUs())) / 1000.0;
                    synchronized (delivery) {
                        delivery.addLast(ms);
                        if (delivery.size() > 500) {
                            delivery.removeFirst();
                        }
                    }
                    if ("high".equalsIgnoreCase(f.tier().name())) {
                        for (int i = 0; i < f.packets().size(); i++) {
                            packets.add(new Packet(f.captureTimeUs() + i * f.packetDurationUs(), f.sequence() + i, f.packets().get(i)));
                        }
                    }
                    // keep the last ~2 minutes (6,000 packets)
                    while (packets.size() > 6000) {
                        packets.remove(0);
                    }
                } catch (RuntimeException bad) {
                    // not an audio frame we understand: skip it
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            webSocket.request(1);
            return null;
        }

        void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
