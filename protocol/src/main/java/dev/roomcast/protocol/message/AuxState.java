package dev.roomcast.protocol.message;

/**
 * Who broadcasts in a room that passed the aux: {@code userId} has it since server time {@code atUs}
 * (µs), taken over from {@code fromUserId}; {@code offeredTo} is a standing offer (or null). Null in
 * {@code room:joined} and room details while nothing was ever passed: the host broadcasts.
 */
public record AuxState(String userId, String fromUserId, long atUs, String offeredTo) {}
