package dev.roomcast.gateway.reactions;

import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.Reactions;
import dev.roomcast.protocol.message.ServerMessage.ReactionCount;
import java.util.List;

/**
 * One room's reactions on this gateway during the current window: {@code shown}, everything its
 * sockets here get next (their own reactions and other gateways'), and {@code mine}, this gateway's
 * own, which the other gateways get. Both bounded ({@link Limits#REACTION_COUNTS_MAX}). Sockets' event
 * loops add, the room-events thread adds, the reactions thread drains: hence one lock.
 */
final class RoomReactions {
    private final ReactionCounts shown = new ReactionCounts(Limits.REACTION_COUNTS_MAX);
    private final ReactionCounts mine = new ReactionCounts(Limits.REACTION_COUNTS_MAX);

    /** The window's counts to send: to the sockets here, and to the other gateways (either may be null). */
    record Window(List<ReactionCount> shown, List<ReactionCount> mine) {}

    /** A reaction from a socket here. */
    synchronized void local(int emoji, long atUs) {
        shown.add(emoji, atUs, 1);
        mine.add(emoji, atUs, 1);
    }

    /** Another gateway's window (a trusted peer; still only the set's emoji and positive counts). */
    synchronized void remote(List<ReactionCount> counts) {
        if (counts == null) {
            return;
        }
        for (ReactionCount c : counts) {
            int emoji = Reactions.indexOf(c.emoji());
            if (emoji >= 0 && c.count() > 0) {
                shown.add(emoji, c.atUs(), c.count());
            }
        }
    }

    synchronized Window drain() {
        return new Window(shown.drain(), mine.drain());
    }

    synchronized boolean isEmpty() {
        return shown.isEmpty() && mine.isEmpty();
    }

    synchronized long dropped() {
        return shown.dropped();
    }
}
