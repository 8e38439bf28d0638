package dev.roomcast.room.lifecycle;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;

/** 409 room_full; the answer names the limit. */
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
