package dev.roomcast.protocol.api;

/**
 * {@code POST /rooms/{id}/handover} (host): a one-time secret that makes another device the host
 * ({@code POST /rooms/{id}/host-token} with it), valid until {@code expiresAt} (ms). Making a new one
 * replaces the last. {@code url}: the studio link carrying it (the gateway fills it in; the secret
 * rides in the fragment, which browsers never send to a server).
 */
public record HandoverLink(String handoverToken, String url, long expiresAt) {
    @Override
    public String toString() {
        return "HandoverLink[expiresAt=" + expiresAt + "]";
    }
}
