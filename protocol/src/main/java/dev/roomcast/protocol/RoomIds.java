package dev.roomcast.protocol;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Room ids, user ids and host tokens. Room ids are 12 characters of base64url (72 random bits):
 * short enough for a link, far too many to enumerate. Host tokens carry 256 random bits.
 */
public final class RoomIds {
    private RoomIds() {}

    public static final int ROOM_ID_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public static String newRoomId() {
        return random(9); // 9 bytes = 72 bits = 12 base64url characters
    }

    public static String newUserId() {
        return "u_" + random(9);
    }

    /** A ban's id: what the host's list shows and lifts; says nothing about the banned device. */
    public static String newBanId() {
        return "b_" + random(9);
    }

    /** A ban id as {@link #newBanId()} makes them. */
    public static boolean isBanId(String s) {
        return s != null && s.length() == 14 && s.startsWith("b_") && isValid(s.substring(2));
    }

    public static String newHostToken() {
        return random(32);
    }

    public static boolean isValid(String roomId) {
        if (roomId == null || roomId.length() != ROOM_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < roomId.length(); i++) {
            char c = roomId.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }
}
