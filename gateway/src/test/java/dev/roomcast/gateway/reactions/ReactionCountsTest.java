package dev.roomcast.gateway.reactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.Reactions;
import dev.roomcast.protocol.message.ServerMessage.ReactionCount;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReactionCountsTest {
    static final long T = 1_732_406_400_000_000L;
    static final String FIRE = Reactions.EMOJI.get(0);
    static final String CLAP = Reactions.EMOJI.get(3);

    @Test
    @DisplayName("a thousand reactions in one window become one count per emoji per 100 ms slot, at the earliest stream time")
    void coalesces() {
        ReactionCounts c = new ReactionCounts(Limits.REACTION_COUNTS_MAX);
        for (int i = 0; i < 1000; i++) {
            // everyone hears the drop within the same 100 ms: fire and clap, spread over two slots
            c.add(i % 2 == 0 ? 0 : 3, T + 30_000 + (i % 100) * 1_000, 1);
        }
        List<ReactionCount> out = c.drain();
        assertEquals(List.of(new ReactionCount(FIRE, T + 30_000, 350), new ReactionCount(CLAP, T + 31_000, 350),
                new ReactionCount(FIRE, T + 100_000, 150), new ReactionCount(CLAP, T + 101_000, 150)), out);
        assertEquals(1000, out.stream().mapToInt(ReactionCount::count).sum(), "nothing lost");
        assertNull(c.drain(), "drained: the next window starts empty");
    }

    @Test
    @DisplayName("a flood over many slots grows nothing: past the capacity reactions are counted as dropped, not kept")
    void bounded() {
        ReactionCounts c = new ReactionCounts(Limits.REACTION_COUNTS_MAX);
        for (int slot = 0; slot < 10_000; slot++) {
            c.add(slot % Reactions.EMOJI.size(), T + slot * Limits.REACTION_SLOT_US, 1);
        }
        List<ReactionCount> out = c.drain();
        assertEquals(Limits.REACTION_COUNTS_MAX, out.size());
        assertEquals(10_000 - Limits.REACTION_COUNTS_MAX, c.dropped());
        // a known pair still counts when full
        ReactionCounts full = new ReactionCounts(2);
        assertTrue(full.add(0, T, 1));
        assertTrue(full.add(1, T, 1));
        assertFalse(full.add(2, T, 1));
        assertTrue(full.add(0, T + 5, 7));
        assertEquals(8, full.drain().get(0).count());
    }

    @Test
    @DisplayName("another gateway's window merges into this one's (counts add, the earliest stream time wins)")
    void merges() {
        RoomReactions room = new RoomReactions();
        room.local(0, T + 50_000);
        room.remote(List.of(new ReactionCount(FIRE, T + 10_000, 40), new ReactionCount("\uD83D\uDC4D", T, 5),
                new ReactionCount(CLAP, T, -3)));
        RoomReactions.Window w = room.drain();
        assertEquals(List.of(new ReactionCount(FIRE, T + 10_000, 41)), w.shown(), "not in the set or not positive: ignored");
        assertEquals(List.of(new ReactionCount(FIRE, T + 50_000, 1)), w.mine(), "only this gateway's own go to the others");
        assertTrue(room.isEmpty());
    }
}
