package dev.roomcast.protocol.api;

/** {@code POST /rooms} (room-service) and {@code POST /api/rooms} (gateway). */
public record CreateRoomRequest(String roomName) {}
