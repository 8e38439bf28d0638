package dev.roomcast.support.config;

import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * A duration in Quarkus form ({@code 1h}, {@code 30s}, {@code PT1M}) or, as in the original
 * design's env vars ({@code ROOM_INACTIVITY_TIMEOUT=3600000}), a bare number of milliseconds.
 */
public class MillisOrDurationConverter implements Converter<Duration> {

    @Override
    public Duration convert(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            return Duration.ofMillis(Long.parseLong(v));
        }
        return DurationConverter.parseDuration(v);
    }
}
