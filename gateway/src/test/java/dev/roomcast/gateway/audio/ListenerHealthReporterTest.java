package dev.roomcast.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.message.ListenerHealth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ListenerHealthReporterTest {
    static ListenerHealth healthy(int i) {
        return new ListenerHealth("u_" + i, "guest " + i, Tier.HIGH, 1200, 90, 0.2, 0, false, 1_000);
    }

    @Test
    @DisplayName("a big room's listeners:health names the 200 least healthy of a node's listeners: the late ones, then the silent, then the ones that ran dry, then the thinnest buffers")
    void namesTheLeastHealthy() {
        List<ListenerHealth> all = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            all.add(healthy(i));
        }
        all.set(3_999, new ListenerHealth("u_late", "late one", Tier.LOW, 0, 3_000, 900, 4, true, 1_000));
        all.set(17, new ListenerHealth("u_silent", "never reported", Tier.HIGH, 0, 0, 0, 0, false, 0));
        all.set(2_500, new ListenerHealth("u_dry", "ran dry", Tier.MEDIUM, 300, 200, 0, 9, false, 1_000));
        for (int i = 0; i < 300; i++) { // thinner buffers than the rest, in a random order
            all.set(100 + i, new ListenerHealth("u_thin" + i, "thin " + i, Tier.HIGH, 500 + i, 90, 0, 0, false, 1_000));
        }
        Collections.shuffle(all, new Random(5));

        List<ListenerHealth> listed = ListenerHealthReporter.leastHealthy(all, ListenerHealthReporter.MAX_LISTED);
        assertEquals(200, listed.size());
        assertEquals(List.of("u_late", "u_silent", "u_dry"), listed.subList(0, 3).stream().map(ListenerHealth::userId).toList());
        Set<String> rest = listed.subList(3, 200).stream().map(ListenerHealth::userId).collect(Collectors.toSet());
        for (int i = 0; i < 197; i++) {
            assertTrue(rest.contains("u_thin" + i), "the 197 thinnest buffers come next: u_thin" + i);
        }
        assertEquals(4_000, all.size(), "the node's own list is left as it was");
    }

    @Test
    @DisplayName("a room with no more listeners here than that is listed whole")
    void smallRoomWhole() {
        List<ListenerHealth> all = List.of(healthy(1), healthy(2), healthy(3));
        assertSame(all, ListenerHealthReporter.leastHealthy(all, ListenerHealthReporter.MAX_LISTED));
    }
}
