package dev.roomcast.systemtests;

import dev.roomcast.testsupport.ServiceProcess;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points the conformance suite ({@code systemtests.conformance}, which uses no project class) at a
 * running system: unless {@code -Droomcast.conformance.gateway} names one already, this JVM's
 * {@link LiveStack} (gateways A and B), and for the per-address limit a gateway of its own that
 * allows 3 sockets per address (started in the background when the first conformance class starts,
 * waited for by {@code ConnectionLimitConformanceIT}). Registered for every test class through
 * JUnit's extension auto-detection (src/test/resources); it does nothing for other packages.
 */
public class ConformanceTarget implements BeforeAllCallback {
    static final int LIMITED_PER_IP = 3;
    private static CompletableFuture<ServiceProcess> limited;

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> test = context.getRequiredTestClass();
        if (!test.getPackageName().endsWith(".conformance")) {
            return;
        }
        synchronized (ConformanceTarget.class) {
            if (System.getProperty("roomcast.conformance.gateway") == null) {
                LiveStack stack = LiveStack.get();
                System.setProperty("roomcast.conformance.gateway", stack.gatewayA().baseUrl());
                System.setProperty("roomcast.conformance.gateway2", stack.gatewayB().baseUrl());
                limited = CompletableFuture.supplyAsync(() -> stack.startGateway("gw-conformance-limit",
                        Map.of("MAX_CONNECTIONS_PER_IP", String.valueOf(LIMITED_PER_IP))));
            }
            if (limited != null && test.getSimpleName().startsWith("ConnectionLimit")
                    && System.getProperty("roomcast.conformance.limitedGateway") == null) {
                System.setProperty("roomcast.conformance.limitedGateway", limited.join().baseUrl());
                System.setProperty("roomcast.conformance.limitedGateway.maxPerIp", String.valueOf(LIMITED_PER_IP));
            }
        }
    }
}
