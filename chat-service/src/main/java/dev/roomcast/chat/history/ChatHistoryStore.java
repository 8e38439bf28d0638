package dev.roomcast.chat.history;

import dev.roomcast.chat.ChatConfig;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.RedisKeys;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.message.ChatEntry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The rooms' chat history in Redis: a LIST of {@link ChatEntry} JSON per room, newest last,
 * capped and given a TTL. Appending is one Lua script, so "room still open?", "already stored?",
 * RPUSH, LTRIM and PEXPIRE happen atomically.
 */
@ApplicationScoped
public class ChatHistoryStore {
    private static final Logger LOG = Logger.getLogger(ChatHistoryStore.class);

    /**
     * KEYS[1] chat list, KEYS[2] room hash; ARGV[1] entry id, ARGV[2] entry JSON, ARGV[3] cap,
     * ARGV[4] TTL ms. Returns {0} if the room is gone, {1, json} if stored now, {2, stored json}
     * if an entry with this id is already in the list (a redelivered record).
     */
    static final String APPEND_SCRIPT = """
            if redis.call('EXISTS', KEYS[2]) == 0 then return {0} end
            local items = redis.call('LRANGE', KEYS[1], 0, -1)
            for i = #items, 1, -1 do
              if string.find(items[i], ARGV[1], 1, true) then
                local ok, e = pcall(cjson.decode, items[i])
                if ok and type(e) == 'table' and e['id'] == ARGV[1] then return {2, items[i]} end
              end
            end
            redis.call('RPUSH', KEYS[1], ARGV[2])
            redis.call('LTRIM', KEYS[1], -tonumber(ARGV[3]), -1)
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return {1, ARGV[2]}
            """;

    /** KEYS[1] chat list; ARGV[1] entry id. Removes that entry; returns 1 if it was there. */
    static final String DELETE_SCRIPT = """
            local items = redis.call('LRANGE', KEYS[1], 0, -1)
            for i = #items, 1, -1 do
              if string.find(items[i], ARGV[1], 1, true) then
                local ok, e = pcall(cjson.decode, items[i])
                if ok and type(e) == 'table' and e['id'] == ARGV[1] then
                  redis.call('LREM', KEYS[1], 1, items[i])
                  return 1
                end
              end
            end
            return 0
            """;

    /** What {@link #append} did. {@code entry} is the stored one (the original for a duplicate). */
    public record AppendResult(Outcome outcome, ChatEntry entry) {}

    public enum Outcome { STORED, DUPLICATE, ROOM_GONE }

    private final RedisDataSource redis;
    private final int cap;
    private final long ttlMs;

    public ChatHistoryStore(RedisDataSource redis, ChatConfig config) {
        this.redis = redis;
        this.cap = Math.max(1, Math.min(config.historySize(), Limits.CHAT_HISTORY));
        this.ttlMs = config.historyTtl().toMillis();
    }

    public boolean roomExists(String roomId) {
        return redis.key().exists(RedisKeys.room(roomId));
    }

    /** Stores {@code entry} unless its room is gone or an entry with its id is already stored. */
    public AppendResult append(ChatEntry entry) {
        Response r = redis.execute("EVAL", APPEND_SCRIPT, "2",
                RedisKeys.chat(entry.roomId()), RedisKeys.room(entry.roomId()),
                entry.id(), BusJson.encode(entry), String.valueOf(cap), String.valueOf(ttlMs));
        int code = r.get(0).toInteger();
        return switch (code) {
            case 0 -> new AppendResult(Outcome.ROOM_GONE, entry);
            case 1 -> new AppendResult(Outcome.STORED, entry);
            case 2 -> new AppendResult(Outcome.DUPLICATE, BusJson.decode(r.get(1).toString(), ChatEntry.class));
            default -> throw new IllegalStateException("unexpected answer from the append script: " + code);
        };
    }

    /** Removes the stored entry with this id; false if it is not (or no longer) among the room's last messages. */
    public boolean delete(String roomId, String id) {
        return redis.execute("EVAL", DELETE_SCRIPT, "1", RedisKeys.chat(roomId), id).toLong() == 1;
    }

    /** The stored entry with this id, if it is still among the room's last messages. */
    public Optional<ChatEntry> find(String roomId, String id) {
        return history(roomId).stream().filter(e -> id.equals(e.id())).findFirst();
    }

    /** The room's stored messages, oldest first. */
    public List<ChatEntry> history(String roomId) {
        List<String> raw = redis.list(String.class).lrange(RedisKeys.chat(roomId), 0, -1);
        List<ChatEntry> out = new ArrayList<>(raw.size());
        for (String json : raw) {
            try {
                out.add(BusJson.decode(json, ChatEntry.class));
            } catch (IllegalArgumentException e) {
                LOG.warnf("skipping an undecodable chat entry in room %s", roomId);
            }
        }
        return out;
    }
}
