package dev.roomcast.room.store;

import dev.roomcast.protocol.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * A room's cover art in Redis (docs/REDIS.md): bytes by SHA-256 in one hash, their upload order in
 * a sorted set, both deleted with the room (close.lua). Blocking: worker threads only.
 */
@ApplicationScoped
public class ArtStore {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final RedisDataSource redis;
    private final HashCommands<String, String, byte[]> images;

    public ArtStore(RedisDataSource redis) {
        this.redis = redis;
        this.images = redis.hash(String.class, String.class, byte[].class);
    }

    /**
     * Stores the image under its hash if the room still exists (art-put.lua, one step); past
     * {@code cap} images the room's oldest go. Empty when the room is gone, else how many went.
     */
    public Optional<Integer> put(String roomId, String sha, byte[] image, long now, int cap) {
        // EVAL with a binary argument: the data source's execute() takes strings only
        Request eval = Request.cmd(Command.EVAL).arg(Scripts.ART_PUT.source()).arg(3)
                .arg(RedisKeys.room(roomId)).arg(RedisKeys.art(roomId)).arg(RedisKeys.artOrder(roomId))
                .arg(sha).arg(image).arg(now).arg(cap);
        Response r = redis.getReactive().getRedis().send(eval).await().atMost(TIMEOUT);
        int evicted = r.toInteger();
        return evicted < 0 ? Optional.empty() : Optional.of(evicted);
    }

    /** The image stored for the room under this hash, if any. */
    public Optional<byte[]> get(String roomId, String sha) {
        return Optional.ofNullable(images.hget(RedisKeys.art(roomId), sha));
    }

    public boolean has(String roomId, String sha) {
        return images.hexists(RedisKeys.art(roomId), sha);
    }
}
