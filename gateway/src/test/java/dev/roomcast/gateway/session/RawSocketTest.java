package dev.roomcast.gateway.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RawSocketTest {
    @Test
    @DisplayName("the fan-out reaches the Vert.x socket under websockets-next (else it silently takes the slower API path)")
    void fastPathAvailable() {
        assertTrue(RawSocket.available(), "websockets-next no longer has WebSocketConnectionBase.webSocket(): see RawSocket");
    }
}
