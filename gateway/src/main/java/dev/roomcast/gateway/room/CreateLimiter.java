package dev.roomcast.gateway.room;

import dev.roomcast.gateway.config.GatewayConfig;
import dev.roomcast.gateway.session.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Rooms one IP may create per minute, over /api and /ws together. Bounded memory (LRU of IPs). */
@ApplicationScoped
public class CreateLimiter {
    private static final int MAX_IPS = 10_000;
    private final int perMinute;
    private final Map<String, RateLimiter> byIp = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
            return size() > MAX_IPS;
        }
    };

    public CreateLimiter(GatewayConfig config) {
        this.perMinute = config.roomCreatesPerMinute();
    }

    public synchronized boolean tryCreate(String ip) {
        long now = System.nanoTime();
        return byIp.computeIfAbsent(ip, k -> new RateLimiter(perMinute / 60.0, perMinute, now)).tryAcquire(now);
    }
}
