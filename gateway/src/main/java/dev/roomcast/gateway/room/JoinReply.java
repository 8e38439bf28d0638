package dev.roomcast.gateway.room;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.protocol.message.Participant;
import java.util.List;

/**
 * One socket's answer from a batch join: either {@code refusal} (a reply shaped like the single
 * join's refusal: status and {@code {"error":{code,message,maxUsers?}}}), or the room (shared by
 * the whole batch, participants parsed once) and this member as room-service admitted it.
 */
record JoinReply(ServiceReply refusal, JsonNode room, List<Participant> participants, Participant you) {

    static JoinReply refused(ServiceReply reply) {
        return new JoinReply(reply, null, null, null);
    }

    boolean ok() {
        return refusal == null;
    }
}
