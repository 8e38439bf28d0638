package dev.roomcast.gateway.socket;

import dev.roomcast.gateway.config.GatewayConfig;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.gateway.session.SessionRegistry;
import dev.roomcast.protocol.message.ProtocolJson;
import dev.roomcast.protocol.message.ServerMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Graceful shutdown (SIGTERM): refuse new sockets, tell every client to reconnect elsewhere
 * ({@code server:draining}), give them the drain time, then close what is left with 1012.
 *
 * <p>It starts from a JVM shutdown hook, i.e. at the SIGTERM itself, and not only from
 * {@link ShutdownEvent}: with {@code quarkus.shutdown.timeout} set, Quarkus first waits for open
 * requests — every WebSocket is one — for up to that timeout (10 s) and fires ShutdownEvent only
 * after it. Clients were told to move 10 s late and the pod took 12 s to go (found by the fault
 * test GatewayFailoverIT). Draining at once empties the node in the drain time, which also ends
 * Quarkus's wait early. The ShutdownEvent observer stays as the path for an in-process stop.
 */
@ApplicationScoped
public class Draining {
    private final SessionRegistry registry;
    private final UpgradeCheck upgrades;
    private final GatewayConfig config;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    public Draining(SessionRegistry registry, UpgradeCheck upgrades, GatewayConfig config) {
        this.registry = registry;
        this.upgrades = upgrades;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                drain();
            } catch (RuntimeException e) {
                // the application is already gone (a test's app, stopped before the JVM exits)
            }
        }, "gateway-drain"));
    }

    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        drain();
    }

    /** Runs once; a second caller waits for the first to finish. */
    private void drain() {
        if (!started.compareAndSet(false, true)) {
            try {
                done.await(config.drainTime().toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            drainNow();
        } finally {
            done.countDown();
        }
    }

    private void drainNow() {
        upgrades.startDraining();
        if (registry.size() == 0) {
            return;
        }
        long drainMs = config.drainTime().toMillis();
        String json = ProtocolJson.encode(new ServerMessage.Draining((int) Math.min(Integer.MAX_VALUE, drainMs)));
        for (Session s : registry.all()) {
            s.sendJson(json);
        }
        long deadline = System.currentTimeMillis() + drainMs;
        while (registry.size() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Session s : registry.all()) {
            s.close(Session.CLOSE_RESTART, "server restarting, reconnect");
        }
    }
}
