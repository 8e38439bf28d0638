package dev.roomcast.room.store;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The Lua scripts of src/main/resources/lua, run with EVAL (Redis caches them by hash). */
enum Scripts {
    JOIN_BATCH("join-batch.lua"),
    LEAVE("leave.lua"),
    CLOSE("close.lua"),
    HOST_LOST("host-lost.lua"),
    UPDATE("update.lua"),
    LIST("list.lua"),
    LISTING("listing.lua"),
    PASSWORD_TRIES("password-tries.lua"),
    RENAME("rename.lua"),
    KICK("kick.lua"),
    COHOST("cohost.lua"),
    HANDOVER("handover.lua"),
    PASS_AUX("pass-aux.lua"),
    UNBAN("unban.lua"),
    ART_PUT("art-put.lua"),
    PEEK_PUT("peek-put.lua"),
    REQUEST_ADD("request-add.lua");

    private final String source;

    Scripts(String file) {
        try (InputStream in = Scripts.class.getResourceAsStream("/lua/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + file);
            }
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script's text (for a caller that must pass binary arguments itself). */
    String source() {
        return source;
    }

    Response run(RedisDataSource redis, List<String> keys, List<String> args) {
        List<String> all = new ArrayList<>(2 + keys.size() + args.size());
        all.add(source);
        all.add(String.valueOf(keys.size()));
        all.addAll(keys);
        all.addAll(args);
        return redis.execute("EVAL", all.toArray(String[]::new));
    }
}
