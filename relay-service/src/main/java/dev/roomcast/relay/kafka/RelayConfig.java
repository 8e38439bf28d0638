package dev.roomcast.relay.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every tunable of relay-service; application.properties maps env names onto it. */
@ConfigMapping(prefix = "roomcast.relay")
public interface RelayConfig {
    /** Kafka consumer group of the ingest topic: rooms spread over replicas by partition. */
    @WithDefault("relay")
    String group();

    /**
     * Ingest consumer session.timeout.ms: how long a relay that died without leaving the group
     * (SIGKILL, a lost node) keeps its rooms before the group gives them to another replica. The
     * broker only accepts values within its group.min/max.session.timeout.ms (6 s / 30 min by
     * default). Heartbeats go every third of it. A clean stop (SIGTERM) leaves the group at once.
     */
    @WithDefault("10000")
    int sessionTimeoutMs();

    /** Threads that run the codecs; each room is pinned to one. 0 = one per core. */
    @WithDefault("0")
    int workers();

    /**
     * Ingest consumer fetch.max.wait.ms: how long the broker may hold a fetch that finds nothing.
     * A fetch with data returns at once ({@code fetch.min.bytes=1}), so this is not latency: it
     * sets how often an idle relay asks (KafkaClients.IDLE_FETCH_WAIT_MS).
     */
    @WithDefault("500")
    int fetchMaxWaitMs();

    /** Seconds of generated audio pushed through the codecs before consuming (Concentus/JIT warm-up). */
    @WithDefault("30")
    int warmupAudioSeconds();

    /** Bitrate of {@code high} for PCM hosts when the broadcast did not say. */
    @WithDefault("128000")
    int defaultBitrate();

    @WithDefault("5")
    int highComplexity();

    @WithDefault("3")
    int mediumComplexity();

    @WithDefault("3")
    int lowComplexity();

    /**
     * Re-encode {@code medium} and {@code low} only while a gateway has a listener on them
     * (TierDemand; docs/SCALING.md "Tiers on demand"). Off: every room's three tiers always, as
     * before — for a rollout while gateways that do not send demands still run.
     */
    @WithDefault("true")
    boolean tiersOnDemand();

    /**
     * linger.ms of the producer of the room topics: how long a packet may wait for others, of any
     * room, to share its produce request. The broker's cost is per request more than per record, and
     * with 0 every packet of a quiet relay goes alone (docs/SCALING.md "What breaks first").
     */
    @WithDefault("0")
    int producerLingerMs();

    /** broadcast:stats per live room. */
    @WithDefault("1000")
    int statsIntervalMs();

    /** At most one broadcast:error per room per this interval. */
    @WithDefault("1000")
    int errorIntervalMs();

    /**
     * Host frames whose capture time is older than this on arrival are dropped: no preset plays
     * later than 5 s after capture, so they are useless to guests, and dropping them is how an
     * overloaded relay catches up instead of falling further behind.
     */
    @WithDefault("5000")
    int staleAfterMs();

    /** A room that sent nothing for this long loses its state (codecs, sequence). */
    @WithDefault("60000")
    int idleEvictMs();

    /** How long a room whose topic is missing drops frames before the topic is looked up again. */
    @WithDefault("2000")
    int topicRetryMs();

    /** How far back the room-events topic is read at start to learn live broadcasts' audio config. */
    @WithDefault("21600000")
    long eventsLookbackMs();
}
