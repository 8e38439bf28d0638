package dev.roomcast.protocol.api;

import java.util.List;

/**
 * {@code GET /rooms/{id}/bans} (host only): who the host removed and keeps out, oldest first.
 * Nothing in it identifies a device or an address.
 */
public record RoomBans(String roomId, List<Entry> bans) {

    /**
     * One ban: the name the guest had, when ({@code bannedAt}, ms), whether its device is known
     * ({@code device}; a browser that sent no device key is kept out by its user id and address only),
     * and until when joins from its address are refused ({@code addressUntil} ms, 0 when no longer).
     */
    public record Entry(String banId, String username, long bannedAt, boolean device, long addressUntil) {}
}
