package dev.roomcast.room.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Host tokens and room passwords are stored only as SHA-256 hashes and compared in constant time.
 * Host tokens carry 256 random bits, so an unsalted hash is enough; passwords are salted.
 */
public final class Secrets {
    private Secrets() {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    public static String hashToken(String token) {
        return HEX.formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** What a room stores of a client's address: per room, so two rooms' hashes cannot be matched. */
    public static String addressHash(String roomId, String address) {
        return hashToken("address:" + roomId + ":" + address).substring(0, 32);
    }

    /** Whether {@code candidate} hashes to {@code storedHash}; constant time in the hash. */
    public static boolean tokenMatches(String candidate, String storedHash) {
        if (candidate == null || storedHash == null) {
            return false;
        }
        byte[] expected;
        try {
            expected = HEX.parseHex(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(candidate.getBytes(StandardCharsets.UTF_8)), expected);
    }

    /** {@code salt:hash}, both base64. */
    public static String hashPassword(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return Base64.getEncoder().encodeToString(salt) + ":" + Base64.getEncoder().encodeToString(salted(salt, password));
    }

    public static boolean passwordMatches(String candidate, String stored) {
        if (candidate == null || stored == null) {
            return false;
        }
        int colon = stored.indexOf(':');
        if (colon < 0) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(stored.substring(0, colon));
            byte[] hash = Base64.getDecoder().decode(stored.substring(colon + 1));
            return MessageDigest.isEqual(salted(salt, candidate), hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] salted(byte[] salt, String password) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[salt.length + pw.length];
        System.arraycopy(salt, 0, all, 0, salt.length);
        System.arraycopy(pw, 0, all, salt.length, pw.length);
        return sha256(all);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
