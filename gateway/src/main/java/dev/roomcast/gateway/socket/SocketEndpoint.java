package dev.roomcast.gateway.socket;

import dev.roomcast.gateway.config.GatewayConfig;
import dev.roomcast.gateway.config.GatewayIdentity;
import dev.roomcast.gateway.room.RoomCommands;
import dev.roomcast.gateway.session.ClientAddress;
import dev.roomcast.gateway.session.FrameIngress;
import dev.roomcast.gateway.session.OriginPolicy;
import dev.roomcast.gateway.session.RateLimiter;
import dev.roomcast.gateway.session.Refusals;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.gateway.session.SessionRegistry;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.message.ServerMessage;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.HandshakeRequest;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * {@code /ws}: one socket per browser tab. JSON control messages as text, audio as binary. Only
 * translates: sessions, limits and routing live in their own classes. Callbacks run on the
 * socket's event loop and never block.
 */
@WebSocket(path = "/ws")
public class SocketEndpoint {
    private static final Logger LOG = Logger.getLogger(SocketEndpoint.class);

    private final SessionRegistry registry;
    private final ControlRouter router;
    private final RoomCommands rooms;
    private final FrameIngress frames;
    private final GatewayConfig config;
    private final GatewayIdentity gateway;
    private final Refusals refusals;
    private final OriginPolicy origins;

    public SocketEndpoint(SessionRegistry registry, ControlRouter router, RoomCommands rooms, FrameIngress frames,
                          GatewayConfig config, GatewayIdentity gateway, Refusals refusals) {
        this.registry = registry;
        this.router = router;
        this.rooms = rooms;
        this.frames = frames;
        this.config = config;
        this.gateway = gateway;
        this.refusals = refusals;
        this.origins = new OriginPolicy(config.allowedOrigins().orElse(List.of()));
    }

    /**
     * Welcomes the socket, or closes it at once with 1008 and the reason: {@code forbidden_origin}
     * (a page of an origin not allowed) or {@code too_many_connections} (its address holds
     * MAX_CONNECTIONS_PER_IP sockets). An upgrade refused with an HTTP status would tell a browser
     * nothing; a close reason it can read ({@code CloseEvent.reason}).
     */
    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        HandshakeRequest handshake = connection.handshakeRequest();
        if (!origins.allows(handshake.header("Origin"), handshake.header("Host"))) {
            refuse(connection, ErrorCode.FORBIDDEN_ORIGIN);
            return;
        }
        long now = System.nanoTime();
        String username = "Guest_" + (10_000 + ThreadLocalRandom.current().nextInt(90_000));
        Session s = new Session(connection, ClientAddress.ofRemote(handshake.remoteAddress()), RoomIds.newUserId(), username,
                new RateLimiter(config.messagesPerSecond(), config.messageBurst(), now),
                new RateLimiter(config.framesPerSecond(), config.frameBurst(), now), config.socketBacklogMax(), now);
        if (!registry.tryOpen(s, config.maxConnectionsPerIp())) {
            refuse(connection, ErrorCode.TOO_MANY_CONNECTIONS);
            return;
        }
        s.send(new ServerMessage.Welcome(s.userId(), gateway.id(), ServerClock.nowUs(),
                Limits.MAX_TEXT_MESSAGE_BYTES, Limits.MAX_BINARY_MESSAGE_BYTES, username));
    }

    private static void refuse(WebSocketConnection connection, ErrorCode reason) {
        connection.close(new CloseReason(Session.CLOSE_POLICY, reason.wire())).subscribe().with(ok -> { }, failure -> { });
    }

    @OnTextMessage
    @NonBlocking
    public void onText(WebSocketConnection connection, String text) {
        long receivedUs = ServerClock.nowUs();
        Session s = registry.byConnection(connection.id());
        if (s != null) {
            router.onText(s, text, receivedUs, System.nanoTime());
        }
    }

    @OnBinaryMessage
    @NonBlocking
    public void onBinary(WebSocketConnection connection, Buffer frame) {
        Session s = registry.byConnection(connection.id());
        if (s == null) {
            return;
        }
        if (frame.length() > Limits.MAX_BINARY_MESSAGE_BYTES) {
            s.close(Session.CLOSE_TOO_BIG, "audio frame larger than " + Limits.MAX_BINARY_MESSAGE_BYTES + " bytes");
            return;
        }
        frames.onFrame(s, frame, System.nanoTime());
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        Session s = registry.byConnection(connection.id());
        if (s != null) {
            rooms.disconnected(s);
            registry.closed(s);
        }
    }

    /**
     * Messages past the transport's read limit ({@code max-message-size}, 256 KiB) never reach
     * {@link #onText}/{@link #onBinary}: Vert.x drops them and reports it here. They get the same
     * answer as the oversize messages we read ourselves: text {@code too_large} (the socket stays
     * usable), binary a 1009 close with the reason. A single frame past {@code max-frame-size} is a
     * protocol violation on which Netty itself closes the connection with 1009.
     */
    @OnError
    @NonBlocking
    public void onError(WebSocketConnection connection, Throwable error) {
        LOG.debugf("socket %s error: %s", connection.id(), error.toString());
        Session s = registry.byConnection(connection.id());
        String what = error instanceof IllegalStateException && error.getMessage() != null ? error.getMessage() : "";
        if (s == null || !what.contains("max message size")) {
            return;
        }
        if (what.startsWith("Cannot process binary")) {
            s.close(Session.CLOSE_TOO_BIG, "audio frame larger than " + Limits.MAX_BINARY_MESSAGE_BYTES + " bytes");
        } else {
            refusals.refuse(s, ErrorCode.TOO_LARGE, "control message is larger than " + Limits.MAX_TEXT_MESSAGE_BYTES + " bytes", null);
        }
    }
}
