package dev.roomcast.gateway.audio;

import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.Topics;
import java.util.HashMap;
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

    int batchMs() {
        return room.preset().batchMs();
    }

    int playoutDelayMs() {
        return room.preset().playoutDelayMs();
    }
}
