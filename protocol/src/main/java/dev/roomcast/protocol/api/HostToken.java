package dev.roomcast.protocol.api;

/**
 * {@code POST /rooms/{id}/host-token} with a handover secret: the room's new host token. The old
 * one, and every earlier handover link, stop working.
 */
public record HostToken(String hostToken) {
    @Override
    public String toString() {
        return "HostToken[…]";
    }
}
