package dev.roomcast.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.protocol.message.ClientMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MedianBufferTest {

    static Listener reported(int bufferMs, long at) {
        Listener l = new Listener(null, null, "r", new TierLadder(1, 1, 1, 1, 0));
        if (bufferMs >= 0) {
            l.report = new ClientMessage.StatsReport(bufferMs, 10, 0, 0, false);
            l.reportedAt = at;
        }
        return l;
    }

    @Test
    @DisplayName("the room's buffer level is the median of fresh reports; silent and stale guests do not count")
    void median() {
        long now = 100_000;
        List<Listener> ls = new ArrayList<>(List.of(reported(300, now), reported(500, now - 1000), reported(-1, 0),
                reported(9_000, now - 60_000), reported(100, now)));
        assertEquals(300, ListenerHealthReporter.medianBuffer(ls, now));
        ls.add(reported(700, now));
        assertEquals(400, ListenerHealthReporter.medianBuffer(ls, now));
        assertEquals(-1, ListenerHealthReporter.medianBuffer(List.of(reported(-1, 0)), now));
    }
}
