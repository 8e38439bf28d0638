package dev.roomcast.gateway.session;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One token bucket per client address ({@code perMinute}, bursts of as many), for actions an
 * address may take a few times a minute. Bounded memory: the least recently seen addresses go first.
 */
public final class AddressLimits {
    private static final int MAX_ADDRESSES = 10_000;
    private final int perMinute;
    private final Map<String, RateLimiter> byAddress = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    public AddressLimits(int perMinute) {
        this.perMinute = perMinute;
    }

    public synchronized boolean tryAcquire(String address) {
        long now = System.nanoTime();
        return byAddress.computeIfAbsent(address, k -> new RateLimiter(perMinute / 60.0, perMinute, now)).tryAcquire(now);
    }
}
