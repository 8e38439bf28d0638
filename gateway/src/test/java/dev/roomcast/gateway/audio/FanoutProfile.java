package dev.roomcast.gateway.audio;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The fan-out tests: a small server send buffer (see {@link SmallSendBuffer}). */
public class FanoutProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("roomcast.test.so-send-buffer", "16384");
    }
}
