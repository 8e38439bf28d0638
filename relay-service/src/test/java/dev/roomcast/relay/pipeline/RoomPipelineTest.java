package dev.roomcast.relay.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.bus.TierDemand;
import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.protocol.frame.AudioFrames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RoomPipelineTest {
    private static final long T0 = 1_700_000_000_000_000L;

    private final List<AudioFrame> out = new ArrayList<>();
    private final Output sink = (tier, seq, captureUs, frame) -> {
        AudioFrame f = AudioFrames.decode(frame);
        assertEquals(tier, f.tier());
        assertEquals(seq, f.sequence());
        assertEquals(captureUs, f.captureTimeUs());
        out.add(f);
    };

    private List<byte[]> packets(Tier tier) {
        return out.stream().filter(f -> f.tier() == tier).map(f -> f.packets().get(0)).toList();
    }

    @Test
    @DisplayName("a 440 Hz Opus stream keeps its high bytes, gets consecutive sequences, and medium/low decode to the same tone")
    void ladderKeepsTheTone() {
        int count = 150; // 3 s
        List<byte[]> source = TestAudio.opusSine(440, count, 128_000);
        RoomPipeline p = new RoomPipeline(LadderSettings.DEFAULT, new Scratch(), 1000);
        for (int k = 0; k < count; k++) {
            assertNull(p.process(TestAudio.hostFrame(Codec.OPUS, 7 + k, T0 + k * 20_000L, List.of(source.get(k))),
                    null, 0, T0 + k * 20_000L + 3_000, sink));
        }
        assertEquals(3 * count, out.size());
        for (int k = 0; k < count; k++) {
            AudioFrame high = out.get(3 * k);
            assertEquals(Tier.HIGH, high.tier());
            assertEquals(Tier.MEDIUM, out.get(3 * k + 1).tier());
            assertEquals(Tier.LOW, out.get(3 * k + 2).tier());
            assertEquals(1000 + k, high.sequence());
            assertEquals(T0 + k * 20_000L, high.captureTimeUs());
            assertEquals(T0 + k * 20_000L - RoomPipeline.REENCODE_DELAY_US, out.get(3 * k + 1).captureTimeUs());
            assertArrayEquals(source.get(k), high.packets().get(0), "high is the host's own packet");
            assertEquals(k == 0 ? AudioFrame.FLAG_DISCONTINUITY : 0, high.flags());
        }
        double[] src = TestAudio.sineLeft(440, count * Limits.PACKET_SAMPLES);
        for (Tier tier : Tier.values()) {
            double[] decoded = TestAudio.decodeLeft(packets(tier));
            double[] c = TestAudio.bestCorrelation(src, decoded, 48_000, 48_000, 1200);
            assertTrue(c[0] > 0.9, tier + " correlation " + c[0]);
            assertEquals(440, TestAudio.dominantHz(decoded, 48_000, 48_000), 3, tier + " dominant frequency");
            // codec delay: one Opus pass for high (312 samples), two for the re-encoded tiers (624)
            int expectedDelay = tier == Tier.HIGH ? 312 : 624;
            double period = 48_000.0 / 440; // a pure tone only shows the delay modulo its period
            double off = Math.abs(((c[1] - expectedDelay) % period + period) % period);
            assertTrue(Math.min(off, period - off) < 3, tier + " delay " + c[1]);
        }
    }

    @Test
    @DisplayName("a click plays at one server time on every tier: decoded output at stamp + offset − 312 samples lands on the click's capture time for high, medium and low")
    void tiersPlayTogether() throws Exception {
        int count = 100; // 2 s, a click (1 ms at 0.8) every 500 ms on silence, the first at 0.25 s
        int period = 24_000;
        var enc = RoomPipeline.encoder(128_000, 5);
        byte[] buf = new byte[Limits.MAX_OPUS_PACKET];
        RoomPipeline p = new RoomPipeline(LadderSettings.DEFAULT, new Scratch(), 0);
        for (int k = 0; k < count; k++) {
            short[] pcm = new short[TestAudio.SHORTS];
            for (int i = 0; i < Limits.PACKET_SAMPLES; i++) {
                long n = (long) k * Limits.PACKET_SAMPLES + i;
                short v = (n - period / 2) % period < 48 && n >= period / 2 ? (short) 26_000 : 0;
                pcm[2 * i] = v;
                pcm[2 * i + 1] = v;
            }
            int len = enc.encode(pcm, 0, Limits.PACKET_SAMPLES, buf, 0, buf.length);
            assertNull(p.process(TestAudio.hostFrame(Codec.OPUS, k, T0 + k * 20_000L, List.of(java.util.Arrays.copyOf(buf, len))),
                    null, 0, T0 + k * 20_000L, sink));
        }
        for (Tier tier : Tier.values()) {
            long firstStamp = out.stream().filter(f -> f.tier() == tier).findFirst().orElseThrow().captureTimeUs();
            double[] decoded = TestAudio.decodeLeft(packets(tier));
            for (int click = 0; click < 3; click++) {
                int from = period / 2 + click * period - 1_000;
                int onset = from;
                while (Math.abs(decoded[onset]) < 0.3) {
                    onset++;
                }
                // what a guest does: sample j of the tier's stream plays at its stamp + (j − 312) / 48 kHz + D
                double heardUs = firstStamp + (onset - 312) * 1e6 / Limits.SAMPLE_RATE;
                double capturedUs = T0 + (period / 2 + click * period) * 1e6 / Limits.SAMPLE_RATE;
                assertEquals(capturedUs, heardUs, 1_000, tier + " click " + click + " heard " + (heardUs - capturedUs) / 1000 + " ms off its capture");
            }
        }
    }

    @Test
    @DisplayName("a re-encoded tier is produced only while wanted: off, nothing of it; on again, a fresh encoder whose first packet is a"
            + " discontinuity and whose clicks play at their capture times; high flows throughout")
    void tiersOnDemand() throws Exception {
        int period = 24_000;
        RoomPipeline p = new RoomPipeline(LadderSettings.DEFAULT, new Scratch(), 0);
        var enc = RoomPipeline.encoder(128_000, 5);
        p.reencode(0);
        for (int k = 0; k < 50; k++) { // 1 s: nobody on medium or low
            assertNull(p.process(clickFrame(enc, k, T0 + k * 20_000L, T0 + 250_000, period), null, 0, T0, sink));
        }
        assertEquals(50, out.size());
        assertTrue(out.stream().allMatch(f -> f.tier() == Tier.HIGH), "only high while no one is on another tier");
        assertEquals(0, p.reencoding());
        p.reencode(TierDemand.bit(Tier.MEDIUM));
        for (int k = 50; k < 150; k++) {
            assertNull(p.process(clickFrame(enc, k, T0 + k * 20_000L, T0 + 250_000, period), null, 0, T0, sink));
        }
        List<AudioFrame> medium = out.stream().filter(f -> f.tier() == Tier.MEDIUM).toList();
        assertEquals(100, medium.size());
        assertEquals(0, out.stream().filter(f -> f.tier() == Tier.LOW).count(), "low was not asked for");
        assertEquals(AudioFrame.FLAG_DISCONTINUITY, medium.get(0).flags(), "a tier that starts says so");
        assertEquals(0, medium.get(1).flags());
        assertEquals(150, out.stream().filter(f -> f.tier() == Tier.HIGH).count());
        double[] heard = heardByAGuest(medium, T0);
        for (int click = 2; click < 6; click++) { // the clicks at 1.25, 1.75, 2.25 and 2.75 s
            long capturedUs = T0 + 250_000 + click * 500_000L;
            int from = (int) ((capturedUs - 5_000 - T0) * Limits.SAMPLE_RATE / 1_000_000);
            int onset = from;
            while (onset < from + 960 && Math.abs(heard[onset]) < 0.3) {
                onset++;
            }
            double heardUs = T0 + onset * 1e6 / Limits.SAMPLE_RATE;
            assertEquals(capturedUs, heardUs, 1_000, "medium, click " + click + " heard " + (heardUs - capturedUs) / 1000 + " ms off");
        }
    }

    @Test
    @DisplayName("across a change of sender whose packets overlap at the cut, every tier plays the new sender's clicks at their capture"
            + " times (GuestPageIT.passTheAux once heard the low tier 9.4 ms early after the cut)")
    void tiersPlayTogetherAcrossAHandoff() throws Exception {
        // sender A: clicks every 500 ms from 0.25 s, packets on its own grid; sender B from the cut, on a
        // grid 14.1 ms later, so A's last packet runs 5.9 ms past B's first (what CI saw on the wire)
        int period = 24_000;
        long cutUs = T0 + 2_000_000L + 14_100;
        RoomPipeline p = new RoomPipeline(LadderSettings.DEFAULT, new Scratch(), 0);
        var a = RoomPipeline.encoder(128_000, 5);
        int aPackets = (int) ((cutUs - T0) / 20_000) + 1; // the last one starts before the cut and ends after it
        for (int k = 0; k < aPackets; k++) {
            long at = T0 + k * 20_000L;
            assertNull(p.process(clickFrame(a, k, at, T0 + 250_000, period), null, 0, at, sink));
        }
        p.newSender();
        var b = RoomPipeline.encoder(128_000, 5);
        long bFirstClickUs = cutUs + 180_000; // B's clicks: at cut + 180 ms, then every 500 ms
        for (int k = 0; k < 100; k++) {
            long at = cutUs + k * 20_000L;
            assertNull(p.process(clickFrame(b, k, at, bFirstClickUs, period), null, 0, at, sink));
        }
        for (Tier tier : Tier.values()) {
            List<AudioFrame> frames = out.stream().filter(f -> f.tier() == tier).toList();
            double[] heard = heardByAGuest(frames, T0 - 50_000);
            for (int click = 0; click < 3; click++) {
                long capturedUs = bFirstClickUs + click * 500_000L;
                int from = (int) ((capturedUs - 5_000 - (T0 - 50_000)) * Limits.SAMPLE_RATE / 1_000_000);
                int onset = from;
                while (onset < from + 960 && Math.abs(heard[onset]) < 0.3) {
                    onset++;
                }
                double heardUs = T0 - 50_000 + onset * 1e6 / Limits.SAMPLE_RATE;
                assertEquals(capturedUs, heardUs, 1_000, tier + ": B's click " + click + " heard " + (heardUs - capturedUs) / 1000
                        + " ms off its capture");
            }
        }
    }

    /** One 20 ms host frame of a click train (1 ms at 0.8 every {@code period} samples from {@code firstClickUs}). */
    private static byte[] clickFrame(io.github.jaredmdobson.concentus.OpusEncoder enc, long hostSeq, long captureUs, long firstClickUs,
            int period) throws Exception {
        short[] pcm = new short[TestAudio.SHORTS];
        for (int i = 0; i < Limits.PACKET_SAMPLES; i++) {
            long n = Math.round((captureUs - firstClickUs) * Limits.SAMPLE_RATE / 1e6) + i;
            short v = n >= 0 && n % period < 48 ? (short) 26_000 : 0;
            pcm[2 * i] = v;
            pcm[2 * i + 1] = v;
        }
        byte[] buf = new byte[Limits.MAX_OPUS_PACKET];
        int len = enc.encode(pcm, 0, Limits.PACKET_SAMPLES, buf, 0, buf.length);
        return TestAudio.hostFrame(Codec.OPUS, hostSeq, captureUs, List.of(java.util.Arrays.copyOf(buf, len)));
    }

    /**
     * What a guest plays (player.js #write): one decoder through the whole stream, sample j of a packet
     * stamped s at capture time s + (j − 312) / 48 kHz; where two packets overlap, what was written
     * first stays (the guest trims the later one). Index 0 is {@code originUs}; the left channel.
     */
    private static double[] heardByAGuest(List<AudioFrame> frames, long originUs) throws Exception {
        var dec = new io.github.jaredmdobson.concentus.OpusDecoder(Limits.SAMPLE_RATE, Limits.CHANNELS);
        AudioFrame last = frames.get(frames.size() - 1);
        int length = (int) ((last.captureTimeUs() - originUs + 40_000) * Limits.SAMPLE_RATE / 1_000_000);
        double[] line = new double[length];
        boolean[] written = new boolean[length];
        short[] pcm = new short[TestAudio.SHORTS];
        for (AudioFrame f : frames) {
            byte[] packet = f.packets().get(0);
            int n = dec.decode(packet, 0, packet.length, pcm, 0, Limits.PACKET_SAMPLES, false);
            long start = Math.round((f.captureTimeUs() - originUs) * Limits.SAMPLE_RATE / 1e6) - 312;
            for (int j = 0; j < n; j++) {
                long at = start + j;
                if (at >= 0 && at < length && !written[(int) at]) {
                    line[(int) at] = pcm[2 * j] / 32768.0;
                    written[(int) at] = true;
                }
            }
        }
        return line;
    }

    @Test
    @DisplayName("with everyone on high, music is forwarded mostly undecoded (checked by its framing) and still judged sound;"
            + " silence is declared 10–12.5 s after the music stops, never before; sound is back at once; a bad packet"
            + " is refused while undecoded; a tier asked for gets every packet decoded again")
    void decodesOnlyToJudgeTheSound() throws Exception {
        RoomPipeline p = new RoomPipeline(LadderSettings.DEFAULT, new Scratch(), 0);
        p.reencode(0);
        var enc = RoomPipeline.encoder(128_000, 5);
        byte[] buf = new byte[Limits.MAX_OPUS_PACKET];
        short[] quiet = new short[TestAudio.SHORTS];
        int[] k = {0};
        java.util.function.IntFunction<Refusal> send = (int loud) -> {
            try {
                int len = enc.encode(loud == 1 ? TestAudio.sinePacket(440, k[0]) : quiet, 0, Limits.PACKET_SAMPLES, buf, 0, buf.length);
                long at = T0 + k[0] * 20_000L;
                return p.process(TestAudio.hostFrame(Codec.OPUS, k[0]++, at, List.of(java.util.Arrays.copyOf(buf, len))), null, 0, at, sink);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        for (int i = 0; i < 500; i++) { // 10 s of music
            assertNull(send.apply(1));
            assertEquals(dev.roomcast.protocol.SignalState.SOUND, p.signal().state());
        }
        assertEquals(500, p.decoded() + p.undecoded());
        assertTrue(p.undecoded() >= 450, "music is judged from a few packets every 2 s: " + p.decoded() + " decoded, " + p.undecoded() + " not");
        assertEquals(500, out.size(), "every packet forwarded, on high only");
        long musicEndUs = T0 + 499 * 20_000L;
        long silenceAtUs = -1;
        for (int i = 0; i < 700 && silenceAtUs < 0; i++) { // up to 14 s of digital silence
            assertNull(send.apply(0));
            if (p.signal().state() == dev.roomcast.protocol.SignalState.SILENCE) {
                silenceAtUs = T0 + (k[0] - 1) * 20_000L;
            }
        }
        assertTrue(silenceAtUs > 0, "silence is declared");
        double afterS = (silenceAtUs - musicEndUs) / 1e6;
        assertTrue(afterS >= 10 && afterS <= 12.5, "declared " + afterS + " s after the music stopped");
        assertTrue(p.signal().sinceUs() >= musicEndUs, "silence is never said to begin before the music stopped");
        long decodedBefore = p.decoded();
        for (int i = 0; i < 50; i++) { // silence is watched packet by packet
            assertNull(send.apply(0));
        }
        assertEquals(decodedBefore + 50, p.decoded());
        assertNull(send.apply(1));
        assertEquals(dev.roomcast.protocol.SignalState.SOUND, p.signal().state(), "the first loud packet is sound");
        assertNull(send.apply(1));
        long undecodedBefore = p.undecoded();
        assertNull(send.apply(1));
        assertEquals(undecodedBefore + 1, p.undecoded(), "skipping again");
        List<byte[]> restart = TestAudio.opusSine(440, 1, 128_000);
        decodedBefore = p.decoded();
        assertNull(p.process(TestAudio.hostFrame(Codec.OPUS, 1, T0 - 60_000_000L, restart), null, 0, T0, sink));
        assertEquals(decodedBefore + 1, p.decoded(), "a stream whose capture times stepped back is judged, not skipped for a minute");
        byte[] tenMs = java.util.Arrays.copyOf(buf, enc.encode(TestAudio.sinePacket(440, 0), 0, 480, buf, 0, buf.length));
        Refusal bad = p.process(TestAudio.hostFrame(Codec.OPUS, k[0]++, T0 + k[0] * 20_000L, List.of(tenMs)), null, 0, T0, sink);
        assertNotNull(bad, "a 10 ms packet is refused undecoded too");
        assertEquals(ErrorCode.BAD_FRAME, bad.code());
        p.reencode(TierDemand.bit(Tier.LOW));
        out.clear();
        decodedBefore = p.decoded();
        for (int i = 0; i < 60; i++) {
            assertNull(send.apply(1));
        }
        assertEquals(decodedBefore + 60, p.decoded(), "every packet decoded while low is wanted");
        List<byte[]> low = packets(Tier.LOW);
        assertEquals(60, low.size());
        double[] decoded = TestAudio.decodeLeft(low.subList(RoomPipeline.WARM_PACKETS + 2, 60));
        assertEquals(440, TestAudio.dominantHz(decoded, 0, decoded.length), 3, "low carries the tone once its decoder warmed up");
    }

    @Test
    @DisplayName("a garbage packet refuses the whole frame, nothing is emitted, and the next good frame flows with a discontinuity")
    void garbageIsRefused() {
        List<byte[]> source = TestAudio.opusSine(440, 3, 128_000);
        RoomPipeline p = new RoomPipeline(LadderSettings.DEFAULT, new Scratch(), 0);
        assertNull(p.process(TestAudio.hostFrame(Codec.OPUS, 0, T0, List.of(source.get(0))), null, 0, T0, sink));
        // TOC 0xFF: code 3 with 63 frames = 1.26 s, not a valid packet
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, 1, 2, 3, 4, 5, 6, 7, 8};
        Refusal r = p.process(TestAudio.hostFrame(Codec.OPUS, 1, T0 + 20_000, List.of(source.get(1), garbage)),
                null, 0, T0, sink);
        assertNotNull(r);
        assertEquals(ErrorCode.BAD_FRAME, r.code());
        assertEquals(3, out.size(), "nothing of the bad frame was emitted");
        assertNull(p.process(TestAudio.hostFrame(Codec.OPUS, 3, T0 + 60_000, List.of(source.get(2))), null, 0, T0, sink));
        assertEquals(6, out.size());
        assertEquals(1, out.get(3).sequence(), "sequences count forwarded packets");
        assertEquals(AudioFrame.FLAG_DISCONTINUITY, out.get(3).flags());
        assertEquals(1, p.refused());
    }

    @Test
    @DisplayName("a host frame that arrives twice (a producer retry whose first try landed), even after the next one, is forwarded once:"
            + " guests hear no 20 ms twice; the same sequence with another capture time (a new sender starting over) is not a repeat")
    void repeatsAreDroppedOnce() {
        List<byte[]> source = TestAudio.opusSine(440, 4, 128_000);
        RoomPipeline p = new RoomPipeline(LadderSettings.DEFAULT, new Scratch(), 0);
        byte[] f0 = TestAudio.hostFrame(Codec.OPUS, 0, T0, List.of(source.get(0)));
        byte[] f1 = TestAudio.hostFrame(Codec.OPUS, 1, T0 + 20_000, List.of(source.get(1)));
        assertNull(p.process(f0, null, 0, T0, sink));
        assertNull(p.process(f1, null, 0, T0, sink));
        assertNull(p.process(f0.clone(), null, 0, T0, sink), "not the host's fault: nothing to refuse");
        assertNull(p.process(f1.clone(), null, 0, T0, sink));
        assertEquals(6, out.size(), "two packets, three tiers each: the repeats emitted nothing");
        assertEquals(2, p.repeats());
        assertEquals(2, p.accepted());
        p.newSender();
        assertNull(p.process(TestAudio.hostFrame(Codec.OPUS, 0, T0 + 5_000_000, List.of(source.get(2))), null, 0, T0, sink));
        assertEquals(9, out.size(), "a sender starting its sequence over is heard");
        assertEquals(2, out.get(6).sequence());
    }

    @Test
    @DisplayName("a 10 ms Opus packet, an unknown codec, a tier other than high and a codec the room did not announce are refused")
    void wrongInputIsRefused() throws Exception {
        RoomPipeline p = new RoomPipeline(LadderSettings.DEFAULT, new Scratch(), 0);
        var enc = RoomPipeline.encoder(64_000, 3);
        enc.setExpertFrameDuration(io.github.jaredmdobson.concentus.OpusFramesize.OPUS_FRAMESIZE_10_MS);
        byte[] buf = new byte[1275];
        int len = enc.encode(TestAudio.sinePacket(440, 0), 0, 480, buf, 0, buf.length);
        byte[] tenMs = java.util.Arrays.copyOf(buf, len);
        assertEquals(ErrorCode.BAD_FRAME, p.process(TestAudio.hostFrame(Codec.OPUS, 0, T0, List.of(tenMs)), null, 0, T0, sink).code());

        byte[] unknownCodec = TestAudio.hostFrame(Codec.OPUS, 0, T0, TestAudio.opusSine(440, 1, 64_000));
        unknownCodec[1] = 9;
        assertEquals(ErrorCode.BAD_CODEC, p.process(unknownCodec, null, 0, T0, sink).code());

        byte[] medium = AudioFrame.of(Codec.OPUS, Tier.MEDIUM, 0, T0, TestAudio.opusSine(440, 1, 64_000)).encode();
        assertEquals(ErrorCode.BAD_FRAME, p.process(medium, null, 0, T0, sink).code());

        byte[] pcm = TestAudio.hostFrame(Codec.PCM_S16LE, 0, T0, List.of(TestAudio.pcmBytes(TestAudio.sinePacket(440, 0))));
        assertEquals(ErrorCode.BAD_CODEC, p.process(pcm, Codec.OPUS, 0, T0, sink).code());

        byte[] truncated = java.util.Arrays.copyOf(pcm, pcm.length - 1);
        assertEquals(ErrorCode.BAD_FRAME, p.process(truncated, null, 0, T0, sink).code());
        assertTrue(out.isEmpty());
        assertEquals(5, p.refused());
    }

    @Test
    @DisplayName("PCM from a host without an encoder is encoded to Opus for every tier and keeps the tone")
    void pcmIsEncoded() {
        int count = 100;
        RoomPipeline p = new RoomPipeline(LadderSettings.DEFAULT, new Scratch(), 0);
        // five packets per frame, as a batching host would send
        for (int k = 0; k < count; k += 5) {
            List<byte[]> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                batch.add(TestAudio.pcmBytes(TestAudio.sinePacket(440, k + i)));
            }
            assertNull(p.process(TestAudio.hostFrame(Codec.PCM_S16LE, k, T0 + k * 20_000L, batch), Codec.PCM_S16LE, 96_000, T0, sink));
        }
        assertEquals(3 * count, out.size());
        for (int k = 0; k < count; k++) {
            assertEquals(k, out.get(3 * k).sequence());
            assertEquals(T0 + k * 20_000L, out.get(3 * k).captureTimeUs());
            assertEquals(Codec.OPUS, out.get(3 * k).codec());
        }
        double[] src = TestAudio.sineLeft(440, count * Limits.PACKET_SAMPLES);
        for (Tier tier : Tier.values()) {
            double[] decoded = TestAudio.decodeLeft(packets(tier));
            double[] c = TestAudio.bestCorrelation(src, decoded, 24_000, 48_000, 1200);
            assertTrue(c[0] > 0.9, tier + " correlation " + c[0]);
            assertEquals(440, TestAudio.dominantHz(decoded, 24_000, 48_000), 3);
        }
        int highBytes = packets(Tier.HIGH).stream().mapToInt(b -> b.length).sum();
        int lowBytes = packets(Tier.LOW).stream().mapToInt(b -> b.length).sum();
        assertTrue(highBytes > 2 * lowBytes, "high (96 kbps) is larger than low (32 kbps)");
    }

    @Test
    @DisplayName("sequences wrap at 2^32 and start where the fail-over look-up said")
    void sequenceWraps() {
        RoomPipeline p = new RoomPipeline(LadderSettings.DEFAULT, new Scratch(), 0xFFFF_FFFFL);
        List<byte[]> src = TestAudio.opusSine(440, 2, 64_000);
        assertNull(p.process(TestAudio.hostFrame(Codec.OPUS, 0, T0, src), null, 0, T0, sink));
        assertEquals(0xFFFF_FFFFL, out.get(0).sequence());
        assertEquals(0, out.get(3).sequence());
        assertEquals(1, p.nextSequence());
    }
}
