package dev.roomcast.gateway.events;

import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.protocol.message.ServerMessage;

/** Fired (CDI, synchronously) for each room event this node applied, for features that react to it. */
public record RoomEventApplied(RoomLocal room, String toUserId, ServerMessage message) {}
