package dev.roomcast.gateway.session;

import java.time.Clock;
import java.time.Instant;

/** The server clock every client synchronises to: wall-clock time in µs since the Unix epoch. */
public final class ServerClock {
    private ServerClock() {}

    private static final Clock CLOCK = Clock.systemUTC();

    public static long nowUs() {
        Instant i = CLOCK.instant();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }
}
