package dev.roomcast.room.lifecycle;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.protocol.message.AudioConfig;
import dev.roomcast.protocol.message.Participant;
import java.util.List;

/** A room as GET /rooms/{id} shows it. {@code audioConfig} only while live. */
public record RoomDetails(String roomId, String roomName, String hostId, List<Participant> participants,
                          @JsonProperty("isLive") boolean isLive, RoomStats stats, LatencyPreset preset,
                          int playoutDelayMs, AudioConfig audioConfig, boolean hasPassword, boolean hostConnected,
                          long createdAt) {}
