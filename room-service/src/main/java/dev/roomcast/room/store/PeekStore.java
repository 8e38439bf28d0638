package dev.roomcast.room.store;

import dev.roomcast.protocol.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A room's tab peek in Redis (docs/REDIS.md): one hash with the latest frame and when it came,
 * expiring shortly after it (peek-put.lua), deleted by the host or with the room (close.lua).
 * Blocking: worker threads only.
 */
@ApplicationScoped
public class PeekStore {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String IMG = "img";
    private static final String KEY = "key";
    private final RedisDataSource redis;
    private final HashCommands<String, String, byte[]> frames;
    private final KeyCommands<String> keys;

    public PeekStore(RedisDataSource redis) {
        this.redis = redis;
        this.frames = redis.hash(String.class, String.class, byte[].class);
        this.keys = redis.key(String.class);
    }

    /** What a put did: stored, or refused (room gone, not live, too soon by {@code waitMs}). */
    public sealed interface Put {
        record Stored() implements Put {}
        record NoRoom() implements Put {}
        record NotLive() implements Put {}
        record TooSoon(long waitMs) implements Put {}
    }

    /** Replaces the room's frame if the room is live and its last frame is at least {@code intervalMs} old. */
    public Put put(String roomId, byte[] image, String key, long now, long intervalMs, long ttlMs) {
        // EVAL with a binary argument: the data source's execute() takes strings only
        Request eval = Request.cmd(Command.EVAL).arg(Scripts.PEEK_PUT.source()).arg(2)
                .arg(RedisKeys.room(roomId)).arg(RedisKeys.peek(roomId))
                .arg(image).arg(now).arg(intervalMs).arg(ttlMs).arg(key);
        Response r = redis.getReactive().getRedis().send(eval).await().atMost(TIMEOUT);
        long code = r.toLong();
        if (code == 0) {
            return new Put.Stored();
        }
        if (code == -1) {
            return new Put.NoRoom();
        }
        return code == -2 ? new Put.NotLive() : new Put.TooSoon(-3 - code);
    }

    /** The frame now in the slot if it is the one named {@code key}. */
    public Optional<byte[]> get(String roomId, String key) {
        Map<String, byte[]> h = frames.hmget(RedisKeys.peek(roomId), IMG, KEY);
        byte[] stored = h.get(KEY);
        boolean same = stored != null && MessageDigest.isEqual(stored, key.getBytes(StandardCharsets.US_ASCII));
        return same ? Optional.ofNullable(h.get(IMG)) : Optional.empty();
    }

    /** Empties the slot; true if there was a frame. */
    public boolean delete(String roomId) {
        return keys.del(RedisKeys.peek(roomId)) > 0;
    }
}
