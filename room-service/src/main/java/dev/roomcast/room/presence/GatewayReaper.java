package dev.roomcast.room.presence;

import dev.roomcast.room.config.RoomConfig;
import dev.roomcast.room.lifecycle.MemberService;
import dev.roomcast.room.lifecycle.RoomMetrics;
import dev.roomcast.room.store.GatewayStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Removes the members held by gateways that stopped sending heartbeats. Of several replicas, the
 * one whose ZREM claims the gateway cleans it up; a member that moved to another gateway stays.
 */
@ApplicationScoped
public class GatewayReaper {
    private static final Logger LOG = Logger.getLogger(GatewayReaper.class);
    private static final int BATCH = 100;

    private final GatewayStore gateways;
    private final MemberService members;
    private final RoomConfig config;
    private final RoomMetrics metrics;

    public GatewayReaper(GatewayStore gateways, MemberService members, RoomConfig config, RoomMetrics metrics) {
        this.gateways = gateways;
        this.members = members;
        this.config = config;
        this.metrics = metrics;
    }

    @Scheduled(every = "${roomcast.room.reap-interval:10s}", delayed = "${roomcast.room.reap-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reap() {
        try {
            long cutoff = System.currentTimeMillis() - config.gatewayTimeout().toMillis();
            for (String gatewayId : gateways.silentSince(cutoff, BATCH)) {
                if (gateways.claim(gatewayId)) {
                    reapGateway(gatewayId);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("gateway reaper failed: %s", e.toString());
        }
    }

    private void reapGateway(String gatewayId) {
        Set<String> entries = gateways.members(gatewayId);
        int removed = 0;
        for (String entry : entries) {
            int space = entry.indexOf(' ');
            if (space > 0 && members.remove(entry.substring(0, space), entry.substring(space + 1), gatewayId)) {
                removed++;
            }
        }
        gateways.forget(gatewayId, entries);
        metrics.membersReaped(removed);
        LOG.infof("gateway %s went silent: %d members removed", gatewayId, removed);
    }
}
