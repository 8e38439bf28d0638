package dev.roomcast.protocol.api;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;

/** {@code room_full} (409); the answer names the limit. */
public class RoomFullException extends ProtocolException {
    private final int maxUsers;

    public RoomFullException(int maxUsers) {
        super(ErrorCode.ROOM_FULL, "the room is full (" + maxUsers + " people)");
        this.maxUsers = maxUsers;
    }

    public int maxUsers() {
        return maxUsers;
    }
}
