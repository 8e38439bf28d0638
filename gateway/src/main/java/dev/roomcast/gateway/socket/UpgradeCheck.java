package dev.roomcast.gateway.socket;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Runs before a socket is accepted: while this node drains, every upgrade is refused with 503 (a
 * load balancer or the client's reconnect goes to another node). A foreign Origin and an address
 * over its connection limit are not refused here: a browser cannot read why an upgrade failed, so
 * {@link SocketEndpoint} accepts them and closes at once with 1008 and the reason.
 */
@ApplicationScoped
public class UpgradeCheck implements HttpUpgradeCheck {
    private volatile boolean draining;

    public void startDraining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (draining) {
            return CheckResult.rejectUpgrade(503, Map.of("X-Roomcast-Error", List.of("server_draining")));
        }
        return CheckResult.permitUpgrade();
    }
}
