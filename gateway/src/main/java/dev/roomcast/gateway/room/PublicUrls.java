package dev.roomcast.gateway.room;

import dev.roomcast.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Share links: PUBLIC_URL when set, else the origin the request came to. */
@ApplicationScoped
public class PublicUrls {
    private final String publicUrl;

    public PublicUrls(GatewayConfig config) {
        this.publicUrl = config.publicUrl().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).orElse(null);
    }

    /** @param hostHeader the Host header of the request (may be null) */
    public String roomUrl(String roomId, String scheme, String hostHeader) {
        String base = publicUrl != null ? publicUrl
                : (hostHeader == null || hostHeader.isBlank() ? "" : (scheme == null ? "http" : scheme) + "://" + hostHeader);
        return base + "/room/" + roomId;
    }
}
