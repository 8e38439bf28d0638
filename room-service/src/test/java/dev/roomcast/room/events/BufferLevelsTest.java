package dev.roomcast.room.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.message.ListenerHealth;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BufferLevelsTest {
    private static ListenerHealth h(String user, int bufferMs, long updatedAt) {
        return new ListenerHealth(user, user, Tier.HIGH, bufferMs, 20, 0, 0, false, updatedAt);
    }

    @Test
    @DisplayName("the median of every gateway's listeners, merged by user; silent ones and old reports do not count")
    void medianAcrossGateways() {
        BufferLevels b = new BufferLevels();
        assertEquals(-1, b.report("R", List.of(h("never", 0, 0)), 1_000), "no listener reported yet");
        assertEquals(1050, b.report("R", List.of(h("a", 1100, 900), h("b", 1000, 900)), 1_000));
        assertEquals(1100, b.report("R", List.of(h("c", 1200, 1500), h("a", 1100, 1500)), 2_000), "another gateway's listener joins the median");
        assertEquals(1150, b.report("R", List.of(h("c", 1200, 11_000)), 11_500), "b was last named over 10 s ago: a and c remain");
        assertEquals(-1, b.report("S", List.of(), 11_500));
    }
}
