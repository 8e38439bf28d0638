package dev.roomcast.gateway.session;

import io.vertx.core.http.HttpServerRequest;

/** The client's IP as this node sees it (with quarkus.http.proxy settings, the forwarded one). */
public final class ClientAddress {
    private ClientAddress() {}

    public static String of(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    /** From a handshake's remote address "ip:port" or "[v6]:port". */
    public static String ofRemote(String remote) {
        if (remote == null) {
            return "unknown";
        }
        int colon = remote.lastIndexOf(':');
        String host = colon > 0 ? remote.substring(0, colon) : remote;
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
