package dev.roomcast.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.protocol.bus.TierDemand;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TierDemandTest {
    @Test
    @DisplayName("a demand is one byte, a bit per tier, and reads back; anything else is not a demand")
    void roundTrip() {
        int both = TierDemand.bit(Tier.MEDIUM) | TierDemand.bit(Tier.LOW);
        assertEquals(both, TierDemand.decode(TierDemand.encode(both)));
        assertEquals(0, TierDemand.decode(TierDemand.encode(0)), "nothing wanted: the re-encoders may stop");
        int low = TierDemand.decode(TierDemand.encode(TierDemand.bit(Tier.LOW)));
        assertTrue(TierDemand.wants(low, Tier.LOW));
        assertFalse(TierDemand.wants(low, Tier.MEDIUM));
        assertEquals(-1, TierDemand.decode(null));
        assertEquals(-1, TierDemand.decode(new byte[0]));
        assertEquals(-1, TierDemand.decode(new byte[] {1, 2}));
        assertEquals(-1, TierDemand.decode(new byte[] {8}), "a bit no tier has");
        assertEquals(-1, TierDemand.decode(new byte[] {(byte) 0x80}));
        assertThrows(IllegalArgumentException.class, () -> TierDemand.encode(16));
    }
}
