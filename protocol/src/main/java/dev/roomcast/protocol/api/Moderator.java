package dev.roomcast.protocol.api;

/**
 * Who may moderate a room (remove, mute, delete chat, slow mode): its host, proved by
 * {@code Authorization: Bearer <hostToken>}, or a co-host, named by the gateway in {@link #MEMBER_HEADER}
 * from the socket's own identity. The gateway's public API never forwards that header; room-service
 * checks that the member is a co-host of the room.
 */
public final class Moderator {
    private Moderator() {}

    /** The acting member's user id, set by the gateway for a socket that is not the host. */
    public static final String MEMBER_HEADER = "X-Roomcast-Member";
}
