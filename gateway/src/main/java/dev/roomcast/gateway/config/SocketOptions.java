package dev.roomcast.gateway.config;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * TCP options of the gateway's server sockets.
 *
 * <p>The send buffer (SOCKET_SEND_BUFFER, bytes; 0 = the kernel's autotuning) is fixed small on
 * purpose. Linux autotunes it up to {@code net.ipv4.tcp_wmem}'s maximum (4 MiB here): a slow guest
 * then swallows minutes of audio into the kernel before the fan-out sees a single byte in flight,
 * so it is never moved down a tier or skipped, and everything it hears gets later and later. With
 * 64 KiB (the kernel doubles it for its own overhead) a guest reading slower than the stream backs
 * up into the gateway's in-flight count within seconds, where the tier ladder and the per-listener
 * bound act on it. It also bounds kernel memory per listener: 8,000 sockets × 4 MiB is not a bound.
 */
@ApplicationScoped
public class SocketOptions implements HttpServerOptionsCustomizer {
    private final GatewayConfig config;

    public SocketOptions(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        apply(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        apply(options);
    }

    private void apply(HttpServerOptions options) {
        int bytes = config.socketSendBuffer();
        if (bytes > 0) {
            options.setSendBufferSize(bytes);
        }
    }
}
