package dev.roomcast.protocol.api;

/**
 * {@code POST /rooms/{id}/requests} (the member named by {@link Moderator#MEMBER_HEADER}): ask for a
 * track (see {@code request:send}); answered with the open {@link dev.roomcast.protocol.message.TrackAsk}.
 */
public record RequestText(String text) {}
