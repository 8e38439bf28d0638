package dev.roomcast.chat;

import dev.roomcast.protocol.Limits;
import dev.roomcast.support.config.MillisOrDurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every tunable of chat-service; application.properties maps the original env names onto it. */
@ConfigMapping(prefix = "roomcast.chat")
public interface ChatConfig {

    /** Messages one user may send into one room at once (token bucket size). */
    @WithDefault("5")
    int rateBurst();

    /** Tokens a user's bucket gets back per second. */
    @WithDefault("1")
    double ratePerSecond();

    /** Messages kept per room (at most {@link Limits#CHAT_HISTORY}). */
    @WithDefault("100")
    int historySize();

    /**
     * ROOM_INACTIVITY_TIMEOUT, read like room-service reads it (a duration such as {@code 1h}, or a
     * bare number of ms): a room with no activity for this long is closed by room-service.
     */
    @WithDefault("1h")
    @WithConverter(MillisOrDurationConverter.class)
    Duration roomInactivityTimeout();

    /** Added to the inactivity timeout to give the history list its TTL (refreshed on every message). */
    @WithDefault("1h")
    Duration historyTtlMargin();

    Ingest ingest();

    interface Ingest {
        /** Consumer group of roomcast.chat.ingest. */
        @WithDefault("chat")
        String group();

        /** Records per poll; kept at or below the history size (see docs/CHAT.md, dedupe window). */
        @WithDefault("100")
        int maxPollRecords();

        /** First wait after a Redis or Kafka failure; doubles up to {@link #maxBackoff()}. */
        @WithDefault("100ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();

        /** Create roomcast.chat.ingest and roomcast.room.events at start if they are missing. */
        @WithDefault("true")
        boolean createTopics();

        @WithDefault("4")
        int topicPartitions();
    }

    default Duration historyTtl() {
        return roomInactivityTimeout().plus(historyTtlMargin());
    }
}
