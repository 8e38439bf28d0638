package dev.roomcast.gateway.audio;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.frame.AudioFrame;
import java.util.List;

/** Single-packet frames as relay-service writes them, with recognisable bytes. */
final class Packets {
    private Packets() {}

    static final long T0_US = 1_700_000_000_000_000L;

    static byte[] packet(Tier tier, long seq, int size) {
        return packet(tier, seq, T0_US + seq * 20_000, size);
    }

    static byte[] packet(Tier tier, long seq, long captureUs, int size) {
        byte[] p = new byte[size];
        for (int i = 0; i < size; i++) {
            p[i] = (byte) (seq * 31 + i + tier.id() * 7);
        }
        return AudioFrame.of(Codec.OPUS, tier, seq, captureUs, List.of(p)).encode();
    }
}
