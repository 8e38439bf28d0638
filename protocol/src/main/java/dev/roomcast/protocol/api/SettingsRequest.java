package dev.roomcast.protocol.api;

import dev.roomcast.protocol.LatencyPreset;

/** {@code PUT /rooms/{id}/settings} (host): a null field is left as it is; an empty password removes it. */
public record SettingsRequest(LatencyPreset preset, String password) {
    @Override
    public String toString() {
        return "SettingsRequest[preset=" + preset + "]";
    }
}
