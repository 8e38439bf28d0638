package dev.roomcast.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.ServerMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BusJsonTest {
    @Test
    @DisplayName("a room event carries its server message with the message's type across the bus")
    void roomEventRoundTrip() {
        RoomEvent e = RoomEvent.toUser("AbC123_-xYz9", "u_1", new ServerMessage.Error(ErrorCode.RATE_LIMITED, "slow down", "chat:message"));
        String json = BusJson.encode(e);
        assertEquals("{\"roomId\":\"AbC123_-xYz9\",\"toUserId\":\"u_1\",\"message\":{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"slow down\",\"ref\":\"chat:message\"}}", json);
        assertEquals(e, BusJson.decode(json, RoomEvent.class));
    }
}
