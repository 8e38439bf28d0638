package dev.roomcast.gateway.session;

import dev.roomcast.gateway.config.GatewayConfig;
import dev.roomcast.protocol.message.ProtocolJson;
import dev.roomcast.protocol.message.ServerMessage;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;

/**
 * Graceful shutdown (SIGTERM): refuse new sockets, tell every client to reconnect elsewhere
 * ({@code server:draining}), give them the drain time, then close what is left with 1012.
 */
@ApplicationScoped
public class Draining {
    private final SessionRegistry registry;
    private final UpgradeCheck upgrades;
    private final GatewayConfig config;

    public Draining(SessionRegistry registry, UpgradeCheck upgrades, GatewayConfig config) {
        this.registry = registry;
        this.upgrades = upgrades;
        this.config = config;
    }

    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        upgrades.startDraining();
        if (registry.size() == 0) {
            return;
        }
        long drainMs = config.drainTime().toMillis();
        String json = ProtocolJson.encode(new ServerMessage.Draining((int) Math.min(Integer.MAX_VALUE, drainMs)));
        for (Session s : registry.all()) {
            s.sendJson(json);
        }
        long deadline = System.currentTimeMillis() + drainMs;
        while (registry.size() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Session s : registry.all()) {
            s.close(Session.CLOSE_RESTART, "server restarting, reconnect");
        }
    }
}
