package dev.roomcast.gateway.session;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.message.ProtocolJson;
import dev.roomcast.protocol.message.ServerMessage;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;

/**
 * One browser socket and who it is. Identity (user id, host role, room) is set by the server
 * only: at open, and when room-service accepts a join. Control handling runs on the socket's
 * event loop; fields read from other threads (event delivery, fan-out) are volatile.
 */
public final class Session {
    /** WebSocket close codes we use. */
    public static final int CLOSE_POLICY = 1008;
    public static final int CLOSE_TOO_BIG = 1009;
    public static final int CLOSE_RESTART = 1012;

    private final WebSocketConnection connection;
    private final String ip;
    private final RateLimiter controlLimit;
    private final RateLimiter frameLimit;
    private final RateLimiter errorLimit;

    private volatile String userId;
    private volatile String username;
    private volatile String roomId;
    private volatile boolean host;
    private volatile String hostToken;
    private volatile boolean joining;
    private RateLimiter abuseBudget;

    public Session(WebSocketConnection connection, String ip, String userId, String username,
                   RateLimiter controlLimit, RateLimiter frameLimit, long nowNs) {
        this.connection = connection;
        this.ip = ip;
        this.userId = userId;
        this.username = username;
        this.controlLimit = controlLimit;
        this.frameLimit = frameLimit;
        this.errorLimit = new RateLimiter(5, 10, nowNs);
    }

    public String id() {
        return connection.id();
    }

    public String ip() {
        return ip;
    }

    public WebSocketConnection connection() {
        return connection;
    }

    public String userId() {
        return userId;
    }

    public String username() {
        return username;
    }

    public String roomId() {
        return roomId;
    }

    public boolean isHost() {
        return host;
    }

    /** The host token this socket proved, kept in memory only, for host-only calls to room-service. */
    public String hostToken() {
        return hostToken;
    }

    public boolean isJoining() {
        return joining;
    }

    public void setJoining(boolean joining) {
        this.joining = joining;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    /** Called when room-service accepted the join: the identity it returned becomes this socket's. */
    public void enter(String roomId, String userId, boolean host, String hostToken) {
        this.userId = userId;
        this.host = host;
        this.hostToken = host ? hostToken : null;
        this.roomId = roomId;
    }

    /** Leaves the room; a host gets a fresh user id, since its id belonged to the room it hosted. */
    public void exit() {
        this.roomId = null;
        if (host) {
            this.userId = RoomIds.newUserId();
        }
        this.host = false;
        this.hostToken = null;
    }

    public boolean tryControl(long nowNs) {
        return controlLimit.tryAcquire(nowNs);
    }

    public boolean tryFrame(long nowNs) {
        return frameLimit.tryAcquire(nowNs);
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    public void send(ServerMessage message) {
        sendJson(ProtocolJson.encode(message));
    }

    /** Sends an already encoded message (encode once, send to many). */
    public void sendJson(String json) {
        if (connection.isOpen()) {
            connection.sendText(json).subscribe().with(ok -> { }, failure -> { });
        }
    }

    public void sendBinary(Buffer frame) {
        if (connection.isOpen()) {
            connection.sendBinary(frame).subscribe().with(ok -> { }, failure -> { });
        }
    }

    /**
     * Tells the sender what was wrong. Errors are themselves rate-limited, so a flood cannot make
     * the server amplify it. Every refusal also spends one token of an abuse budget of
     * {@code closeAfter} tokens, refilled at {@code closeAfter} per minute; a socket that empties it
     * is closed with a reason. Accepted messages do not reset the budget, so a flood that slips a
     * message through now and then is still closed. Called from the socket's event loop and from
     * service-call callbacks, hence synchronized.
     *
     * @return false if the socket was closed for abuse
     */
    public synchronized boolean refuse(ErrorCode code, String message, String ref, int closeAfter, long nowNs) {
        if (abuseBudget == null) {
            abuseBudget = new RateLimiter(closeAfter / 60.0, closeAfter, nowNs);
        }
        if (!abuseBudget.tryAcquire(nowNs)) {
            close(CLOSE_POLICY, "too many refused messages: " + code.wire());
            return false;
        }
        if (errorLimit.tryAcquire(nowNs)) {
            send(new ServerMessage.Error(code, message, ref));
        }
        return true;
    }

    public void close(int code, String reason) {
        if (connection.isOpen()) {
            connection.close(new CloseReason(code, reason)).subscribe().with(ok -> { }, failure -> { });
        }
    }
}
