package dev.roomcast.relay.pipeline;

import dev.roomcast.protocol.Tier;

/** Receives the relay's single-packet frames, in order: high, medium, low for each sequence. */
@FunctionalInterface
public interface Output {
    /**
     * @param captureTimeUs server µs the decoded output of this packet starts at (see docs/AUDIO-PIPELINE.md)
     * @param frame         a complete single-packet frame (AudioFrames layout), owned by the receiver
     */
    void emit(Tier tier, long sequence, long captureTimeUs, byte[] frame);
}
