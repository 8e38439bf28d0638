package dev.roomcast.gateway.audio;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.frame.AudioFrames;
import dev.roomcast.protocol.frame.FrameBatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * One tier of one room on this node: the ring of recent packets, the batch being filled, and the
 * listeners of that tier. A batch is closed when it holds {@code batchMs} of audio, when the next
 * packet does not continue it (a gap, a codec change), or when its first packet has waited
 * {@code batchMs} (the timer); the closed batch goes to the sink once, for every listener.
 * Consumer thread only.
 */
final class TierLane {
    /** Receives each closed batch, encoded once. */
    interface BatchSink {
        void batch(TierLane lane, byte[] frame, int packets, long nowNs);
    }

    static final int RING_CAPACITY = 512;

    private final Tier tier;
    private final FrameBatcher batcher;
    private final PacketRing ring = new PacketRing(RING_CAPACITY);
    private final BatchSink sink;
    final List<Listener> listeners = new ArrayList<>();
    private final IntSupplier playoutDelayMs;
    private long batchStartNs;
    private long lastFlushedSeq = -1;
    /** When the last packet came (System.nanoTime), or 0: the relay makes medium and low only while someone is on them. */
    private long lastPacketNs;

    /** A lane whose replay is the whole ring (tests of the ring itself). */
    TierLane(Tier tier, BatchSink sink) {
        this(tier, sink, () -> -1);
    }

    /** A lane whose replay starts at now − D, D = the room's play-out delay now. */
    TierLane(Tier tier, BatchSink sink, IntSupplier playoutDelayMs) {
        this.tier = tier;
        this.batcher = new FrameBatcher(tier);
        this.sink = sink;
        this.playoutDelayMs = playoutDelayMs;
    }

    Tier tier() {
        return tier;
    }

    PacketRing ring() {
        return ring;
    }

    /** Sequence of the last packet that went out in a batch; -1 before the first. */
    long lastFlushedSeq() {
        return lastFlushedSeq;
    }

    /**
     * Whether packets come: one within {@code withinNs} of {@code nowNs}. The relay re-encodes
     * {@code medium} and {@code low} only while some gateway wants them (TierDemand), so a lane can
     * be empty while {@code high} plays.
     */
    boolean flowing(long nowNs, long withinNs) {
        return lastPacketNs != 0 && nowNs - lastPacketNs <= withinNs;
    }

    long lastPacketNs() {
        return lastPacketNs;
    }

    /** One single-packet frame from the room topic (already validated, of this lane's tier). */
    void onPacket(byte[] frame, int batchMs, long ringWindowUs, long nowNs) {
        lastPacketNs = nowNs;
        ring.add(frame, ringWindowUs);
        long seq = AudioFrames.sequence(frame);
        Codec codec = Codec.ofId(AudioFrames.codecId(frame));
        int pos = AudioFrames.firstPacket();
        int len = AudioFrames.packetLength(frame, pos);
        if (!batcher.accepts(seq, AudioFrames.captureTimeUs(frame), codec, AudioFrames.flags(frame), len)) {
            flush(nowNs);
        }
        if (batcher.packetCount() == 0) {
            batchStartNs = nowNs;
        }
        batcher.add(seq, AudioFrames.captureTimeUs(frame), codec, AudioFrames.flags(frame), frame, pos + 2, len);
        if (batcher.packetCount() * (Limits.PACKET_DURATION_US / 1000) >= batchMs) {
            flush(nowNs);
        }
    }

    /** The timer: closes a batch whose first packet has waited {@code batchMs}. */
    void onTick(int batchMs, long nowNs) {
        if (batcher.packetCount() > 0 && nowNs - batchStartNs >= batchMs * 1_000_000L) {
            flush(nowNs);
        }
    }

    void flush(long nowNs) {
        int n = batcher.packetCount();
        if (n == 0) {
            return;
        }
        byte[] frame = batcher.take();
        lastFlushedSeq = AudioFrames.sequence(frame) + n - 1;
        sink.batch(this, frame, n, nowNs);
    }

    /**
     * The recent past for a listener who just arrived, from the packet due to play now: ring
     * packets captured at or after now − D (rounded down to the packet that holds now − D), so
     * the guest, which plays capture time T at T + D, starts playing at once instead of first
     * receiving (and dropping) up to {@code ringExtra} of audio already past its play-out time.
     * Without a known D (tests of the ring), the whole ring.
     */
    List<byte[]> replay(FrameBatcher scratch, int maxPackets) {
        int d = playoutDelayMs.getAsInt();
        long from = d < 0 ? Long.MIN_VALUE : ServerClock.nowUs() - d * 1000L - Limits.PACKET_DURATION_US;
        return replay(scratch, maxPackets, from);
    }

    /**
     * Every ring packet captured at or after {@code fromCaptureUs} that was already sent out in a
     * batch (the one being filled follows by itself), packed into frames of up to
     * {@code maxPackets} packets, oldest first.
     */
    List<byte[]> replay(FrameBatcher scratch, int maxPackets, long fromCaptureUs) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < ring.size(); i++) {
            byte[] p = ring.get(i);
            if (AudioFrames.captureTimeUs(p) < fromCaptureUs) {
                continue;
            }
            long seq = AudioFrames.sequence(p);
            if (lastFlushedSeq < 0 || seq > lastFlushedSeq) {
                break;
            }
            Codec codec = Codec.ofId(AudioFrames.codecId(p));
            int pos = AudioFrames.firstPacket();
            int len = AudioFrames.packetLength(p, pos);
            if (!scratch.accepts(seq, AudioFrames.captureTimeUs(p), codec, AudioFrames.flags(p), len) || scratch.packetCount() >= maxPackets) {
                out.add(scratch.take());
            }
            scratch.add(seq, AudioFrames.captureTimeUs(p), codec, AudioFrames.flags(p), p, pos + 2, len);
        }
        byte[] last = scratch.take();
        if (last != null) {
            out.add(last);
        }
        return out;
    }
}
