package dev.roomcast.gateway.session;

import dev.roomcast.gateway.config.GatewayConfig;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Runs before a socket is accepted: refuses a foreign Origin (403), an IP over its connection
 * limit (429), and everyone while this node drains (503, so clients go to another node).
 */
@ApplicationScoped
public class UpgradeCheck implements HttpUpgradeCheck {
    private final SessionRegistry registry;
    private final OriginPolicy origins;
    private final int maxPerIp;
    private volatile boolean draining;

    public UpgradeCheck(SessionRegistry registry, GatewayConfig config) {
        this.registry = registry;
        this.origins = new OriginPolicy(config.allowedOrigins().orElse(List.of()));
        this.maxPerIp = config.maxConnectionsPerIp();
    }

    public OriginPolicy origins() {
        return origins;
    }

    public void startDraining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        if (draining) {
            return CheckResult.rejectUpgrade(503, reason("server_draining"));
        }
        if (!origins.allows(request.getHeader("Origin"), request.getHeader("Host"))) {
            return CheckResult.rejectUpgrade(403, reason("forbidden_origin"));
        }
        if (registry.connectionsFrom(ClientAddress.of(request)) >= maxPerIp) {
            return CheckResult.rejectUpgrade(429, reason("too_many_connections"));
        }
        return CheckResult.permitUpgrade();
    }

    private static Map<String, List<String>> reason(String code) {
        return Map.of("X-Roomcast-Error", List.of(code));
    }
}
