package dev.roomcast.protocol.api;

/** {@code {"success":true}}: the answer to closing a room. */
public record Success(boolean success) {
    public static final Success OK = new Success(true);
}
