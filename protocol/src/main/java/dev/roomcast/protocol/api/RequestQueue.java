package dev.roomcast.protocol.api;

import dev.roomcast.protocol.message.TrackAsk;
import java.util.List;

/**
 * {@code GET /rooms/{id}/requests}: whether requests are open and the open ones, oldest first — all for
 * the host or a co-host, the member's own for anyone else.
 */
public record RequestQueue(boolean open, List<TrackAsk> requests) {}
