package dev.roomcast.gateway.audio;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Loopback's 64 KB MSS lets the kernel's autotuned send buffer swallow megabytes for a socket
 * that is not read; a real network does not. Under {@link FanoutProfile} the server's sockets get
 * a fixed small send buffer so a stalled guest backs up into the gateway within a second.
 */
@ApplicationScoped
public class SmallSendBuffer implements HttpServerOptionsCustomizer {
    @ConfigProperty(name = "roomcast.test.so-send-buffer")
    Optional<Integer> bytes;

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        bytes.ifPresent(options::setSendBufferSize);
    }
}
