package dev.roomcast.room.store;

import dev.roomcast.protocol.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/** Gateway heartbeats and the members each gateway holds (for clean-up when one dies). */
@ApplicationScoped
public class GatewayStore {
    private final RedisDataSource redis;
    private final RoomStore rooms;

    public GatewayStore(RedisDataSource redis, RoomStore rooms) {
        this.redis = redis;
        this.rooms = rooms;
    }

    public void heartbeat(String gatewayId, long now) {
        redis.sortedSet(String.class).zadd(RedisKeys.GATEWAYS, now, gatewayId);
    }

    /** Gateways whose last heartbeat is at or before {@code cutoff}. */
    public List<String> silentSince(long cutoff, int limit) {
        return rooms.zrangeUpTo(RedisKeys.GATEWAYS, cutoff, limit);
    }

    /** Claims a dead gateway: true for exactly one caller across replicas. */
    public boolean claim(String gatewayId) {
        return redis.sortedSet(String.class).zrem(RedisKeys.GATEWAYS, gatewayId) == 1;
    }

    /** "roomId userId" entries the gateway holds. */
    public Set<String> members(String gatewayId) {
        return redis.set(String.class).smembers(RedisKeys.gatewayMembers(gatewayId));
    }

    /** Drops entries already handled (SREM, not DEL: the gateway may be back with new members). */
    public void forget(String gatewayId, Set<String> entries) {
        if (!entries.isEmpty()) {
            redis.set(String.class).srem(RedisKeys.gatewayMembers(gatewayId), entries.toArray(String[]::new));
        }
    }
}
