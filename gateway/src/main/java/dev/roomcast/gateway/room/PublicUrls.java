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
        return origin(scheme, hostHeader) + "/room/" + roomId;
    }

    /** The studio link that hands the host to another device: the secret in the fragment, never sent to a server. */
    public String handoverUrl(String roomId, String secret, String scheme, String hostHeader) {
        return origin(scheme, hostHeader) + "/host.html?room=" + roomId + "#handover=" + secret;
    }

    /** PUBLIC_URL, else {@code scheme://host} of the request ("" without a Host header). */
    public String origin(String scheme, String hostHeader) {
        return publicUrl != null ? publicUrl
                : (hostHeader == null || hostHeader.isBlank() ? "" : (scheme == null ? "http" : scheme) + "://" + hostHeader);
    }
}
