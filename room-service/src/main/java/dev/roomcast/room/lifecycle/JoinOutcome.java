package dev.roomcast.room.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.message.Participant;

/**
 * One member's answer in a batch join: {@code you} when admitted ({@code status} joined or
 * rejoined), else {@code error} with the code a single join would have answered (and
 * {@code maxUsers} for room_full).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JoinOutcome(String userId, String status, Participant you, Error error) {

    public record Error(ErrorCode code, String message, Integer maxUsers) {}

    public static JoinOutcome admitted(String askedUserId, boolean rejoined, Participant you) {
        return new JoinOutcome(askedUserId, rejoined ? "rejoined" : "joined", you, null);
    }

    public static JoinOutcome refused(String askedUserId, ProtocolException e) {
        Integer max = e instanceof RoomFullException full ? full.maxUsers() : null;
        return new JoinOutcome(askedUserId, "refused", null, new Error(e.code(), e.getMessage(), max));
    }

    public boolean ok() {
        return error == null;
    }

    /** The refusal as the exception a single join throws. */
    public ProtocolException exception() {
        if (error.code() == ErrorCode.ROOM_FULL && error.maxUsers() != null) {
            return new RoomFullException(error.maxUsers());
        }
        return new ProtocolException(error.code(), error.message());
    }
}
