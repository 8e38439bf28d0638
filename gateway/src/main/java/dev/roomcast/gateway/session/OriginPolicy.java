package dev.roomcast.gateway.session;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may open a socket or call the API: the page's own origin always, plus
 * ALLOWED_ORIGINS ({@code *} allows any). No Origin header means no browser, so nothing to check.
 */
public final class OriginPolicy {
    private final List<String> allowed;
    private final boolean any;

    public OriginPolicy(List<String> allowed) {
        this.allowed = allowed.stream().map(o -> strip(o.trim().toLowerCase(Locale.ROOT))).filter(o -> !o.isEmpty()).toList();
        this.any = this.allowed.contains("*");
    }

    public boolean allows(String origin, String hostHeader) {
        if (origin == null) {
            return true;
        }
        String o = strip(origin.trim().toLowerCase(Locale.ROOT));
        if (any || allowed.contains(o)) {
            return true;
        }
        if (hostHeader == null) {
            return false;
        }
        try {
            URI u = URI.create(o);
            if (u.getHost() == null) {
                return false;
            }
            String authority = u.getPort() == -1 ? u.getHost() : u.getHost() + ":" + u.getPort();
            String host = hostHeader.trim().toLowerCase(Locale.ROOT);
            return authority.equals(host) || authority.equals(defaultPortless(host, u.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String defaultPortless(String host, String scheme) {
        if (("http".equals(scheme) || "ws".equals(scheme)) && host.endsWith(":80")) {
            return host.substring(0, host.length() - 3);
        }
        if (("https".equals(scheme) || "wss".equals(scheme)) && host.endsWith(":443")) {
            return host.substring(0, host.length() - 4);
        }
        return host;
    }

    private static String strip(String o) {
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
