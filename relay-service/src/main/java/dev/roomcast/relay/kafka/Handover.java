package dev.roomcast.relay.kafka;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One room's change of sender in progress (the aux passed): the new sender's frames held until the
 * old sender's audio reaches the first of them, or {@link #WAIT_MS} passed, or {@link #MAX_HELD}
 * frames wait. Owned by the room's worker thread.
 */
final class Handover {
    /**
     * How long the new sender's first frames may wait for the old sender's last ones. The wait ends
     * as soon as those come (tens of ms); its bound is for an old broadcaster whose page starves
     * (GuestPageIT on the loaded 2-core box: once 150 ms was not enough). It delays only the new
     * sender's first frames, and only in that case.
     */
    static final long WAIT_MS = 300;
    /** At most this many frames wait (a second of single-packet frames). */
    static final int MAX_HELD = 50;

    byte[] sender;
    long firstUs;
    long untilMs;
    private final List<ConsumerRecord<String, byte[]>> held = new ArrayList<>();

    boolean waiting() {
        return sender != null;
    }

    void start(byte[] sender, long firstUs, long nowMs) {
        this.sender = sender;
        this.firstUs = firstUs;
        this.untilMs = nowMs + WAIT_MS;
    }

    void hold(ConsumerRecord<String, byte[]> rec) {
        held.add(rec);
    }

    boolean full() {
        return held.size() >= MAX_HELD;
    }

    /** Ends the wait: the held frames, oldest first. */
    List<ConsumerRecord<String, byte[]>> release() {
        List<ConsumerRecord<String, byte[]>> out = List.copyOf(held);
        held.clear();
        sender = null;
        return out;
    }
}
