package dev.roomcast.relay.stats;

/**
 * What a room's host stream looks like on arrival, over one reporting window: bitrate of the
 * {@code high} tier (its bytes over the audio they carry, so a window that received a burst after
 * a stall still reports the stream's bitrate, not the arrival rate), loss from gaps in the host's own sequence numbers, arrival jitter (RFC 3550
 * style smoothing of the change in transit time), and ingest latency (arrival − capture time,
 * both server clock). Pure: the caller passes the time. Not thread-safe (one room, one thread).
 */
public final class IngestStats {
    private long windowStartUs = Long.MIN_VALUE;
    private long bytes;
    private long received;
    private long lost;
    private long latencySumUs;
    private long latencyCount;

    private long lastHostSeqEnd = -1;
    private long lastTransitUs;
    private boolean haveTransit;
    private double jitterUs;

    /**
     * One accepted host frame.
     *
     * @param hostSequence  the host's sequence of the frame's first packet
     * @param packets       packets in the frame
     * @param captureTimeUs capture time of the first packet (server µs)
     * @param arrivalUs     now (server µs)
     * @param highBytes     Opus bytes of the high tier this frame yields
     */
    public void onFrame(long hostSequence, int packets, long captureTimeUs, long arrivalUs, int highBytes) {
        if (windowStartUs == Long.MIN_VALUE) {
            windowStartUs = arrivalUs;
        }
        if (lastHostSeqEnd >= 0) {
            long gap = (hostSequence - lastHostSeqEnd) & 0xffffffffL;
            if (gap > 0 && gap < 3000) {
                lost += gap; // more than a minute apart is a restart, not loss
            }
        }
        lastHostSeqEnd = (hostSequence + packets) & 0xffffffffL;
        received += packets;
        bytes += highBytes;
        // transit of the frame's newest packet: it was sent right after it was captured
        long lastCaptureUs = captureTimeUs + (packets - 1) * 20_000L;
        long transit = arrivalUs - lastCaptureUs;
        latencySumUs += transit;
        latencyCount++;
        if (haveTransit) {
            long d = Math.abs(transit - lastTransitUs);
            jitterUs += (d - jitterUs) / 16.0;
        }
        lastTransitUs = transit;
        haveTransit = true;
    }

    /** Frames come from another participant now (the aux passed): its sequence and transit are its own. */
    public void newSender() {
        lastHostSeqEnd = -1;
        haveTransit = false;
    }

    public boolean due(long nowUs, long intervalUs) {
        return windowStartUs != Long.MIN_VALUE && nowUs - windowStartUs >= intervalUs;
    }

    /** The window's figures; starts a new window. */
    public Snapshot take(long nowUs) {
        double audioSeconds = received * 0.020;
        int kbps = received == 0 ? 0 : (int) Math.round(bytes * 8 / audioSeconds / 1000);
        int latencyMs = latencyCount == 0 ? 0 : (int) Math.round(latencySumUs / (double) latencyCount / 1000);
        double loss = received + lost == 0 ? 0 : lost / (double) (received + lost);
        Snapshot s = new Snapshot(kbps, latencyMs, loss, Math.round(jitterUs / 100.0) / 10.0, received, lost);
        windowStartUs = nowUs;
        bytes = 0;
        received = 0;
        lost = 0;
        latencySumUs = 0;
        latencyCount = 0;
        return s;
    }

    /** bitrateKbps of high, mean ingest latency ms, loss 0..1, jitter ms. */
    public record Snapshot(int bitrateKbps, int latencyMs, double loss, double jitterMs, long packets, long lostPackets) {}
}
