package dev.roomcast.protocol.api;

import java.util.List;

/**
 * The answer to a batch join: the room once (participants capped at 100, host first, plus
 * {@code participantCount} and {@code presenceVersion} after the whole batch) and one outcome per
 * member, in the order asked.
 */
public record BatchJoinAnswer(RoomDetails room, List<JoinOutcome> results) {}
