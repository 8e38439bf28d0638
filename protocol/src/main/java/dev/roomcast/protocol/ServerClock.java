package dev.roomcast.protocol;

import java.time.Clock;
import java.time.Instant;

/**
 * The server clock of the wire (docs/PROTOCOL.md §1, §6): wall-clock time in µs since the Unix
 * epoch. Every {@code *Us} field, every frame's capture time and every clock probe use it.
 */
public final class ServerClock {
    private ServerClock() {}

    private static final Clock CLOCK = Clock.systemUTC();

    public static long nowUs() {
        Instant i = CLOCK.instant();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }
}
