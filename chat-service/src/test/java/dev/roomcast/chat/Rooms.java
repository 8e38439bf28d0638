package dev.roomcast.chat;

import dev.roomcast.protocol.RedisKeys;
import dev.roomcast.protocol.RoomIds;
import io.quarkus.redis.datasource.RedisDataSource;
import java.util.Map;

/** Rooms made the way room-service makes them: a hash at RedisKeys.room(id). */
public final class Rooms {
    private Rooms() {}

    public static String open(RedisDataSource redis) {
        String roomId = RoomIds.newRoomId();
        redis.hash(String.class).hset(RedisKeys.room(roomId), Map.of("name", "test room", "hostId", "u_host",
                "createdAt", String.valueOf(System.currentTimeMillis())));
        return roomId;
    }
}
