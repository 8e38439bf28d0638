package dev.roomcast.gateway.audio;

import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** One room this node reads: its topic partition, one lane per tier, its listeners here. Consumer thread only. */
final class RoomFeed {
    final String roomId;
    final TopicPartition partition;
    final TierLane[] lanes = new TierLane[Tier.values().length];
    final Map<Session, Listener> listeners = new HashMap<>();
    RoomLocal room;
    /**
     * Sought into the recent past and not yet at live: batches older than live go to every listener
     * uncounted (each gets that past once, bounded by the seek window). Cleared by the first batch
     * at live; after that an old batch means this node fell behind and goes through the ladder.
     */
    boolean catchingUp = true;
    /**
     * Listeners whose ladder wants a tier whose lane does not flow yet (the relay starts it on this
     * node's demand): they stay where they are, playing, until it does.
     */
    final List<Listener> waiting = new ArrayList<>();
    /** The tiers last demanded of the relay (TierDemand bits) and when (System.nanoTime). */
    int demanded;
    long demandedAtNs;

    RoomFeed(RoomLocal room, TierLane.BatchSink sink) {
        this.roomId = room.roomId();
        this.room = room;
        this.partition = new TopicPartition(Topics.roomAudio(roomId), 0);
        for (Tier t : Tier.values()) {
            lanes[t.id()] = new TierLane(t, sink, this::playoutDelayMs);
        }
    }

    TierLane lane(Tier t) {
        return lanes[t.id()];
    }

    /** How far a lower tier's last packet may trail high's and still count as keeping pace. */
    static final long PACE_NS = 100_000_000L;
    /** How recent high's last packet must be for the room to count as playing. */
    static final long LIVE_NS = 1_000_000_000L;

    /** Whether the room's audio comes at all (high always flows while someone broadcasts). */
    boolean playing(long nowNs) {
        return lane(Tier.HIGH).flowing(nowNs, LIVE_NS);
    }

    /**
     * Whether tier {@code t} comes along with high: the relay produces a packet of every tier it
     * makes right after high's, so a lane that trails high by more than {@link #PACE_NS} is not
     * being made (no demand reached the relay yet, or it lapsed).
     */
    boolean keepsPace(Tier t) {
        if (t == Tier.HIGH) {
            return true;
        }
        long last = lane(t).lastPacketNs();
        return last != 0 && lane(Tier.HIGH).lastPacketNs() - last <= PACE_NS;
    }

    int batchMs() {
        return room.preset().batchMs();
    }

    int playoutDelayMs() {
        return room.preset().playoutDelayMs();
    }
}
