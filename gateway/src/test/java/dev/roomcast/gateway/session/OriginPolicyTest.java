package dev.roomcast.gateway.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    @Test
    @DisplayName("the page's own origin and listed origins may connect; other sites may not")
    void sameOriginAndAllowList() {
        OriginPolicy policy = new OriginPolicy(List.of("https://roomcast.example/"));
        assertTrue(policy.allows("http://localhost:8080", "localhost:8080"));
        assertTrue(policy.allows("https://roomcast.example", "gateway.internal:8080"));
        assertTrue(policy.allows("https://live.example", "live.example:443"));
        assertFalse(policy.allows("https://evil.example", "localhost:8080"));
        assertFalse(policy.allows("http://localhost:8081", "localhost:8080"));
        assertFalse(policy.allows("null", "localhost:8080"));
        assertTrue(policy.allows(null, "localhost:8080"), "no Origin: not a browser");
    }

    @Test
    @DisplayName("a star in ALLOWED_ORIGINS admits every origin")
    void star() {
        assertTrue(new OriginPolicy(List.of("*")).allows("https://anything.example", "x"));
    }
}
