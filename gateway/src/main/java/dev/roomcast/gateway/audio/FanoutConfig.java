package dev.roomcast.gateway.audio;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Tunables of the audio path (ingest and fan-out); see docs/FANOUT.md. */
@ConfigMapping(prefix = "roomcast.gateway.audio")
public interface FanoutConfig {

    /**
     * Bytes a listener may have written but not yet flushed to its socket. Past it, its frames are
     * skipped. Batches are shared between listeners, so this is also the most one stalled listener
     * can pin in memory.
     */
    @WithDefault("65536")
    int maxInFlightBytes();

    /** Past this many in-flight bytes, an auto listener is moved one tier down. */
    @WithDefault("32768")
    int downgradeInFlightBytes();

    /** At least this long between two tier moves of one listener. */
    @WithDefault("2s")
    Duration tierCooldown();

    /** An auto listener below {@code high} moves one tier up after this long without congestion. */
    @WithDefault("10s")
    Duration upgradeAfter();

    /** How far before now − D the node seeks when it starts reading a room. */
    @WithDefault("500ms")
    Duration seekMargin();

    /** Recent audio kept per room and tier for late joiners: D plus this. */
    @WithDefault("500ms")
    Duration ringExtra();

    /** How long one poll of the room topics may wait (it also paces the batches' ticks). */
    @WithDefault("5ms")
    Duration pollTimeout();

    /**
     * How long the broker may hold a fetch of the room topics that finds no audio (one with audio
     * returns at once). A room newly assigned waits for the fetch in flight, so this bounds its
     * first audio's extra delay; short of that it only sets how often a node whose rooms are quiet
     * (guests waiting, no host live) asks the broker: 20 times a second instead of 200.
     */
    @WithDefault("50ms")
    Duration fetchMaxWait();

    /** How often the host gets its listeners' health (per room, from this node). */
    @WithDefault("2s")
    Duration healthInterval();

    /**
     * Ready-made frames go straight to the kernel socket when Netty holds nothing for it (one
     * {@code write(2)}, no Netty work; docs/FANOUT.md). Off: every frame goes through Netty. Either
     * way a listener gets the same bytes in the same order; the switch is for comparing the two.
     */
    @WithDefault("true")
    boolean directWrites();

    /** Host frames waiting for the Kafka producer; past it frames are refused. */
    @WithDefault("2048")
    int ingestQueue();
}
