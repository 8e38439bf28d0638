package dev.roomcast.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.frame.AudioFrame;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One broadcast, watched from several sides: a Java host on gateway A streams a 440 Hz tone for 6 s
 * and slips bad frames in; guests on A and B listen on {@code high}, one guest on B asks for
 * {@code low}, and a guest on B tries to send audio itself.
 */
@DisplayName("Audio from a host on gateway A to guests on gateways A and B")
class AudioAcrossGatewaysIT {
    static final int PACKETS = 300;
    static LiveStack stack;
    static Rest.Room room;
    static JavaHost host;
    static WsClient guestA;
    static WsClient guestB;
    static WsClient lowB;
    static WsClient intruderB;
    static final Map<String, Integer> errorAt = new HashMap<>();

    @BeforeAll
    static void broadcast() {
        stack = LiveStack.get();
        room = Rest.createRoom(stack.gatewayA(), "Tone room");
        host = JavaHost.join(stack.gatewayA(), room.roomId(), room.hostToken(), 440);
        guestA = WsClient.connect(LiveStack.ws(stack.gatewayA()), "guest-A");
        guestB = WsClient.connect(LiveStack.ws(stack.gatewayB()), "guest-B");
        lowB = WsClient.connect(LiveStack.ws(stack.gatewayB()), "low-B");
        intruderB = WsClient.connect(LiveStack.ws(stack.gatewayB()), "intruder-B");
        for (WsClient g : List.of(guestA, guestB, lowB, intruderB)) {
            g.join(room.roomId(), null, null);
        }
        lowB.send(WsClient.msg("quality:request").put("tier", "low"));
        lowB.awaitMessage("quality:changed", m -> "low".equals(m.path("tier").asText()), Duration.ofSeconds(10));
        guestA.send(WsClient.msg("quality:request").put("tier", "high"));
        guestB.send(WsClient.msg("quality:request").put("tier", "high"));
        guestA.awaitMessage("quality:changed", m -> "high".equals(m.path("tier").asText()) && !m.path("auto").asBoolean(), Duration.ofSeconds(10));
        guestB.awaitMessage("quality:changed", m -> "high".equals(m.path("tier").asText()) && !m.path("auto").asBoolean(), Duration.ofSeconds(10));

        host.startBroadcast();
        guestB.awaitMessage("broadcast:started", Duration.ofSeconds(20));

        // bad frames between good ones; relay refusals are at most one per second per room, so they are 2 s apart
        host.inject(40, h -> sendBad(h, "garbage", new byte[] {7, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, (byte) 0xc0, 0, 0, 0, 1, 1}));
        host.inject(60, h -> sendBad(h, "codec 9", frame(h, 9, new byte[] {(byte) 0xfc, (byte) 0xff, (byte) 0xfe})));
        host.inject(80, h -> sendBad(h, "pcm while opus", pcmFrame(h)));
        host.inject(100, h -> sendBad(h, "oversize packet", oversizePacket(h)));
        host.inject(120, h -> sendBad(h, "not opus", frame(h, 1, new byte[] {(byte) 0xfb, 0})));
        host.inject(220, h -> sendBad(h, "10 ms opus", frame(h, 1, tenMsPacket())));
        host.inject(150, h -> {
            errorAt.put("intruder", intruderB.messageCount());
            intruderB.sendBinary(AudioFrame.of(Codec.OPUS, Tier.HIGH, 1, h.nextCaptureUs() - 5_000,
                    List.of(host.sent().get(0).bytes())).encode());
        });
        host.stream(PACKETS).orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
    }

    @AfterAll
    static void down() {
        for (AutoCloseable c : new AutoCloseable[] {host, guestA, guestB, lowB, intruderB}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (room != null) {
            Rest.delete(stack.gatewayA(), "/api/rooms/" + room.roomId(), room.hostToken());
        }
    }

    @Test
    @DisplayName("guests on A and on B receive every high packet, in order and byte-identical to what the host sent")
    void highTierIsTheHostsOwnStream() {
        List<JavaHost.Sent> sent = host.sent();
        assertEquals(PACKETS, sent.size());
        Map<Long, byte[]> byCapture = new HashMap<>();
        sent.forEach(s -> byCapture.put(s.captureUs(), s.bytes()));
        long lastCapture = sent.get(sent.size() - 1).captureUs();
        for (WsClient g : List.of(guestA, guestB)) {
            await(g.name() + " receives the last packet").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Audio.packets(g.frames()).stream().anyMatch(p -> p.captureUs() == lastCapture));
            List<Audio.Packet> got = Audio.packets(g.frames());
            long prevCapture = Long.MIN_VALUE;
            long prevSeq = -1;
            for (Audio.Packet p : got) {
                assertEquals(Tier.HIGH.id(), p.tier(), g.name() + " asked for high");
                assertEquals(Codec.OPUS.id(), p.codec());
                byte[] original = byCapture.get(p.captureUs());
                assertTrue(original != null, g.name() + " got a packet the host never sent (capture " + p.captureUs() + ")");
                assertArrayEquals(original, p.bytes(), g.name() + ": packet at " + p.captureUs() + " differs from the host's");
                assertTrue(p.captureUs() > prevCapture, g.name() + ": packets out of order");
                if (prevSeq >= 0) {
                    assertEquals((prevSeq + 1) & 0xffffffffL, p.sequence(), g.name() + ": room sequence has a gap");
                }
                prevCapture = p.captureUs();
                prevSeq = p.sequence();
            }
            assertEquals(sent.size(), got.size(), g.name() + " received every packet the host sent, once");
        }
    }

    @Test
    @DisplayName("a guest on B that asks for the low tier gets 32 kbps Opus that decodes to the host's 440 Hz tone")
    void lowTierDecodesToTheTone() {
        await("low guest has 3 s of audio").atMost(Duration.ofSeconds(20))
                .until(() -> Audio.packets(lowB.frames()).size() >= 150);
        List<Audio.Packet> got = Audio.packets(lowB.frames());
        assertTrue(got.stream().allMatch(p -> p.tier() == Tier.LOW.id()), "every packet is tier low");
        int highBytes = host.sent().stream().mapToInt(s -> s.bytes().length).sum() / host.sent().size();
        int lowBytes = got.stream().mapToInt(p -> p.bytes().length).sum() / got.size();
        assertTrue(lowBytes < highBytes * 0.5, "low is a smaller stream: " + lowBytes + " vs " + highBytes + " bytes per packet");
        short[] pcm = Audio.decode(got.stream().map(Audio.Packet::bytes).toList());
        for (int ch = 0; ch < 2; ch++) {
            double[] x = Audio.channel(pcm, ch);
            assertTrue(Audio.rms(x) > 0.05, "channel " + ch + " is not silent: rms " + Audio.rms(x));
            double f = Audio.dominantFrequency(x, Audio.RATE);
            assertEquals(440, f, 5, "channel " + ch + " dominant frequency");
        }
    }

    @Test
    @DisplayName("malformed, wrong-codec, oversize, non-Opus and non-host frames get an error and never reach a guest; the stream goes on")
    void badFramesAreRefused() {
        assertRefused("garbage", "bad_frame");
        assertRefused("codec 9", "bad_codec");
        assertRefused("pcm while opus", "bad_codec");
        assertRefused("oversize packet", "bad_frame");
        assertRefused("not opus", "bad_frame");
        assertRefused("10 ms opus", "bad_frame");
        intruderB.awaitError("not_host", errorAt.get("intruder"), Duration.ofSeconds(10));
        // nothing but the host's good packets reached anyone (checked packet by packet in the high-tier test);
        // here: the guests got audio from after the last bad frame, so the stream continued
        long afterLastBad = host.sent().get(230).captureUs();
        for (WsClient g : List.of(guestA, guestB, lowB)) {
            await(g.name() + " still gets audio").atMost(Duration.ofSeconds(20))
                    .until(() -> Audio.packets(g.frames()).stream().anyMatch(p -> p.captureUs() >= afterLastBad));
            assertFalse(g.isClosed());
        }
        assertFalse(host.socket().isClosed(), "the host was not thrown out");
        assertFalse(intruderB.isClosed());
    }

    private static void assertRefused(String what, String code) {
        host.socket().awaitError(code, errorAt.get(what), Duration.ofSeconds(15));
    }

    // ---- the bad frames ---------------------------------------------------------------------

    private static void sendBad(JavaHost h, String what, byte[] frame) {
        errorAt.put(what, h.socket().messageCount());
        h.socket().sendBinary(frame);
    }

    /** A well-formed one-packet frame with this codec byte and packet, half a slot before the next good packet. */
    private static byte[] frame(JavaHost h, int codec, byte[] packet) {
        byte[] f = AudioFrame.of(Codec.OPUS, Tier.HIGH, h.nextSequence(), h.nextCaptureUs() - 10_000, List.of(packet)).encode();
        f[1] = (byte) codec;
        return f;
    }

    private static byte[] pcmFrame(JavaHost h) {
        return AudioFrame.of(Codec.PCM_S16LE, Tier.HIGH, h.nextSequence(), h.nextCaptureUs() - 10_000,
                List.of(new byte[3840])).encode();
    }

    private static byte[] oversizePacket(JavaHost h) {
        byte[] f = AudioFrame.of(Codec.OPUS, Tier.HIGH, h.nextSequence(), h.nextCaptureUs() - 10_000,
                List.of(new byte[1300])).encode();
        return f;
    }

    private static byte[] tenMsPacket() {
        var enc = Audio.encoder(128_000, 480);
        return Audio.encode(enc, Audio.tone(440, 440, 480, 0), 480);
    }
}
