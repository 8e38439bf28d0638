package dev.roomcast.room.lifecycle;

/** bitrate kbps, latency ms, bufferLevel ms (latest relay report while live), duration s since going live. */
public record RoomStats(int bitrate, int latency, int guestCount, long duration, int bufferLevel) {}
