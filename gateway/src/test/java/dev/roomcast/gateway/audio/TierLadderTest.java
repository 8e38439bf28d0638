package dev.roomcast.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.gateway.audio.TierLadder.Step;
import dev.roomcast.protocol.Tier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TierLadderTest {
    static final long S = 1_000_000_000L;
    static final int HARD = 64_000;
    static final int SOFT = 32_000;

    TierLadder ladder(long now) {
        return new TierLadder(HARD, SOFT, 2 * S, 10 * S, now);
    }

    @Test
    @DisplayName("a healthy listener stays on high and is sent every batch")
    void healthy() {
        TierLadder l = ladder(0);
        for (long t = 0; t < 60 * S; t += S / 10) {
            assertEquals(Step.SEND, l.onFrame(2_000, 2_000, false, t));
        }
        assertEquals(Tier.HIGH, l.tier());
    }

    @Test
    @DisplayName("congestion first moves an auto listener down a tier, then one more after the cooldown")
    void downFirst() {
        TierLadder l = ladder(0);
        assertEquals(Step.SEND, l.onFrame(SOFT + 1, 2_000, false, S));
        assertEquals(Tier.MEDIUM, l.tier());
        assertEquals("congestion", l.reason());
        assertEquals(Step.SEND, l.onFrame(SOFT + 1, 2_000, false, 2 * S));
        assertEquals(Tier.MEDIUM, l.tier(), "cooldown");
        l.onFrame(SOFT + 1, 2_000, false, 3 * S);
        assertEquals(Tier.LOW, l.tier());
        l.onFrame(SOFT + 1, 2_000, false, 10 * S);
        assertEquals(Tier.LOW, l.tier(), "nothing below low");
    }

    @Test
    @DisplayName("over the hard bound a batch is skipped, so in-flight never exceeds the bound")
    void skip() {
        TierLadder l = ladder(0);
        assertEquals(Step.SEND, l.onFrame(HARD - 2_000, 2_000, false, S));
        assertEquals(Step.SKIP, l.onFrame(HARD - 1_999, 2_000, false, S));
        assertEquals(Step.SKIP, l.onFrame(HARD, 2_000, false, S));
    }

    @Test
    @DisplayName("an auto listener moves back up one tier after a calm period, not before")
    void upAgain() {
        TierLadder l = ladder(0);
        l.onFrame(SOFT + 1, 1_000, false, S);
        l.onFrame(SOFT + 1, 1_000, false, 4 * S);
        assertEquals(Tier.LOW, l.tier());
        for (long t = 4 * S; t < 14 * S; t += S / 10) {
            l.onFrame(0, 1_000, false, t);
        }
        assertEquals(Tier.LOW, l.tier());
        l.onFrame(0, 1_000, false, 14 * S);
        assertEquals(Tier.MEDIUM, l.tier());
        assertEquals("recovered", l.reason());
        l.onFrame(SOFT / 2, 1_000, false, 20 * S); // not calm: restarts the clock
        l.onFrame(0, 1_000, false, 29 * S);
        assertEquals(Tier.MEDIUM, l.tier());
        l.onFrame(0, 1_000, false, 30 * S);
        assertEquals(Tier.HIGH, l.tier());
    }

    @Test
    @DisplayName("a fixed tier is never moved by congestion, only skipped; auto resumes from there")
    void fixed() {
        TierLadder l = ladder(0);
        l.request(Tier.MEDIUM, S);
        assertFalse(l.auto());
        assertEquals(Tier.MEDIUM, l.tier());
        assertEquals(Step.SKIP, l.onFrame(HARD, 1_000, false, 5 * S));
        assertEquals(Tier.MEDIUM, l.tier());
        for (long t = 5 * S; t < 60 * S; t += S) {
            l.onFrame(0, 1_000, false, t);
        }
        assertEquals(Tier.MEDIUM, l.tier(), "fixed never moves up either");
        l.request(null, 60 * S);
        assertTrue(l.auto());
        assertEquals(Tier.MEDIUM, l.tier());
        assertEquals("requested", l.reason());
    }

    @Test
    @DisplayName("a guest that reports its audio arrives late moves down with nothing in flight, at most once per cooldown, and does not move up while it keeps reporting")
    void guestBehind() {
        TierLadder l = ladder(0);
        assertEquals(Step.SEND, l.onFrame(0, 2_000, true, S), "a report never skips a batch by itself");
        assertEquals(Tier.MEDIUM, l.tier());
        assertEquals("congestion", l.reason());
        l.onFrame(0, 2_000, true, 2 * S);
        assertEquals(Tier.MEDIUM, l.tier(), "cooldown");
        l.onFrame(0, 2_000, true, 3 * S);
        assertEquals(Tier.LOW, l.tier());
        for (long t = 3 * S; t < 30 * S; t += S / 10) {
            l.onFrame(0, 1_000, t % (2 * S) == 0, t); // a late report every 2 s
        }
        assertEquals(Tier.LOW, l.tier(), "no calm while the guest keeps reporting late");
        for (long t = 30 * S; t <= 40 * S; t += S / 10) {
            l.onFrame(0, 1_000, false, t);
        }
        assertEquals(Tier.MEDIUM, l.tier(), "ten calm seconds after the last late report");
    }

    @Test
    @DisplayName("a fixed tier ignores late reports too")
    void fixedIgnoresReports() {
        TierLadder l = ladder(0);
        l.request(Tier.HIGH, 0);
        for (long t = S; t < 20 * S; t += S) {
            assertEquals(Step.SEND, l.onFrame(0, 1_000, true, t));
        }
        assertEquals(Tier.HIGH, l.tier());
    }
}
