package dev.roomcast.room.store;

import dev.roomcast.protocol.RoomIds;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SecretsTest {

    @Test
    @DisplayName("a host token matches only its own hash, and the hash does not contain the token")
    void tokens() {
        String token = RoomIds.newHostToken();
        String hash = Secrets.hashToken(token);
        assertEquals(64, hash.length());
        assertFalse(hash.contains(token));
        assertTrue(Secrets.tokenMatches(token, hash));
        assertFalse(Secrets.tokenMatches(token + "x", hash));
        assertFalse(Secrets.tokenMatches(RoomIds.newHostToken(), hash));
        assertFalse(Secrets.tokenMatches(null, hash));
        assertFalse(Secrets.tokenMatches(token, "not-hex"));
        assertFalse(Secrets.tokenMatches(token, null));
    }

    @Test
    @DisplayName("passwords are salted: the same password hashes differently twice and still matches")
    void passwords() {
        String a = Secrets.hashPassword("hunter2");
        String b = Secrets.hashPassword("hunter2");
        assertNotEquals(a, b);
        assertFalse(a.contains("hunter2"));
        assertTrue(Secrets.passwordMatches("hunter2", a));
        assertTrue(Secrets.passwordMatches("hunter2", b));
        assertFalse(Secrets.passwordMatches("hunter3", a));
        assertFalse(Secrets.passwordMatches(null, a));
        assertFalse(Secrets.passwordMatches("hunter2", "garbage"));
    }
}
