package dev.roomcast.gateway.audio;

import dev.roomcast.protocol.frame.AudioFrames;

/**
 * The last few seconds of one tier of one room, as the single-packet frames relay-service wrote
 * (kept by reference, never copied), so a listener who joins can start at once. Holds packets
 * whose capture time is within {@code windowUs} of the newest one, and at most {@code capacity}.
 * Consumer thread only.
 */
final class PacketRing {
    private final byte[][] slots;
    private int head;
    private int size;

    PacketRing(int capacity) {
        this.slots = new byte[capacity][];
    }

    int size() {
        return size;
    }

    /** Adds a single-packet frame and drops what fell out of the window behind it. */
    void add(byte[] frame, long windowUs) {
        if (size == slots.length) {
            slots[head] = null;
            head = (head + 1) % slots.length;
            size--;
        }
        slots[(head + size) % slots.length] = frame;
        size++;
        long oldest = AudioFrames.captureTimeUs(frame) - windowUs;
        while (size > 1 && AudioFrames.captureTimeUs(slots[head]) < oldest) {
            slots[head] = null;
            head = (head + 1) % slots.length;
            size--;
        }
    }

    /** The i-th packet, oldest first. */
    byte[] get(int i) {
        return slots[(head + i) % slots.length];
    }

    /** Audio held, from the first packet's capture time to the end of the last one. */
    long spanUs() {
        if (size == 0) {
            return 0;
        }
        return AudioFrames.captureTimeUs(get(size - 1)) + 20_000 - AudioFrames.captureTimeUs(get(0));
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            slots[(head + i) % slots.length] = null;
        }
        head = 0;
        size = 0;
    }
}
