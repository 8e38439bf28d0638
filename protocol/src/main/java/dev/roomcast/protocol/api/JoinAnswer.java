package dev.roomcast.protocol.api;

import dev.roomcast.protocol.message.Participant;

/** The answer to a single join: the room (participants capped) and the member as admitted. */
public record JoinAnswer(RoomDetails room, Participant you) {}
