package dev.roomcast.room.lifecycle;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.room.store.Secrets;
import dev.roomcast.room.store.StoredRoom;

/** Checks of {@code Authorization: Bearer <hostToken>}: 401 without one, 403 with a wrong one. */
public final class HostAuth {
    private HostAuth() {}

    private static final int MAX_TOKEN = 128;

    /** The token of an Authorization header, or 401. */
    public static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the host token is required");
        }
        String token = header.substring(7).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the host token is required");
        }
        return token;
    }

    /** 403 unless {@code token} is the room's host token (compared in constant time). */
    public static void requireHost(StoredRoom room, String token) {
        if (!Secrets.tokenMatches(token, room.tokenHash())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not this room's host token");
        }
    }
}
