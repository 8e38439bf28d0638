package dev.roomcast.protocol;

import java.util.List;

/**
 * The fixed set of reactions ({@code reaction:send} emoji): a small set checked on the server keeps
 * what reaches everyone's screen harmless (no text, no lookalikes) and lets a gateway count them in
 * fixed arrays. Order = index, the same in {@code web-ui/js/protocol.js}.
 */
public final class Reactions {
    private Reactions() {}

    /** Fire, red heart, laughing, clapping, raised hands, astonished (as Unicode strings, the heart with VS16). */
    public static final List<String> EMOJI = List.of("\uD83D\uDD25", "\u2764\uFE0F", "\uD83D\uDE02",
            "\uD83D\uDC4F", "\uD83D\uDE4C", "\uD83D\uDE2E");

    /** The index of an emoji of the set, or -1. */
    public static int indexOf(String emoji) {
        return emoji == null ? -1 : EMOJI.indexOf(emoji);
    }

    /**
     * Whether {@code atUs} can be a stream time a listener hears at server time {@code nowUs}: not more
     * than {@link Limits#HEARD_AT_PAST_US} behind, nor {@link Limits#HEARD_AT_AHEAD_US} ahead. The
     * stream time of {@code reaction:send} and of a chat message must be one.
     */
    public static boolean heardNear(long atUs, long nowUs) {
        return atUs >= nowUs - Limits.HEARD_AT_PAST_US && atUs <= nowUs + Limits.HEARD_AT_AHEAD_US;
    }

    /** The slot (its start, µs) a stream time is counted in. */
    public static long slotOf(long atUs) {
        return Math.floorDiv(atUs, Limits.REACTION_SLOT_US) * Limits.REACTION_SLOT_US;
    }
}
