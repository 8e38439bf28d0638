package dev.roomcast.room.config;

import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.support.config.MillisOrDurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every tunable of room-service; application.properties maps the original env names onto it. */
@ConfigMapping(prefix = "roomcast.room")
public interface RoomConfig {

    /** Participants per room, the host included; the host's place is always kept free for it. */
    @WithDefault("100")
    int maxUsersPerRoom();

    /** An empty, not-live room with no activity for this long is closed. A bare number is ms. */
    @WithDefault("1h")
    @WithConverter(MillisOrDurationConverter.class)
    Duration inactivityTimeout();

    /** How long a live broadcast waits for its host to come back. A bare number is ms. */
    @WithDefault("60s")
    @WithConverter(MillisOrDurationConverter.class)
    Duration hostGracePeriod();

    /** A gateway silent for this long is dead: its members are removed. */
    @WithDefault("30s")
    Duration gatewayTimeout();

    /**
     * After a kick, joins from the kicked guest's address are refused for this long — unless they come
     * from a device that was in the room before the kick (others on the same network). A bare number is ms.
     */
    @WithDefault("10m")
    @WithConverter(MillisOrDurationConverter.class)
    Duration banAddressFor();

    /** How often idle rooms are looked for (used by @Scheduled). */
    @WithDefault("30s")
    Duration sweepInterval();

    /** How often silent gateways are looked for (used by @Scheduled). */
    @WithDefault("10s")
    Duration reapInterval();

    /** How often host grace deadlines are checked (used by @Scheduled). */
    @WithDefault("5s")
    Duration hostGraceCheckInterval();

    /** Wrong room passwords one client address may give per room in a {@link #passwordTryWindow()}. */
    @WithDefault("5")
    int passwordTries();

    /** How long wrong passwords are counted from the first one; past the limit, tries wait for its end. */
    @WithDefault("60s")
    @WithConverter(MillisOrDurationConverter.class)
    Duration passwordTryWindow();

    /** Most rooms GET /rooms returns. */
    @WithDefault("100")
    int listLimit();

    /** Cover art images a room keeps (each ≤ 256 KiB); past it the oldest upload goes. */
    @WithDefault("32")
    int artPerRoom();

    /** Preset of a new room. */
    @WithDefault("party")
    String defaultPreset();

    Topic topic();

    default LatencyPreset preset() {
        return LatencyPreset.ofWire(defaultPreset());
    }

    /** The per-room audio topic. */
    interface Topic {
        @WithDefault("1")
        short replicationFactor();

        @WithDefault("60000")
        long retentionMs();

        /** Small, so old segments roll and retention can delete them. */
        @WithDefault("60000")
        long segmentMs();

        /** Longest wait for a Kafka admin call. */
        @WithDefault("10s")
        Duration adminTimeout();
    }
}
