package dev.roomcast.room.lifecycle;

import java.util.List;

/**
 * The answer to POST /rooms/{id}/members/batch: the room once (participants capped, see
 * {@link RoomDetails#participantCount()}), and one outcome per member, in the order asked.
 */
public record BatchJoinAnswer(RoomDetails room, List<JoinOutcome> results) {}
