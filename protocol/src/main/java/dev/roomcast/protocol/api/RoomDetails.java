package dev.roomcast.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.protocol.message.AudioConfig;
import dev.roomcast.protocol.message.AuxState;
import dev.roomcast.protocol.message.NowPlaying;
import dev.roomcast.protocol.message.Participant;
import java.util.List;

/**
 * A room as {@code GET /rooms/{id}} shows it. {@code audioConfig} only while live.
 * {@code participants} is every member for GET, and at most 100 (host first) in join answers;
 * {@code participantCount} is always the full count. {@code presenceVersion} counts the room's
 * arrivals and departures: the count is as of it, and the list at least as new. {@code listed}: the
 * room is on the public list ({@code GET /rooms}); an unlisted room is reached by its link only.
 * {@code slowModeSeconds}: guests may send one chat message per that many seconds (0: off).
 * {@code aux}: who broadcasts once the aux was passed (null: the host, nothing offered).
 * {@code track}: what plays, as the host last said in this broadcast (null: nothing said).
 */
public record RoomDetails(String roomId, String roomName, String hostId, List<Participant> participants,
                          int participantCount, @JsonProperty("isLive") boolean isLive, RoomStats stats,
                          LatencyPreset preset, int playoutDelayMs, AudioConfig audioConfig, boolean hasPassword,
                          boolean hostConnected, long createdAt, long presenceVersion, boolean listed,
                          int slowModeSeconds, AuxState aux, NowPlaying track) {}
