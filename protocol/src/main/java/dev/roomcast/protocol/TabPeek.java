package dev.roomcast.protocol;

/**
 * The tab peek on the wire: a small picture of the host's shared tab (JPEG, PNG or WebP, told by its
 * first bytes, at most {@link Limits#PEEK_MAX_BYTES}), one slot per room, replaced by each upload and
 * served never-cached at {@link #path}, versioned by when it came.
 */
public final class TabPeek {
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

    /** Where the frame that came at {@code at} (ms) is served, relative to the gateway's origin. */
    public static String path(String roomId, long at) {
        return "/api/rooms/" + roomId + "/peek?v=" + at;
    }
}
