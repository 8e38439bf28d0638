package dev.roomcast.gateway.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AddressLimitsTest {
    @Test
    @DisplayName("rooms per address per minute (the default 10): the 10th is created, the 11th refused, another address is not affected")
    void atAndPastTheLimit() {
        AddressLimits rooms = new AddressLimits(10);
        for (int i = 1; i <= 10; i++) {
            assertTrue(rooms.tryAcquire("203.0.113.7"), "room " + i + " of 10");
        }
        assertFalse(rooms.tryAcquire("203.0.113.7"), "the 11th within the minute");
        assertTrue(rooms.tryAcquire("198.51.100.2"), "another address has its own 10");
    }
}
