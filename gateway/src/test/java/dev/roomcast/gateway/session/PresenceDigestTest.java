package dev.roomcast.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.roomcast.protocol.message.ServerMessage;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PresenceDigestTest {
    private static ServerMessage.Arrival in(String u, long v) {
        return new ServerMessage.Arrival(u, u, false, v, false);
    }

    private static ServerMessage.Departed out(String u, long v) {
        return new ServerMessage.Departed(u, u, v);
    }

    @Test
    @DisplayName("a departure that arrives before the older arrival of the same user stays a departure")
    void olderEventIsDropped() {
        PresenceDigest d = new PresenceDigest();
        d.left(out("ana", 7));
        d.joined(in("ana", 5));
        ServerMessage.ParticipantsUpdate u = d.drain("R", 3, 9);
        assertEquals(List.of(), u.joined());
        assertEquals(List.of(out("ana", 7)), u.left());
        assertEquals(9, u.presenceVersion());
        assertEquals(3, u.participantCount());
    }

    @Test
    @DisplayName("an arrival and a later departure within one interval cancel out, and a late copy of the arrival stays out")
    void joinThenLeaveCancel() {
        PresenceDigest d = new PresenceDigest();
        d.joined(in("bo", 4));
        d.left(out("bo", 6));
        d.joined(in("bo", 4));
        ServerMessage.ParticipantsUpdate u = d.drain("R", 2, 6);
        assertEquals(List.of(), u.joined());
        assertEquals(List.of(), u.left());
        assertNull(d.drain("R", 2, 6), "nothing new since");
    }

    @Test
    @DisplayName("past 20 arrivals the rest are counted in more, each named one with its version")
    void itemsAndMore() {
        PresenceDigest d = new PresenceDigest();
        for (int i = 0; i < 25; i++) {
            d.joined(in("u" + i, 100 + i));
        }
        ServerMessage.ParticipantsUpdate u = d.drain("R", 30, 124);
        assertEquals(PresenceDigest.ITEMS, u.joined().size());
        assertEquals(5, u.more());
        assertEquals(100, u.joined().get(0).presenceVersion());
    }
}
