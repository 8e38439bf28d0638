package dev.roomcast.protocol;

/** Cleaning and checking of the user-typed strings that travel the wire. */
public final class Text {
    private Text() {}

    /** Removes control characters (C0, DEL, C1 and bidi overrides), keeping tabs and new lines only if asked. */
    public static String stripControl(String s, boolean keepNewlines) {
        if (s == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean drop = (c < 0x20 && !(keepNewlines && (c == '\n' || c == '\t')))
                    || (c >= 0x7f && c <= 0x9f)
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
            if (drop) {
                if (b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    /** A display or room name: control characters removed, trimmed, 1..max characters. */
    public static String name(String raw, int max, ErrorCode code) {
        if (raw == null) {
            throw new ProtocolException(code, "name is required");
        }
        String s = stripControl(raw, false).strip();
        if (s.isEmpty()) {
            throw new ProtocolException(code, "name is empty");
        }
        if (s.codePointCount(0, s.length()) > max) {
            throw new ProtocolException(code, "name is longer than " + max + " characters");
        }
        return s;
    }

    /** A chat message: control characters removed (new lines kept), trimmed, 1..500 characters. */
    public static String chat(String raw) {
        if (raw == null) {
            throw new ProtocolException(ErrorCode.CHAT_EMPTY, "message is empty");
        }
        String s = stripControl(raw, true).strip();
        if (s.isEmpty()) {
            throw new ProtocolException(ErrorCode.CHAT_EMPTY, "message is empty");
        }
        if (s.codePointCount(0, s.length()) > Limits.CHAT_MESSAGE_MAX) {
            throw new ProtocolException(ErrorCode.CHAT_TOO_LONG,
                    "message is longer than " + Limits.CHAT_MESSAGE_MAX + " characters");
        }
        return s;
    }

    public static String roomId(String raw) {
        if (!RoomIds.isValid(raw)) {
            throw new ProtocolException(ErrorCode.INVALID_ROOM_ID, "room id must be 12 characters of [A-Za-z0-9_-]");
        }
        return raw;
    }
}
