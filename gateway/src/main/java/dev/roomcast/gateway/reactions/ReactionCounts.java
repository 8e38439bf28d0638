package dev.roomcast.gateway.reactions;

import dev.roomcast.protocol.Reactions;
import dev.roomcast.protocol.message.ServerMessage.ReactionCount;
import java.util.ArrayList;
import java.util.List;

/**
 * One window's reactions, counted per emoji per stream-time slot in fixed arrays, each with the
 * earliest stream time counted in it (exact for a lone reaction, within the slot for many): at most
 * {@code capacity} distinct (emoji, slot) pairs, so a flood grows nothing; what does not fit is
 * counted as dropped. Adding allocates nothing. Not thread-safe (its owner locks).
 */
final class ReactionCounts {
    private final long[] slots;
    private final long[] firstAt;
    private final int[] emoji;
    private final int[] counts;
    private int size;
    private long dropped;

    ReactionCounts(int capacity) {
        slots = new long[capacity];
        firstAt = new long[capacity];
        emoji = new int[capacity];
        counts = new int[capacity];
    }

    /** Counts {@code n} reactions of emoji {@code index} at stream time {@code atUs} (in its slot); false if full. */
    boolean add(int index, long atUs, int n) {
        long slotUs = Reactions.slotOf(atUs);
        for (int i = 0; i < size; i++) {
            if (slots[i] == slotUs && emoji[i] == index) {
                counts[i] = (int) Math.min(Integer.MAX_VALUE, (long) counts[i] + n);
                firstAt[i] = Math.min(firstAt[i], atUs);
                return true;
            }
        }
        if (size == slots.length) {
            dropped += n;
            return false;
        }
        slots[size] = slotUs;
        firstAt[size] = atUs;
        emoji[size] = index;
        counts[size] = n;
        size++;
        return true;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Reactions that did not fit since the start, in all windows. */
    long dropped() {
        return dropped;
    }

    /** This window's counts, by stream time then emoji, and a new window; null if there were none. */
    List<ReactionCount> drain() {
        if (size == 0) {
            return null;
        }
        List<ReactionCount> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new ReactionCount(Reactions.EMOJI.get(emoji[i]), firstAt[i], counts[i]));
        }
        out.sort((a, b) -> a.atUs() != b.atUs() ? Long.compare(a.atUs(), b.atUs())
                : Integer.compare(Reactions.indexOf(a.emoji()), Reactions.indexOf(b.emoji())));
        size = 0;
        return out;
    }
}
