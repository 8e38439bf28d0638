package dev.roomcast.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.testsupport.ServiceProcess;
import io.github.jaredmdobson.concentus.OpusEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A host written from docs/PROTOCOL.md alone: clock sync over its socket, room:join with the host
 * token, broadcast:start, then one binary frame per 20 ms, each one Concentus-encoded Opus packet
 * of a tone, stamped with its capture time in server clock. It remembers what it sent.
 */
public final class JavaHost implements AutoCloseable {
    public record Sent(long captureUs, long sequence, byte[] bytes) {}

    private final WsClient ws;
    private final String roomId;
    private final long offsetUs;
    private final List<byte[]> loop = new ArrayList<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Map<Integer, Consumer<JavaHost>> injections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "java-host");
        t.setDaemon(true);
        return t;
    });
    private long nextSequence = 1000;
    private volatile long nextCaptureUs;

    private JavaHost(WsClient ws, String roomId, long offsetUs, java.util.function.IntFunction<short[]> packetPcm) {
        this.ws = ws;
        this.roomId = roomId;
        this.offsetUs = offsetUs;
        // 5 s of audio, looped: a whole number of cycles of the tones, so the loop is seamless
        OpusEncoder enc = Audio.encoder(128_000, Audio.PACKET);
        for (int k = 0; k < 250; k++) {
            loop.add(Audio.encode(enc, packetPcm.apply(k), Audio.PACKET));
        }
    }

    /** Packet {@code k} of a tone of {@code hz} on both channels. */
    static java.util.function.IntFunction<short[]> tone(double hz) {
        return k -> Audio.tone(hz, hz, Audio.PACKET, k * Audio.PACKET);
    }

    /**
     * Packet {@code k} of 440 Hz left / 660 Hz right at −18 dB with a 4 ms 2 kHz square click at −3 dB
     * every {@code clickEverySamples} samples (240,000, the loop, must be a multiple of it).
     */
    static java.util.function.IntFunction<short[]> tonesWithClicks(int clickEverySamples) {
        if (250 * Audio.PACKET % clickEverySamples != 0) {
            throw new IllegalArgumentException("the 5 s loop must hold a whole number of clicks");
        }
        return k -> {
            short[] pcm = new short[Audio.PACKET * 2];
            for (int i = 0; i < Audio.PACKET; i++) {
                int n = k * Audio.PACKET + i;
                double t = (double) n / Audio.RATE;
                int inClick = n % clickEverySamples;
                double click = inClick < Audio.RATE * 4 / 1000 ? ((inClick / 12) % 2 == 0 ? 0.7 : -0.7) : 0;
                pcm[2 * i] = (short) (32767 * (0.125 * Math.sin(2 * Math.PI * 440 * t) + click));
                pcm[2 * i + 1] = (short) (32767 * (0.125 * Math.sin(2 * Math.PI * 660 * t) + click));
            }
            return pcm;
        };
    }

    /** Connects to this gateway, syncs the clock, and joins the room as its host. */
    public static JavaHost join(ServiceProcess gateway, String roomId, String hostToken, double hz) {
        return join(gateway, roomId, hostToken, tone(hz));
    }

    /** The same, sending packet {@code k % 250} of {@code packetPcm} as the k-th packet. */
    public static JavaHost join(ServiceProcess gateway, String roomId, String hostToken, java.util.function.IntFunction<short[]> packetPcm) {
        WsClient ws = WsClient.connect(LiveStack.ws(gateway), "host");
        long offset = clockOffsetUs(ws);
        JsonNode joined = ws.join(roomId, "DJ Java", hostToken);
        if (!joined.path("you").path("isHost").asBoolean()) {
            throw new AssertionError("the host token did not make this socket the host: " + joined);
        }
        return new JavaHost(ws, roomId, offset, packetPcm);
    }

    /** NTP-style: a burst of 8 clock:ping, keep the lowest round trip (docs/PROTOCOL.md section 6). */
    static long clockOffsetUs(WsClient ws) {
        int from = ws.messages("clock:pong").size();
        for (int i = 0; i < 8; i++) {
            ws.send(WsClient.msg("clock:ping").put("id", 900 + i).put("t0", System.nanoTime() / 1e6));
        }
        ws.awaitMessage("clock:pong", m -> m.path("id").asInt() == 907, Duration.ofSeconds(10));
        double bestRtt = Double.MAX_VALUE;
        long best = 0;
        for (JsonNode p : ws.messages("clock:pong").subList(from, ws.messages("clock:pong").size())) {
            double t0 = p.path("t0").asDouble();
            double t3 = p.path("_rxNs").asLong() / 1e6;
            long t1 = p.path("t1").asLong();
            long t2 = p.path("t2").asLong();
            double rtt = (t3 - t0) - (t2 - t1) / 1000.0;
            if (rtt < bestRtt) {
                bestRtt = rtt;
                best = Math.round((t1 + t2) / 2.0 - (t0 + t3) / 2.0 * 1000);
            }
        }
        return best;
    }

    public long serverNowUs() {
        return System.nanoTime() / 1000 + offsetUs;
    }

    public WsClient socket() {
        return ws;
    }

    public String roomId() {
        return roomId;
    }

    public void startBroadcast() {
        ObjectNode m = WsClient.msg("broadcast:start").put("roomId", roomId);
        m.putObject("audioConfig").put("codec", "opus").put("sampleRate", 48000).put("channels", 2).put("bitrate", 128000);
        ws.send(m);
        ws.awaitMessage("broadcast:started", Duration.ofSeconds(20));
    }

    public void stopBroadcast() {
        ws.send(WsClient.msg("broadcast:stop").put("roomId", roomId));
    }

    /** Runs {@code action} instead of nothing right before packet {@code index} is sent. */
    public void inject(int index, Consumer<JavaHost> action) {
        injections.put(index, action);
    }

    /** Streams {@code packets} packets in real time (one every 20 ms); completes after the last one. */
    public CompletableFuture<Void> stream(int packets) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        nextCaptureUs = serverNowUs();
        int[] k = {0};
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = timer.scheduleAtFixedRate(() -> {
            try {
                Consumer<JavaHost> inj = injections.remove(k[0]);
                if (inj != null) {
                    inj.accept(this);
                }
                byte[] packet = loop.get(k[0] % loop.size());
                byte[] frame = AudioFrame.of(Codec.OPUS, Tier.HIGH, nextSequence, nextCaptureUs, List.of(packet)).encode();
                ws.sendBinary(frame);
                sent.add(new Sent(nextCaptureUs, nextSequence, packet));
                nextSequence++;
                nextCaptureUs += 20_000;
                if (++k[0] >= packets) {
                    done.complete(null);
                    task[0].cancel(false);
                }
            } catch (Throwable t) {
                done.completeExceptionally(t);
                task[0].cancel(false);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        return done;
    }

    /** The next good packet's sequence and capture time, for frames a test wants to slip in. */
    public long nextSequence() {
        return nextSequence;
    }

    public long nextCaptureUs() {
        return nextCaptureUs;
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        ws.close();
    }
}
