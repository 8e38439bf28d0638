package dev.roomcast.gateway.session;

import io.quarkus.websockets.next.WebSocketConnection;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.impl.WebSocketImplBase;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.jboss.logging.Logger;

/**
 * The Vert.x socket under a websockets-next connection, for the fan-out's hot path. websockets-next
 * keeps it behind a package-private accessor ({@code WebSocketConnectionBase.webSocket()}), so it is
 * reached once per listener by reflection; if that ever fails (a Quarkus upgrade) the fan-out falls
 * back to the connection's public API, slower but equal in behaviour (tested by the fan-out tests,
 * which run whichever path is in use).
 */
public final class RawSocket {
    private static final Logger LOG = Logger.getLogger(RawSocket.class);
    private static final Method ACCESSOR = find();

    private RawSocket() {
    }

    private static Method find() {
        try {
            Class<?> base = Class.forName("io.quarkus.websockets.next.runtime.WebSocketConnectionBase");
            Method m = base.getDeclaredMethod("webSocket");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("fan-out writes go through the websockets-next API (slower): %s", e.toString());
            return null;
        }
    }

    /** The Vert.x socket of this connection, or null when it cannot be reached. */
    public static WebSocketBase of(WebSocketConnection connection) {
        if (ACCESSOR == null || connection == null) {
            return null;
        }
        try {
            return ACCESSOR.invoke(connection) instanceof WebSocketBase ws ? ws : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The Netty context Vert.x writes this socket's frames from (its connection handler's), or null.
     * Writes of ready-made frames from it pass the WebSocket encoder untouched ({@code EncodedFanout}).
     */
    public static ChannelHandlerContext context(WebSocketBase socket) {
        WebSocketBase s = socket;
        // vertx-web wraps the server socket (ServerWebSocketWrapper, to fix up host and scheme)
        for (int depth = 0; depth < 3 && s != null && !(s instanceof WebSocketImplBase<?>); depth++) {
            s = unwrap(s);
        }
        return s instanceof WebSocketImplBase<?> impl ? impl.channelHandlerContext() : null;
    }

    private static WebSocketBase unwrap(WebSocketBase wrapper) {
        try {
            Field f = wrapper.getClass().getDeclaredField("delegate");
            f.setAccessible(true);
            return f.get(wrapper) instanceof WebSocketBase inner ? inner : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether the fast path is in use (reported in the start-up log and by tests). */
    public static boolean available() {
        return ACCESSOR != null;
    }
}
