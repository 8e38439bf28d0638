package dev.roomcast.room.store;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MemberTest {

    @Test
    @DisplayName("a member's JSON has the field names the Lua scripts read (gatewayId, isHost, userId)")
    void jsonFields() {
        String json = new Member("u_1", "Ann", true, "gw-1", 1_700_000_000_000L).json();
        assertTrue(json.contains("\"isHost\":true"), json);
        assertTrue(json.contains("\"gatewayId\":\"gw-1\""), json);
        assertTrue(json.contains("\"userId\":\"u_1\""), json);
        assertEquals(new Member("u_1", "Ann", true, "gw-1", 1_700_000_000_000L), Member.of(json));
    }
}
