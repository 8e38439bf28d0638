package dev.roomcast.room.lifecycle;

import dev.roomcast.protocol.message.Participant;

/** The answer to POST /rooms/{id}/members. */
public record JoinAnswer(RoomDetails room, Participant you) {}
