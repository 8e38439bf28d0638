package dev.roomcast.client;

/** This machine's clock in µs since the epoch, read from the monotonic clock after one wall-clock anchor. */
public final class ClientClock {
    private ClientClock() {}

    private static final long BASE_US = System.currentTimeMillis() * 1000;
    private static final long BASE_NANOS = System.nanoTime();

    public static long nowUs() {
        return BASE_US + (System.nanoTime() - BASE_NANOS) / 1000;
    }
}
