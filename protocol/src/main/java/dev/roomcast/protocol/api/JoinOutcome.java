package dev.roomcast.protocol.api;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.message.Participant;
import java.util.Locale;

/**
 * One member's answer in a batch join: {@code you} when admitted ({@code status} joined or
 * rejoined), else {@code error} with the code a single join would have answered (and
 * {@code maxUsers} for room_full).
 */
public record JoinOutcome(String userId, Status status, Participant you, ApiError.Detail error) {

    public enum Status {
        JOINED, REJOINED, REFUSED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static JoinOutcome admitted(String askedUserId, boolean rejoined, Participant you) {
        return new JoinOutcome(askedUserId, rejoined ? Status.REJOINED : Status.JOINED, you, null);
    }

    public static JoinOutcome refused(String askedUserId, ProtocolException e) {
        return new JoinOutcome(askedUserId, Status.REFUSED, null, ApiError.of(e).error());
    }

    public boolean ok() {
        return error == null && you != null;
    }

    /** The refusal as the exception a single join throws. */
    public ProtocolException exception() {
        return new ApiError(error).exception();
    }
}
