package dev.roomcast.chat.rules;

import dev.roomcast.protocol.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The room's rules for one chat record, read (and for slow mode, taken) in one Lua script: is the
 * room open, is the sender a co-host, muted until when, and must it wait (slow mode). A guest's
 * slow-mode slot is held on its user id and its device, so a reload does not reset it, and judged
 * at the record's own time, so a backlog read after a restart is not refused for being read fast.
 */
@ApplicationScoped
public class ChatRules {

    /**
     * KEYS: 1 room hash, 2 members hash, 3 muted hash, 4 slow-mode hash.
     * ARGV: 1 userId, 2 device hash (''), 3 sent ms, 4 '1' = only the room and the role are wanted
     * (a delete, or the host's message: no mute, no slow mode).
     * Returns {open 0/1, cohost 0/1, muted until ms, slow-mode seconds, ms to wait}. A muted sender
     * takes no slow-mode slot; a co-host has none.
     */
    static final String SCRIPT = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return {0, 0, 0, 0, 0} end
            local cohost = 0
            local m = redis.call('HGET', KEYS[2], ARGV[1])
            if m then
              local ok, e = pcall(cjson.decode, m)
              if ok and type(e) == 'table' and e['cohost'] == true then cohost = 1 end
            end
            if ARGV[4] == '1' then return {1, cohost, 0, 0, 0} end
            local fields = {'u:' .. ARGV[1]}
            if ARGV[2] ~= '' then fields[2] = 'd:' .. ARGV[2] end
            local muted = 0
            for _, v in ipairs(redis.call('HMGET', KEYS[3], unpack(fields))) do
              if v and tonumber(v) and tonumber(v) > muted then muted = tonumber(v) end
            end
            local slow = tonumber(redis.call('HGET', KEYS[1], 'slowMode') or '0') or 0
            local sent = tonumber(ARGV[3])
            if muted > sent or slow <= 0 or cohost == 1 then return {1, cohost, muted, slow, 0} end
            local last = 0
            for _, v in ipairs(redis.call('HMGET', KEYS[4], unpack(fields))) do
              if v and tonumber(v) and tonumber(v) > last then last = tonumber(v) end
            end
            local wait = last + slow * 1000 - sent
            if wait > 0 then return {1, cohost, muted, slow, wait} end
            for _, f in ipairs(fields) do redis.call('HSET', KEYS[4], f, ARGV[3]) end
            return {1, cohost, muted, slow, 0}
            """;

    /**
     * What the rules say about one record. {@code slowWaitMs} &gt; 0: slow mode refuses it (nothing
     * was taken); 0 with {@code slowModeSeconds} &gt; 0: the sender's slot is taken as of the record's time.
     */
    public record Verdict(boolean open, boolean cohost, long mutedUntil, int slowModeSeconds, long slowWaitMs) {}

    private final RedisDataSource redis;

    public ChatRules(RedisDataSource redis) {
        this.redis = redis;
    }

    /** For a chat message of a guest or co-host: room, role, mute and slow mode (takes the slot when free). */
    public Verdict forMessage(String roomId, String userId, String deviceHash, long sentMs) {
        return run(roomId, userId, deviceHash, sentMs, false);
    }

    /** For the host's messages and for deletes: the room and the sender's role only. */
    public Verdict roleOnly(String roomId, String userId) {
        return run(roomId, userId, null, 0, true);
    }

    private Verdict run(String roomId, String userId, String deviceHash, long sentMs, boolean roleOnly) {
        Response r = redis.execute("EVAL", SCRIPT, "4", RedisKeys.room(roomId), RedisKeys.members(roomId),
                RedisKeys.muted(roomId), RedisKeys.slowMode(roomId),
                userId, deviceHash == null ? "" : deviceHash, String.valueOf(sentMs), roleOnly ? "1" : "0");
        return new Verdict(r.get(0).toInteger() == 1, r.get(1).toInteger() == 1, r.get(2).toLong(),
                r.get(3).toInteger(), r.get(4).toLong());
    }
}
