package dev.roomcast.protocol.api;

import dev.roomcast.protocol.LatencyPreset;

/**
 * {@code PUT /rooms/{id}/settings} (host): a null field is left as it is; an empty password removes
 * it; {@code listed} puts the room on or off the public list.
 */
public record SettingsRequest(LatencyPreset preset, String password, Boolean listed) {
    @Override
    public String toString() {
        return "SettingsRequest[preset=" + preset + ", listed=" + listed + "]";
    }
}
