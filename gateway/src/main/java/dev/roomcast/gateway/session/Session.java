package dev.roomcast.gateway.session;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.message.ProtocolJson;
import dev.roomcast.protocol.message.ServerMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;
import java.util.concurrent.atomic.AtomicLong;

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
    /** The Vert.x socket and its Netty context under the connection (null: write through the connection's API). */
    private final WebSocketBase raw;
    private final ChannelHandlerContext ctx;
    private final int backlogMax;
    private volatile boolean stalled;
    /** Catch-up audio (a joiner's replay) written and not yet handed to the kernel: no sign of a stalled reader. */
    private final AtomicLong catchUp = new AtomicLong();
    private final String ip;
    private final RateLimiter controlLimit;
    private final RateLimiter frameLimit;

    private volatile String userId;
    private volatile String username;
    private volatile String roomId;
    private volatile boolean host;
    /** The host made this member a co-host: it may moderate (room-service and chat-service check again). */
    private volatile boolean cohost;
    /** Wall-clock ms when room-service's join answer made this socket a member (0: not in a room). */
    private volatile long enteredAtMs;
    private volatile String hostToken;
    private volatile boolean joining;
    /** Hash of the device key of the socket's room:join (DeviceKeys), or null: what a chat mute holds on to. */
    private volatile String deviceHash;
    private RateLimiter abuseBudget;
    /** Reactions this socket may send (made at its first one). */
    private RateLimiter reactionLimit;

    public Session(WebSocketConnection connection, String ip, String userId, String username,
                   RateLimiter controlLimit, RateLimiter frameLimit, int backlogMax, long nowNs) {
        this.connection = connection;
        this.raw = RawSocket.of(connection);
        this.ctx = raw == null ? null : RawSocket.context(raw);
        this.backlogMax = backlogMax;
        this.ip = ip;
        this.userId = userId;
        this.username = username;
        this.controlLimit = controlLimit;
        this.frameLimit = frameLimit;
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
    public void enter(String roomId, String userId, boolean host, boolean cohost, String hostToken, String deviceHash) {
        this.deviceHash = deviceHash;
        this.cohost = cohost;
        this.enteredAtMs = System.currentTimeMillis();
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
        this.cohost = false;
        this.hostToken = null;
    }

    public long enteredAtMs() {
        return enteredAtMs;
    }

    public boolean isCohost() {
        return cohost;
    }

    /** A {@code user:cohost} event for this member. */
    public void setCohost(boolean cohost) {
        this.cohost = cohost;
    }

    public String deviceHash() {
        return deviceHash;
    }

    public boolean tryControl(long nowNs) {
        return controlLimit.tryAcquire(nowNs);
    }

    /** One reaction ({@code reaction:send}): {@link Limits#REACTIONS_PER_SECOND} after a burst of {@link Limits#REACTION_BURST}. */
    public synchronized boolean tryReaction(long nowNs) {
        if (reactionLimit == null) {
            reactionLimit = new RateLimiter(Limits.REACTIONS_PER_SECOND, Limits.REACTION_BURST, nowNs);
        }
        return reactionLimit.tryAcquire(nowNs);
    }

    /** The event loop this socket is written from, or null where only the connection's API writes it. */
    public EventLoop eventLoop() {
        return ctx == null ? null : ctx.channel().eventLoop();
    }

    /**
     * On this socket's {@link #eventLoop()}: a ready-made text frame shared by many sockets
     * ({@link WsFrames}), written below the WebSocket encoder as a duplicate (no copy, no encoding per
     * socket), in order with everything else written from this loop. A stalled reader is closed as
     * {@link #sendJson} does.
     */
    public void writeShared(ByteBuf frame) {
        if (connection.isOpen() && !closedAsStalled()) {
            ctx.writeAndFlush(frame.retainedDuplicate(), ctx.voidPromise());
        }
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

    /**
     * Sends an already encoded message (encode once, send to many); any thread. Written straight to
     * the Vert.x socket on its event loop, without a completion callback: through the connection's
     * API every write carries a CompletionStage, and when a socket dies with messages queued each one
     * fails with a stack-traced CompletionException (1,000 stalled sockets reset at once made 100 MB
     * of them in seconds and stalled the node in GC, docs/RELIABILITY.md). A socket that has left
     * more than {@code backlogMax} bytes unread is closed as stalled instead of queueing more.
     */
    public void sendJson(String json) {
        if (!connection.isOpen() || stalled) {
            return;
        }
        if (raw == null) {
            connection.sendText(json).subscribe().with(ok -> { }, failure -> { });
            return;
        }
        EventLoop loop = ctx.channel().eventLoop();
        if (loop.inEventLoop()) {
            writeOrClose(json);
            return;
        }
        try {
            loop.execute(() -> writeOrClose(json));
        } catch (RuntimeException e) {
            // the loop is shutting down, and the socket with it
        }
    }

    /** On the socket's event loop, where the backlog is exact. */
    private void writeOrClose(String json) {
        if (closedAsStalled()) {
            return;
        }
        try {
            raw.writeTextMessage(json);
        } catch (RuntimeException e) {
            // closed under our feet: its close handler cleans up
        }
    }

    /** On the event loop: whether this socket is (now) closed as stalled, past {@code backlogMax} bytes unread. */
    private boolean closedAsStalled() {
        if (stalled) {
            return true;
        }
        long backlog = unreadBytes() - catchUp.get();
        if (backlog > backlogMax) {
            stalled = true;
            close(CLOSE_POLICY, "too slow: " + backlog + " bytes unread");
            return true;
        }
        return false;
    }

    /**
     * The fan-out writes {@code bytes} of catch-up audio (a joiner's replay: D of audio, more than the
     * backlog bound at high bitrates), which a slow link may take seconds to read.
     */
    public void catchUpWritten(long bytes) {
        catchUp.addAndGet(bytes);
    }

    /** That write has reached the kernel (or failed): any thread. */
    public void catchUpDone(long bytes) {
        catchUp.addAndGet(-bytes);
    }

    /** Catch-up bytes written and not yet handed to the kernel. */
    public long catchUpBytes() {
        return catchUp.get();
    }

    /** Bytes written to this socket that the kernel has not taken yet (Netty's outbound buffer, audio included). */
    public long unreadBytes() {
        ChannelOutboundBuffer out = ctx == null ? null : ctx.channel().unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    /**
     * Tells the sender what was wrong: every refused message gets its answer ({@code answer}, an
     * {@code error} or a {@code broadcast:error}) until the socket is closed. Each refusal spends one
     * token of an abuse budget of {@code closeAfter} tokens, refilled at {@code closeAfter} per
     * minute; a socket that empties it is closed with 1008 and a reason, which bounds what a flood
     * can make the server send (about one answer per refused message, at most {@code closeAfter} in a
     * row). Accepted messages do not reset the budget, so a flood that slips a message through now
     * and then is still closed. Called from the socket's event loop and from service-call
     * callbacks, hence synchronized.
     *
     * @return false if the socket was closed for abuse
     */
    public synchronized boolean refuse(ServerMessage answer, ErrorCode code, int closeAfter, long nowNs) {
        if (abuseBudget == null) {
            abuseBudget = new RateLimiter(closeAfter / 60.0, closeAfter, nowNs);
        }
        if (!abuseBudget.tryAcquire(nowNs)) {
            close(CLOSE_POLICY, "too many refused messages: " + code.wire());
            return false;
        }
        send(answer);
        return true;
    }

    public void close(int code, String reason) {
        if (connection.isOpen()) {
            connection.close(new CloseReason(code, reason)).subscribe().with(ok -> { }, failure -> { });
        }
    }
}
