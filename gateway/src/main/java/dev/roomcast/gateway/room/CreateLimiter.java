package dev.roomcast.gateway.room;

import dev.roomcast.gateway.config.GatewayConfig;
import dev.roomcast.gateway.session.AddressLimits;
import jakarta.enterprise.context.ApplicationScoped;

/** Rooms one IP may create per minute, over /api and /ws together. Bounded memory (LRU of IPs). */
@ApplicationScoped
public class CreateLimiter {
    private final AddressLimits byIp;

    public CreateLimiter(GatewayConfig config) {
        this.byIp = new AddressLimits(config.roomCreatesPerMinute());
    }

    public boolean tryCreate(String ip) {
        return byIp.tryAcquire(ip);
    }
}
