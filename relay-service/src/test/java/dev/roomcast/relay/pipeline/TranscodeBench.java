package dev.roomcast.relay.pipeline;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Limits;
import java.util.List;

/**
 * Not a test: measures the relay's CPU per 20 ms packet (decode + medium + low encode) at each
 * complexity, after a warm-up. Run: java -cp target/test-classes:target/classes:$(deps) dev.roomcast.relay.pipeline.TranscodeBench
 */
public final class TranscodeBench {
    public static void main(String[] args) {
        int warmPackets = Integer.parseInt(System.getProperty("warm", "5000"));
        int packets = Integer.parseInt(System.getProperty("packets", "3000"));
        List<byte[]> source = TestAudio.opusSine(440, 500, 128_000);
        for (int complexity : System.getProperty("order", "0,1,3,5,8,10").split(",").length == 0 ? new int[0] : java.util.Arrays.stream(System.getProperty("order", "0,1,3,5,8,10").split(",")).mapToInt(Integer::parseInt).toArray()) {
            LadderSettings s = new LadderSettings(128_000, complexity, complexity, complexity);
            RoomPipeline p = new RoomPipeline(s, new Scratch(), 0);
            Output sink = (t, seq, c, f) -> { };
            for (int i = 0; i < warmPackets; i++) {
                p.process(TestAudio.hostFrame(Codec.OPUS, i, i * 20_000L, List.of(source.get(i % source.size()))), null, 0, 0, sink);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < packets; i++) {
                p.process(TestAudio.hostFrame(Codec.OPUS, i, i * 20_000L, List.of(source.get(i % source.size()))), null, 0, 0, sink);
            }
            double opusUs = (System.nanoTime() - t0) / 1e3 / packets;
            short[] pcm = TestAudio.sinePacket(440, 3);
            byte[] pcmFrame = TestAudio.hostFrame(Codec.PCM_S16LE, 0, 0, List.of(TestAudio.pcmBytes(pcm)));
            for (int i = 0; i < warmPackets / 2; i++) {
                p.process(pcmFrame, null, 0, 0, sink);
            }
            t0 = System.nanoTime();
            for (int i = 0; i < packets; i++) {
                p.process(pcmFrame, null, 0, 0, sink);
            }
            double pcmUs = (System.nanoTime() - t0) / 1e3 / packets;
            System.out.printf("complexity %2d: opus host %.0f µs/packet (%.1f%% of a core per room), pcm host %.0f µs/packet%n",
                    complexity, opusUs, opusUs / 200, pcmUs);
        }
        // decode alone
        try {
            var dec = new io.github.jaredmdobson.concentus.OpusDecoder(48000, 2);
            short[] out = new short[Limits.PACKET_SAMPLES * 2];
            long t0 = System.nanoTime();
            for (int i = 0; i < packets; i++) {
                byte[] pk = source.get(i % source.size());
                dec.decode(pk, 0, pk.length, out, 0, 960, false);
            }
            System.out.printf("decode alone: %.0f µs/packet%n", (System.nanoTime() - t0) / 1e3 / packets);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
