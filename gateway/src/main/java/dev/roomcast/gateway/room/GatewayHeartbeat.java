package dev.roomcast.gateway.room;

import dev.roomcast.gateway.config.GatewayConfig;
import dev.roomcast.gateway.config.GatewayIdentity;
import dev.roomcast.gateway.services.RoomServiceClient;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Tells room-service this node is alive, so the members it holds stay listed; if this node
 * dies, room-service removes them after about 30 s.
 */
@ApplicationScoped
public class GatewayHeartbeat {
    private final RoomServiceClient rooms;
    private final GatewayIdentity gateway;
    private final GatewayConfig config;
    private final Vertx vertx;

    public GatewayHeartbeat(RoomServiceClient rooms, GatewayIdentity gateway, GatewayConfig config, Vertx vertx) {
        this.rooms = rooms;
        this.gateway = gateway;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        beat();
        vertx.setPeriodic(config.heartbeatInterval().toMillis(), id -> beat());
    }

    private void beat() {
        rooms.heartbeat(gateway.id()).subscribe().with(ok -> { }, failure -> { });
    }
}
