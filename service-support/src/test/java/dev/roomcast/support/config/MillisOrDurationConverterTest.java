package dev.roomcast.support.config;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MillisOrDurationConverterTest {
    private final MillisOrDurationConverter c = new MillisOrDurationConverter();

    @Test
    @DisplayName("a bare number is milliseconds, as ROOM_INACTIVITY_TIMEOUT=3600000 in the original design")
    void bareNumberIsMillis() {
        assertEquals(Duration.ofHours(1), c.convert("3600000"));
    }

    @Test
    @DisplayName("Quarkus duration forms are understood")
    void durations() {
        assertEquals(Duration.ofHours(1), c.convert("1h"));
        assertEquals(Duration.ofSeconds(30), c.convert("30s"));
        assertEquals(Duration.ofMinutes(2), c.convert("PT2M"));
    }
}
