package dev.roomcast.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every tunable of the gateway; application.properties maps the env names onto these. */
@ConfigMapping(prefix = "roomcast.gateway")
public interface GatewayConfig {

    /** This node's id (GATEWAY_ID); a random one when unset. */
    Optional<String> id();

    /** The site's public URL for share links (PUBLIC_URL); the request's own origin when unset. */
    Optional<String> publicUrl();

    /**
     * Origins allowed to open /ws and call /api from a browser (ALLOWED_ORIGINS, comma separated).
     * Same-origin pages are always allowed.
     */
    Optional<List<String>> allowedOrigins();

    /**
     * The CA certificate (PEM) served at {@code /ca.crt} for phones to trust (TLS_CA_FILE, set by
     * {@code ./run --lan}); unset, {@code /ca.crt} is 404.
     */
    Optional<java.nio.file.Path> caCertificateFile();

    /** Open sockets one IP address may hold (MAX_CONNECTIONS_PER_IP). */
    @WithDefault("50")
    int maxConnectionsPerIp();

    /** Control messages per second per socket, sustained (WS_MESSAGES_PER_SECOND). */
    @WithDefault("20")
    int messagesPerSecond();

    /** Control messages a socket may send in one burst. */
    @WithDefault("40")
    int messageBurst();

    /** Audio frames per second a host socket may send (50 at one 20 ms packet per frame). */
    @WithDefault("60")
    int framesPerSecond();

    /**
     * Audio frames a host socket may send at once (WS_FRAME_BURST): 3 s of 20 ms frames. The bucket
     * counts frames as this gateway reads them, so anything that holds them up on the way — the host's
     * page or network stalling, or this gateway's own event loop busy for a second on a loaded node —
     * delivers a second's audio in one read. A burst of one second's worth (60) refused that catch-up
     * and told the host to "slow down", which it had not (seen in a studio journey at load 15).
     */
    @WithDefault("150")
    int frameBurst();

    /** Abuse budget: a socket refused this many times (refilled at this many per minute) is closed (policy violation). */
    @WithDefault("200")
    int abuseCloseAfter();

    /** How often this node tells room-service it is alive. */
    @WithDefault("10s")
    Duration heartbeatInterval();

    /** How long clients get to reconnect elsewhere when this node shuts down. */
    @WithDefault("2s")
    Duration drainTime();

    /** Rooms a single IP may create per minute through /api or /ws. */
    @WithDefault("10")
    int roomCreatesPerMinute();

    /** Cover art uploads a single IP may make per minute (PUT /api/rooms/{id}/art). */
    @WithDefault("30")
    int artUploadsPerMinute();

    /** Tab peek frames a single IP may send per minute (PUT /api/rooms/{id}/peek; a studio sends 12). */
    @WithDefault("40")
    int peekUploadsPerMinute();

    /**
     * Joins waiting for room-service on this node (all rooms); past it a join is refused with
     * {@code unavailable} at once. docs/JOINS.md.
     */
    @WithDefault("10000")
    int joinQueueMax();

    /** Batch-join calls per room in flight at once from this node; joins arriving meanwhile wait and go in the next batch. */
    @WithDefault("2")
    int joinCallsPerRoom();

    /**
     * Rooms with more participants than this: guests get {@code participants:update} (at most one
     * per {@code presenceInterval}) instead of every {@code user:joined} / {@code user:left}.
     */
    @WithDefault("50")
    int presenceCoalesceAbove();

    /** How often coalesced presence changes go out to the guests of a big room. */
    @WithDefault("1s")
    Duration presenceInterval();

    /**
     * SO_SNDBUF of accepted sockets in bytes (SOCKET_SEND_BUFFER); 0 leaves the kernel's
     * autotuning. Small, so a slow guest's backlog shows in the fan-out's in-flight count
     * ({@link SocketOptions}).
     */
    @WithDefault("65536")
    int socketSendBuffer();

    /**
     * Bytes a socket may leave unread in this process before it is closed as stalled
     * (SOCKET_BACKLOG_MAX): audio stops at the fan-out's in-flight bound (64 KiB), control messages
     * queue until this. Bounds the memory a client that stops reading can hold ({@link
     * dev.roomcast.gateway.session.Session#sendJson}).
     */
    @WithDefault("131072")
    int socketBacklogMax();
}
