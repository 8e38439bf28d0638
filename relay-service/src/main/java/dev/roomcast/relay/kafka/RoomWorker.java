package dev.roomcast.relay.kafka;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.SignalState;
import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.bus.TierDemand;
import dev.roomcast.protocol.frame.AudioFrames;
import dev.roomcast.protocol.message.AudioConfig;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.relay.pipeline.LadderSettings;
import dev.roomcast.relay.pipeline.Refusal;
import dev.roomcast.relay.pipeline.RoomPipeline;
import dev.roomcast.relay.pipeline.Scratch;
import dev.roomcast.relay.stats.IngestStats;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * A codec thread. Owns the state of the rooms hashed to it (so a room's packets are processed in
 * order, by one thread, with no locks) and does everything for them: validate, transcode,
 * produce to the room topic, refusals, stats. Fed by the ingest consumer through a queue.
 */
final class RoomWorker implements Runnable {
    private static final Logger LOG = Logger.getLogger(RoomWorker.class);
    /** Host frames held per room while its topic is looked up (5 s of single-packet frames). */
    private static final int MAX_PENDING = 250;

    private sealed interface Task {}

    private record Ingest(ConsumerRecord<String, byte[]> record) implements Task {}

    private record Resolved(Room room, RoomTopicResolver.Resolution resolution) implements Task {}

    private record Drop(Set<Integer> partitions) implements Task {}

    private enum TopicState { RESOLVING, READY, MISSING }

    /** One room's state on this relay. Reset whenever its partition is taken away. */
    private final class Room {
        final String roomId;
        final String topic;
        final int partition;
        TopicState state = TopicState.RESOLVING;
        RoomPipeline pipeline;
        final ArrayDeque<ConsumerRecord<String, byte[]>> pending = new ArrayDeque<>();
        long retryAtMs;
        long lastFrameMs;
        long lastErrorMs = Long.MIN_VALUE / 2;
        long lastStatsCheckUs;
        SignalState signal;
        /** The user id (header {@code host}) of the last frame: the aux passed when it changes. */
        byte[] sender;
        /** Where the audio processed so far ends (capture µs): the handoff waits for the old sender to reach the new one. */
        long endUs = Long.MIN_VALUE;
        /** The aux passing: the new sender's first frames, held until the old sender's last ones came (or a short wait passed). */
        final Handover handover = new Handover();
        /** Per tier id: until when (ms) some gateway has a listener on it ({@link TierDemand}). */
        final long[] wantedUntilMs = new long[Tier.values().length];
        volatile boolean topicGone;

        /** The re-encoded tiers some gateway still wants (per frame: no allocation). */
        int wanted(long nowMs) {
            int mask = 0;
            for (int id = 0; id < wantedUntilMs.length; id++) {
                if (wantedUntilMs[id] > nowMs) {
                    mask |= 1 << id;
                }
            }
            return mask & TierDemand.REENCODED;
        }

        Room(String roomId, int partition) {
            this.roomId = roomId;
            this.topic = Topics.roomAudio(roomId);
            this.partition = partition;
        }
    }

    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Map<String, Room> rooms = new HashMap<>();
    private final Scratch scratch = new Scratch();
    private final RelayConfig config;
    private final LadderSettings ladder;
    private final Producer<String, byte[]> producer;
    private final RoomTopicResolver resolver;
    private final RoomConfigs roomConfigs;
    private final RelayMetrics metrics;
    private volatile boolean running = true;
    private long lastSweepMs;
    /** Rooms of this worker whose change of sender waits (so the sweep looks only when one does). */
    private int waitingHandovers;

    RoomWorker(RelayConfig config, LadderSettings ladder, Producer<String, byte[]> producer,
               RoomTopicResolver resolver, RoomConfigs roomConfigs, RelayMetrics metrics) {
        this.config = config;
        this.ladder = ladder;
        this.producer = producer;
        this.resolver = resolver;
        this.roomConfigs = roomConfigs;
        this.metrics = metrics;
    }

    void submit(ConsumerRecord<String, byte[]> record) {
        queue.add(new Ingest(record));
    }

    /** The partitions were revoked or lost: forget their rooms. */
    void drop(Set<Integer> partitions) {
        queue.add(new Drop(partitions));
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            Task task;
            try {
                task = queue.poll(waitingHandovers > 0 ? 10 : 250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            try {
                if (task instanceof Ingest i) {
                    ingest(i.record());
                } else if (task instanceof Resolved r) {
                    resolved(r.room(), r.resolution());
                } else if (task instanceof Drop d) {
                    dropPartitions(d.partitions());
                }
                sweep();
            } catch (RuntimeException e) {
                LOG.error("relay worker error", e);
            }
        }
    }

    private void ingest(ConsumerRecord<String, byte[]> rec) {
        String roomId = rec.key();
        if (roomId == null || !RoomIds.isValid(roomId)) {
            metrics.refused(ErrorCode.INVALID_ROOM_ID);
            return;
        }
        boolean demand = rec.headers().lastHeader(TierDemand.HEADER) != null;
        int mask = demand ? TierDemand.decode(rec.value()) : 0;
        if (mask < 0) {
            metrics.badDemands.increment();
            return;
        }
        if (!demand) {
            metrics.framesIn.increment();
            metrics.ingestHop.record(Math.max(0, System.currentTimeMillis() - rec.timestamp()), TimeUnit.MILLISECONDS);
        }
        Room room = rooms.get(roomId);
        if (room == null) {
            room = new Room(roomId, rec.partition());
            rooms.put(roomId, room);
            metrics.rooms.incrementAndGet();
            lookUp(room);
        }
        room.lastFrameMs = System.currentTimeMillis();
        if (demand) {
            metrics.demands.increment();
            for (int id = 0; id < room.wantedUntilMs.length; id++) {
                if ((mask & (1 << id)) != 0) {
                    room.wantedUntilMs[id] = room.lastFrameMs + TierDemand.FRESH_MS;
                }
            }
            return;
        }
        if (room.topicGone) {
            room.topicGone = false;
            room.state = TopicState.MISSING;
            room.retryAtMs = room.lastFrameMs + config.topicRetryMs();
        }
        switch (room.state) {
            case RESOLVING -> {
                if (room.pending.size() >= MAX_PENDING) {
                    room.pending.poll();
                    metrics.droppedBacklog.increment();
                }
                room.pending.add(rec);
            }
            case MISSING -> {
                metrics.droppedNoTopic.increment();
                if (room.lastFrameMs >= room.retryAtMs) {
                    room.state = TopicState.RESOLVING;
                    room.pending.add(rec);
                    lookUp(room);
                }
            }
            case READY -> process(room, rec);
        }
    }

    private void lookUp(Room room) {
        resolver.resolve(room.roomId, res -> queue.add(new Resolved(room, res)));
    }

    private void resolved(Room room, RoomTopicResolver.Resolution res) {
        if (rooms.get(room.roomId) != room) {
            return; // dropped meanwhile
        }
        if (res.failed()) {
            lookUp(room); // frames stay pending (bounded) while the resolver retries
            return;
        }
        if (!res.exists()) {
            room.state = TopicState.MISSING;
            room.retryAtMs = System.currentTimeMillis() + config.topicRetryMs();
            metrics.droppedNoTopic.increment(room.pending.size());
            room.pending.clear();
            LOG.debugf("room %s has no audio topic: dropping its frames", room.roomId);
            return;
        }
        if (room.pipeline == null) {
            room.pipeline = new RoomPipeline(ladder, scratch, res.firstSequence());
        }
        room.state = TopicState.READY;
        ConsumerRecord<String, byte[]> rec;
        while ((rec = room.pending.poll()) != null) {
            process(room, rec);
        }
    }

    /**
     * A room's frames in the order its audio was captured across a change of sender (the aux passed):
     * the two browsers' last and first frames reach the ingest topic in any order, and a frame whose
     * capture time goes back would be dropped by the gateways (a hole at the cut). So the new sender's
     * frames wait until the old sender's audio reaches the first of them, at most
     * {@link Handover#WAIT_MS}; one sender's frames are never reordered.
     */
    private void process(Room room, ConsumerRecord<String, byte[]> rec) {
        byte[] sender = senderOf(rec);
        Handover h = room.handover;
        if (h.waiting()) {
            if (Arrays.equals(sender, h.sender)) {
                h.hold(rec);
                if (h.full() || System.currentTimeMillis() >= h.untilMs) {
                    flushHandover(room);
                }
                return;
            }
            if (!Arrays.equals(sender, room.sender)) {
                flushHandover(room); // a third sender: no more waiting
            } else {
                processNow(room, rec, sender);
                if (room.endUs >= h.firstUs - Limits.AUX_CUT_SLACK_US) {
                    flushHandover(room);
                }
                return;
            }
        }
        byte[] frame = rec.value();
        if (sender != null && room.sender != null && !Arrays.equals(sender, room.sender)
                && frame != null && frame.length >= AudioFrames.HEADER_BYTES
                && room.endUs < AudioFrames.captureTimeUs(frame) - Limits.AUX_CUT_SLACK_US) {
            h.start(sender, AudioFrames.captureTimeUs(frame), System.currentTimeMillis());
            waitingHandovers++;
            h.hold(rec);
            metrics.handoverWaits.increment();
            return;
        }
        processNow(room, rec, sender);
    }

    private void flushHandover(Room room) {
        for (ConsumerRecord<String, byte[]> held : room.handover.release()) {
            processNow(room, held, senderOf(held));
        }
    }

    private static byte[] senderOf(ConsumerRecord<String, byte[]> rec) {
        var header = rec.headers().lastHeader("host");
        return header == null ? null : header.value();
    }

    private void processNow(Room room, ConsumerRecord<String, byte[]> rec, byte[] sender) {
        byte[] frame = rec.value();
        long nowUs = ServerClock.nowUs();
        if (frame != null && frame.length >= AudioFrames.HEADER_BYTES
                && nowUs - AudioFrames.captureTimeUs(frame) > config.staleAfterMs() * 1000L) {
            metrics.droppedStale.increment();
            return;
        }
        AudioConfig ac = roomConfigs == null ? null : roomConfigs.get(room.roomId);
        Codec expected = ac == null ? null : ac.codec();
        int bitrate = ac == null ? 0 : ac.bitrate();
        noteSender(room, sender);
        room.pipeline.reencode(config.tiersOnDemand() ? room.wanted(System.currentTimeMillis()) : TierDemand.REENCODED);
        long t0 = System.nanoTime();
        long repeatsBefore = room.pipeline.repeats();
        long undecodedBefore = room.pipeline.undecoded();
        Refusal refusal = frame == null
                ? new Refusal(ErrorCode.BAD_FRAME, "empty frame")
                : room.pipeline.process(frame, expected, bitrate, nowUs, (tier, seq, captureUs, bytes) -> send(room, tier, captureUs, bytes));
        metrics.transcodeNanos(System.nanoTime() - t0);
        if (refusal != null) {
            refuse(room, rec, refusal);
        } else if (room.pipeline.repeats() != repeatsBefore) {
            metrics.droppedRepeat.increment();
        } else {
            metrics.packetsIn.increment(AudioFrames.packetCount(frame));
            metrics.packetsUndecoded.increment(room.pipeline.undecoded() - undecodedBefore);
            room.endUs = Math.max(room.endUs, AudioFrames.captureTimeUs(frame)
                    + AudioFrames.packetCount(frame) * (long) Limits.PACKET_DURATION_US);
        }
        SignalState signal = room.pipeline.signal().state();
        if (signal != null && signal != room.signal) {
            room.signal = signal;
            sendEvent(RoomEvent.toRoom(room.roomId, new ServerMessage.BroadcastSignal(room.roomId, signal,
                    room.pipeline.signal().sinceUs())));
        }
        IngestStats stats = room.pipeline.stats();
        if (stats.due(nowUs, config.statsIntervalMs() * 1000L)) {
            IngestStats.Snapshot s = stats.take(nowUs);
            sendEvent(RoomEvent.toRoom(room.roomId, new ServerMessage.BroadcastStats(room.roomId, s.bitrateKbps(),
                    s.latencyMs(), 0, 0, Tier.HIGH, s.loss(), s.jitterMs(), room.pipeline.signal().state())));
        }
    }

    /** Another participant broadcasts now (the aux was passed): see {@link RoomPipeline#newSender()}. */
    private static void noteSender(Room room, byte[] sender) {
        if (sender != null && !Arrays.equals(sender, room.sender)) {
            if (room.sender != null) {
                room.pipeline.newSender();
            }
            room.sender = sender;
        }
    }

    private void send(Room room, Tier tier, long captureUs, byte[] bytes) {
        producer.send(new ProducerRecord<>(room.topic, 0, captureUs / 1000, null, bytes), (md, e) -> {
            if (e == null) {
                metrics.packetsOut.increment();
            } else {
                metrics.sendFailed.increment();
                // a slow broker is no reason to stop: only a topic that is gone is
                if (e instanceof UnknownTopicOrPartitionException
                        || (e instanceof TimeoutException && String.valueOf(e.getMessage()).contains("not present in metadata"))) {
                    room.topicGone = true;
                }
            }
        });
    }

    private void refuse(Room room, ConsumerRecord<String, byte[]> rec, Refusal refusal) {
        metrics.refused(refusal.code());
        long now = System.currentTimeMillis();
        if (now - room.lastErrorMs < config.errorIntervalMs()) {
            return;
        }
        var hostHeader = rec.headers().lastHeader("host");
        if (hostHeader == null || hostHeader.value() == null) {
            return;
        }
        room.lastErrorMs = now;
        String host = new String(hostHeader.value(), StandardCharsets.UTF_8);
        sendEvent(RoomEvent.toUser(room.roomId, host,
                new ServerMessage.BroadcastError(room.roomId, refusal.code(), refusal.message())));
    }

    private void sendEvent(RoomEvent event) {
        producer.send(new ProducerRecord<>(Topics.ROOM_EVENTS, event.roomId(),
                BusJson.encode(event).getBytes(StandardCharsets.UTF_8)), (md, e) -> {
            if (e == null) {
                metrics.eventsSent.increment();
            }
        });
    }

    private void dropPartitions(Set<Integer> partitions) {
        rooms.values().removeIf(r -> {
            boolean drop = partitions.contains(r.partition);
            if (drop) {
                metrics.rooms.decrementAndGet();
            }
            return drop;
        });
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        if (waitingHandovers > 0) {
            int still = 0;
            for (Room r : rooms.values()) {
                if (r.handover.waiting() && now >= r.handover.untilMs) {
                    flushHandover(r); // the new sender went quiet while it waited
                } else if (r.handover.waiting()) {
                    still++;
                }
            }
            waitingHandovers = still;
        }
        if (now - lastSweepMs < 1000) {
            return;
        }
        lastSweepMs = now;
        for (Iterator<Room> it = rooms.values().iterator(); it.hasNext(); ) {
            Room r = it.next();
            if (now - r.lastFrameMs > config.idleEvictMs()) {
                it.remove();
                metrics.rooms.decrementAndGet();
            }
        }
    }
}
