package dev.roomcast.systemtests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docs/PROTOCOL.md §1, refused sockets: the per-address limit, against a gateway whose
 * MAX_CONNECTIONS_PER_IP is small ({@code -Droomcast.conformance.limitedGateway=http://host:port} and
 * {@code ...limitedGateway.maxPerIp=N}). Through the wire only, like {@link ConformanceIT}.
 */
@DisplayName("Conformance §1: the per-address connection limit")
class ConnectionLimitConformanceIT {

    @Test
    @DisplayName("§1 transport: past MAX_CONNECTIONS_PER_IP sockets from one address, the next is closed at once with 1008 too_many_connections")
    void perAddressLimit() {
        String limited = System.getProperty("roomcast.conformance.limitedGateway");
        int limit = Integer.getInteger("roomcast.conformance.limitedGateway.maxPerIp", 0);
        assertTrue(limited != null && limit > 0, "-Droomcast.conformance.limitedGateway and ...maxPerIp name a gateway with a small limit");
        List<Wire> mine = new ArrayList<>();
        try {
            for (int i = 0; i < limit; i++) {
                mine.add(Wire.open(limited));
            }
            Wire over = Wire.openRaw(limited, null);
            assertEquals(1008, over.awaitClose());
            assertEquals("too_many_connections", over.closeReason());
            assertTrue(over.messages().isEmpty(), "no welcome: " + over.messages());
            assertTrue(mine.stream().allMatch(Wire::isOpen), "the sockets within the limit are untouched");
        } finally {
            mine.forEach(Wire::close);
        }
    }
}
