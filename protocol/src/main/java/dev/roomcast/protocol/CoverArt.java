package dev.roomcast.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Cover art on the wire: an image a host uploads for its room (JPEG, PNG or WebP, told by its
 * first bytes, at most {@link Limits#ART_MAX_BYTES}), named by the SHA-256 of its bytes (64
 * lower-case hex digits) and served once, cacheable for good, at {@link #path}.
 */
public final class CoverArt {
    private CoverArt() {}

    /** The image type its first bytes say, or null when it is none of JPEG, PNG, WebP. */
    public static String contentType(byte[] b) {
        if (b == null) {
            return null;
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (startsWith(b, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})) {
            return "image/png";
        }
        if (startsWith(b, 0, new byte[] {'R', 'I', 'F', 'F'}) && startsWith(b, 8, new byte[] {'W', 'E', 'B', 'P'})) {
            return "image/webp";
        }
        return null;
    }

    /**
     * The upload's checks, once for gateway and room-service: not empty, at most the limit
     * ({@code too_large}), an image type we serve ({@code unsupported_media_type}). Returns its type.
     */
    public static String check(byte[] image) {
        if (image == null || image.length == 0) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "the body is the image's bytes");
        }
        if (image.length > Limits.ART_MAX_BYTES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "cover art is at most " + Limits.ART_MAX_BYTES + " bytes");
        }
        String type = contentType(image);
        if (type == null) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "cover art is a JPEG, PNG or WebP image");
        }
        return type;
    }

    /** The SHA-256 of the bytes, 64 lower-case hex digits: the art's name. */
    public static String hash(byte[] image) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A name as {@link #hash} makes them. */
    public static boolean isHash(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Where the art is served (relative to the gateway's origin). */
    public static String path(String roomId, String hash) {
        return "/api/rooms/" + roomId + "/art/" + hash;
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (b.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
