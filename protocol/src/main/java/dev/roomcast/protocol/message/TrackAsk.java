package dev.roomcast.protocol.message;

/**
 * One open track request: {@code id} (per room, increasing), who asked ({@code userId}, and
 * {@code username} as it was when asked, both from the requester's connection), the cleaned
 * {@code text}, and when ({@code at}, server ms).
 */
public record TrackAsk(long id, String userId, String username, String text, long at) {}
