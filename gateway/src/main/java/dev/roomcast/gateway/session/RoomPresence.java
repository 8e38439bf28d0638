package dev.roomcast.gateway.session;

/**
 * Fired (CDI, synchronously) when a socket enters or leaves a room on this gateway, so the audio
 * fan-out can start or stop reading the room's topic and add or drop the listener.
 */
public record RoomPresence(Session session, RoomLocal room, boolean entered) {}
