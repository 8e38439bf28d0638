package dev.roomcast.relay.kafka;

import java.time.Instant;

/** The server clock in µs since the epoch (what hosts stamp capture times in). */
final class ServerClock {
    private ServerClock() {}

    static long nowUs() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }
}
