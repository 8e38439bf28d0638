package dev.roomcast.gateway.room;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.protocol.message.AudioConfig;
import dev.roomcast.protocol.message.Participant;
import dev.roomcast.protocol.message.ProtocolJson;
import dev.roomcast.protocol.message.ServerMessage;
import java.util.List;

/** Reads room-service's room details (docs/INTERNAL-API.md) into what sockets and this node need. */
final class RoomDetailsMapper {
    private RoomDetailsMapper() {}

    private static final TypeReference<List<Participant>> PARTICIPANTS = new TypeReference<>() {};

    static List<Participant> participants(JsonNode room) {
        JsonNode p = room.path("participants");
        return p.isArray() ? ProtocolJson.mapper().convertValue(p, PARTICIPANTS) : List.of();
    }

    static Participant participant(JsonNode node) {
        return ProtocolJson.mapper().convertValue(node, Participant.class);
    }

    static LatencyPreset preset(JsonNode room) {
        String p = room.path("preset").asText("live");
        try {
            return LatencyPreset.ofWire(p);
        } catch (RuntimeException e) {
            return LatencyPreset.LIVE;
        }
    }

    static AudioConfig audioConfig(JsonNode room) {
        JsonNode c = room.path("audioConfig");
        if (!c.isObject()) {
            return null;
        }
        try {
            return ProtocolJson.mapper().convertValue(c, AudioConfig.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** How many participants the room has: {@code participantCount}, else the length of the list. */
    static int participantCount(JsonNode room, List<Participant> participants) {
        return room.path("participantCount").asInt(participants.size());
    }

    static ServerMessage.RoomJoined joined(JsonNode room, List<Participant> participants, Participant you) {
        LatencyPreset preset = preset(room);
        return new ServerMessage.RoomJoined(room.path("roomId").asText(), room.path("roomName").asText(),
                room.path("hostId").asText(), participants, room.path("isLive").asBoolean(), you, preset,
                room.path("playoutDelayMs").asInt(preset.playoutDelayMs()), audioConfig(room),
                room.path("hostConnected").asBoolean(), room.path("hasPassword").asBoolean(),
                participantCount(room, participants));
    }

    /** Brings this node's view of the room up to date with a fresh snapshot. */
    static void apply(JsonNode room, RoomLocal local) {
        local.setParticipantCount(participantCount(room, participants(room)));
        local.setPreset(preset(room));
        local.setHostId(room.path("hostId").asText(null));
        local.setHostConnected(room.path("hostConnected").asBoolean());
        local.setLive(room.path("isLive").asBoolean(), audioConfig(room));
    }
}
