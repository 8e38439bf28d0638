package dev.roomcast.protocol.api;

/**
 * {@code GET /rooms/{id}/stats}. Units: {@code bitrate} kbps (the host's stream as the relay
 * receives it), {@code latency} ms (capture → relay), {@code guestCount} people,
 * {@code duration} s since the broadcast started, {@code bufferLevel} ms (median of the
 * listeners' last reported play-out buffers). All 0 while not live, and each figure 0 until its
 * first report of the broadcast.
 */
public record RoomStats(int bitrate, int latency, int guestCount, long duration, int bufferLevel) {}
