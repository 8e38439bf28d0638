package dev.roomcast.room.rest;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.Text;

/** Edge validation: every id, name and body is checked here before anything else sees it. */
final class Inputs {
    private Inputs() {}

    private static final int MAX_ID = 64;
    private static final int MAX_TOKEN = 128;

    static String roomId(String raw) {
        return Text.roomId(raw);
    }

    /** A user or gateway id: 1..64 of [A-Za-z0-9_-.:]. */
    static String id(String raw, String what) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_ID) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, what + " is required (1.." + MAX_ID + " characters)");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
            if (!ok) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, what + " has characters outside [A-Za-z0-9_.:-]");
            }
        }
        return raw;
    }

    static String roomName(String raw) {
        return Text.name(raw, Limits.ROOM_NAME_MAX, ErrorCode.INVALID_NAME);
    }

    static String username(String raw) {
        return Text.name(raw, Limits.USERNAME_MAX, ErrorCode.INVALID_NAME);
    }

    static String optionalUsername(String raw) {
        return raw == null ? null : username(raw);
    }

    static String optionalToken(String raw) {
        if (raw != null && (raw.isEmpty() || raw.length() > MAX_TOKEN)) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "hostToken is malformed");
        }
        return raw;
    }

    static String optionalPassword(String raw) {
        if (raw != null && raw.length() > Limits.PASSWORD_MAX) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "password is longer than " + Limits.PASSWORD_MAX + " characters");
        }
        return raw;
    }

    /** A client address as a gateway saw it: 1..64 of [A-Za-z0-9.:%_-] (IPv4, IPv6 with a zone, "unknown"). */
    static String optionalAddress(String raw) {
        if (raw == null) {
            return null;
        }
        if (raw.isEmpty() || raw.length() > MAX_ID) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "address is malformed");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == ':' || c == '%' || c == '_' || c == '-';
            if (!ok) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "address is malformed");
            }
        }
        return raw;
    }

    static <T> T body(T body) {
        if (body == null) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "a JSON body is required");
        }
        return body;
    }
}
