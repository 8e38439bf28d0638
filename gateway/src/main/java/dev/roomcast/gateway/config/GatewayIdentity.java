package dev.roomcast.gateway.config;

import dev.roomcast.protocol.RoomIds;
import jakarta.enterprise.context.ApplicationScoped;

/** This gateway node's id: GATEWAY_ID, or a random one for the life of the process. */
@ApplicationScoped
public class GatewayIdentity {
    private final String id;

    public GatewayIdentity(GatewayConfig config) {
        this.id = config.id().filter(s -> !s.isBlank()).orElseGet(() -> "gw-" + RoomIds.newRoomId());
    }

    public String id() {
        return id;
    }
}
