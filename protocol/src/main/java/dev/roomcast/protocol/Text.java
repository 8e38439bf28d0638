package dev.roomcast.protocol;

import java.util.regex.Pattern;

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

    /**
     * A display or room name: control characters removed, then invisible characters trimmed from
     * both ends (white space, space separators such as no-break space, format characters such as
     * zero-width space or BOM, Hangul and braille blanks), 1..max code points, and at least one
     * visible character left (a mark or variation selector alone is not). {@code "?"} is a name;
     * {@code "\u200b\u200b"} or spaces only are not.
     */
    public static String name(String raw, int max, ErrorCode code) {
        if (raw == null) {
            throw new ProtocolException(code, "name is required");
        }
        String s = trimInvisible(stripControl(raw, false));
        if (s.isEmpty() || !hasVisible(s)) {
            throw new ProtocolException(code, "name is empty or invisible");
        }
        if (s.codePointCount(0, s.length()) > max) {
            throw new ProtocolException(code, "name is longer than " + max + " characters");
        }
        return s;
    }

    /** White space, space separators, format characters and the blank "letters" of Hangul and braille. */
    static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return Character.isWhitespace(cp) || type == Character.SPACE_SEPARATOR || type == Character.FORMAT
                || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
    }

    private static String trimInvisible(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && invisible(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && invisible(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    private static boolean hasVisible(String s) {
        return s.codePoints().anyMatch(cp -> {
            int type = Character.getType(cp);
            return !invisible(cp) && type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK;
        });
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

    /** A device key: null (none), or {@link Limits#DEVICE_KEY_MIN}..{@link Limits#DEVICE_KEY_MAX} of [A-Za-z0-9_-]. */
    public static String deviceKey(String raw) {
        if (raw == null) {
            return null;
        }
        int n = raw.length();
        boolean ok = n >= Limits.DEVICE_KEY_MIN && n <= Limits.DEVICE_KEY_MAX;
        for (int i = 0; ok && i < n; i++) {
            char c = raw.charAt(i);
            ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
        }
        if (!ok) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "deviceKey must be " + Limits.DEVICE_KEY_MIN + ".."
                    + Limits.DEVICE_KEY_MAX + " characters of [A-Za-z0-9_-]");
        }
        return raw;
    }

    /** A chat message id as chat-service makes them: {@code <partition>-<offset>}. */
    public static boolean isChatId(String s) {
        return s != null && CHAT_ID.matcher(s).matches();
    }

    private static final Pattern CHAT_ID = Pattern.compile("\\d{1,5}-\\d{1,19}");

    public static String roomId(String raw) {
        if (!RoomIds.isValid(raw)) {
            throw new ProtocolException(ErrorCode.INVALID_ROOM_ID, "room id must be 12 characters of [A-Za-z0-9_-]");
        }
        return raw;
    }
}
