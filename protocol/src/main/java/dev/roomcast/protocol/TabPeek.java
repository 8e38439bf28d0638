package dev.roomcast.protocol;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The tab peek on the wire: a small picture of the host's shared tab (JPEG, PNG or WebP, told by its
 * first bytes, at most {@link Limits#PEEK_MAX_BYTES}), one slot per room, replaced by each upload and
 * served never-cached at {@link #path}, under a key of its own.
 */
public final class TabPeek {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TabPeek() {}

    /**
     * The upload's checks, once for gateway and room-service: not empty, at most the limit
     * ({@code too_large}), an image type we serve ({@code unsupported_media_type}). Returns its type.
     */
    public static String check(byte[] image) {
        if (image == null || image.length == 0) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "the body is the image's bytes");
        }
        if (image.length > Limits.PEEK_MAX_BYTES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "a peek frame is at most " + Limits.PEEK_MAX_BYTES + " bytes");
        }
        String type = CoverArt.contentType(image);
        if (type == null) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "a peek frame is a JPEG, PNG or WebP image");
        }
        return type;
    }

    /**
     * Where the frame named {@code key} is served, relative to the gateway's origin. The key is a
     * random value made for each frame and told only to the room's sockets (peek:frame): the URL is
     * the capability, so a link to the room alone does not show its host's tab.
     */
    public static String path(String roomId, String key) {
        return "/api/rooms/" + roomId + "/peek?v=" + key;
    }

    /** A new frame's key: 96 random bits in lower-case hex. */
    public static String newKey() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A key as {@link #newKey} makes them. */
    public static boolean isKey(String s) {
        return s != null && s.length() == 24 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
