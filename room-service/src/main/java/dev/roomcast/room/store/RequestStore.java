package dev.roomcast.room.store;

import dev.roomcast.protocol.RedisKeys;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.message.TrackAsk;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A room's open track requests in Redis (docs/REDIS.md): id → JSON in one hash, deleted with the room
 * (close.lua); the id sequence and the on/off switch in the room hash. Blocking: worker threads only.
 */
@ApplicationScoped
public class RequestStore {
    private final RedisDataSource redis;
    private final HashCommands<String, String, String> hashes;

    public RequestStore(RedisDataSource redis) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
    }

    /** What request-add.lua answered: the new id, or why not (and, over the rate, for how long). */
    public sealed interface Added {
        record Ok(long id) implements Added {}
        record RoomGone() implements Added {}
        record Off() implements Added {}
        record Full() implements Added {}
        record TooSoon(long waitMs) implements Added {}
    }

    /** The stored part of a request: its id is the hash field. */
    private record Stored(String userId, String username, String text, long at) {
        TrackAsk withId(long id) {
            return new TrackAsk(id, userId, username, text, at);
        }
    }

    public Added add(String roomId, String userId, String username, String text, long now, int cap, long intervalMs, int burst) {
        String json = BusJson.encode(new Stored(userId, username, text, now));
        Response r = Scripts.REQUEST_ADD.run(redis,
                List.of(RedisKeys.room(roomId), RedisKeys.requests(roomId), RedisKeys.requestRate(roomId, userId)),
                List.of(json, String.valueOf(now), String.valueOf(cap), String.valueOf(intervalMs), String.valueOf(burst)));
        long code = r.get(0).toLong();
        if (code > 0) {
            return new Added.Ok(code);
        }
        if (code == -2) {
            return new Added.Off();
        }
        if (code == -3) {
            return new Added.Full();
        }
        if (code == -4) {
            return new Added.TooSoon(r.get(1).toLong());
        }
        return new Added.RoomGone();
    }

    /** Removes an open request and returns it; empty when it is not open (another moderator was first). */
    public Optional<TrackAsk> take(String roomId, long id) {
        String field = String.valueOf(id);
        String json = hashes.hget(RedisKeys.requests(roomId), field);
        if (json == null || hashes.hdel(RedisKeys.requests(roomId), field) == 0) {
            return Optional.empty();
        }
        return Optional.of(BusJson.decode(json, Stored.class).withId(id));
    }

    /** Whether the room takes requests (the room hash's {@code requestsOff} is not set). */
    public boolean isOpen(String roomId) {
        return !"1".equals(hashes.hget(RedisKeys.room(roomId), OFF));
    }

    /** The room hash field that turns requests off ({@code 1}). */
    public static final String OFF = "requestsOff";

    /** The room's open requests, oldest first. */
    public List<TrackAsk> open(String roomId) {
        Map<String, String> all = hashes.hgetall(RedisKeys.requests(roomId));
        return all.entrySet().stream()
                .map(e -> BusJson.decode(e.getValue(), Stored.class).withId(Long.parseLong(e.getKey())))
                .sorted(Comparator.comparingLong(TrackAsk::id))
                .toList();
    }
}
