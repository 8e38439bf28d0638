package dev.roomcast.gateway.audio;

import dev.roomcast.gateway.config.GatewayIdentity;
import dev.roomcast.gateway.kafka.GatewayKafka;
import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.gateway.session.RoomPresence;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.bus.TierDemand;
import dev.roomcast.protocol.frame.AudioFrames;
import dev.roomcast.protocol.frame.FrameBatcher;
import dev.roomcast.protocol.message.ServerMessage;
import io.netty.buffer.Unpooled;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * The fan-out: ONE Kafka consumer per gateway node, on its own thread, assigned the
 * {@code room.<id>.audio} partition of every room that has at least one listener on this node
 * (and of no other room). A room newly assigned is read from now − D − margin, so its first
 * listeners get the recent past at once; a listener joining a room already read gets the ring's
 * recent packets at once. Each batch is encoded once and written to every listener of its tier;
 * a listener's bytes in flight are bounded ({@link TierLadder}). Everything that changes the
 * lanes runs on the consumer thread: other threads only queue commands.
 */
@ApplicationScoped
public class RoomAudioReader {
    private static final Logger LOG = Logger.getLogger(RoomAudioReader.class);
    /** A late joiner's replay is packed into frames of up to 1 s. */
    private static final int REPLAY_PACKETS = Limits.MAX_PACKETS_PER_FRAME;
    /** A batch whose audio is older than its batch length plus this is catch-up, not live. */
    private static final int CATCH_UP_SLACK_MS = 250;
    /** Batches later than D + this are shed (see fanOut). */
    private static final int SHED_AFTER_MS = 2000;

    /** How often the reader looks at tier demands and waiting moves. */
    private static final long DEMAND_TICK_NS = 100_000_000L;
    /** A forced demand (a move waits, a lane stalled) is not repeated sooner than this. */
    private static final long DEMAND_AGAIN_NS = 200_000_000L;

    private final GatewayKafka kafka;
    private final AudioIngress ingress;
    private final GatewayIdentity gateway;
    private final FanoutConfig config;
    private final FanoutMetrics metrics;
    private final Map<Session, Listener> listeners = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();

    // consumer thread only
    private final Map<String, RoomFeed> feeds = new HashMap<>();
    /** The hot path's writes: each batch's frame encoded once, written per event loop. */
    private final EncodedFanout encoded = new EncodedFanout();
    private final Map<String, RoomFeed> feedsByTopic = new HashMap<>();
    private final List<TopicPartition> toSeek = new ArrayList<>();
    private final List<Listener> moves = new ArrayList<>();
    private final FrameBatcher[] replayScratch = new FrameBatcher[Tier.values().length];
    private boolean assignmentChanged;
    private long lastDemandTickNs;
    /** Per feed and tier: last room sequence and capture time passed on (reader thread only). */
    private final Map<RoomFeed, long[]> lastPassed = new java.util.IdentityHashMap<>();

    private volatile Set<String> assignedRooms = Set.of();
    private volatile boolean running;
    private Thread thread;

    public RoomAudioReader(GatewayKafka kafka, AudioIngress ingress, GatewayIdentity gateway, FanoutConfig config,
                           FanoutMetrics metrics) {
        this.kafka = kafka;
        this.ingress = ingress;
        this.gateway = gateway;
        this.config = config;
        this.metrics = metrics;
        for (Tier t : Tier.values()) {
            replayScratch[t.id()] = new FrameBatcher(t);
        }
    }

    void start(@Observes StartupEvent ev) {
        running = true;
        thread = new Thread(this::run, "room-audio");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Rooms whose audio topic this node reads right now. */
    public Set<String> assignedRooms() {
        return assignedRooms;
    }

    /** This node's listeners (any thread; for stats and health). */
    Collection<Listener> listeners() {
        return listeners.values();
    }

    Listener listener(Session s) {
        return listeners.get(s);
    }

    // ---- from other threads: queue a command ----

    void onPresence(@Observes RoomPresence p) {
        Session s = p.session();
        if (p.entered()) {
            if (s.isHost()) {
                return;
            }
            TierLadder ladder = new TierLadder(config.maxInFlightBytes(), config.downgradeInFlightBytes(),
                    config.tierCooldown().toNanos(), config.upgradeAfter().toNanos(), System.nanoTime());
            Listener l = new Listener(s, p.room(), p.room().roomId(), ladder, config.directWrites());
            Listener previous = listeners.put(s, l);
            RoomLocal room = p.room();
            commands.add(() -> {
                if (previous != null) {
                    removeListener(previous);
                }
                addListener(l, room);
            });
        } else {
            Listener l = listeners.remove(s);
            if (l != null) {
                commands.add(() -> removeListener(l));
            }
        }
    }

    /** A guest's quality:request: a fixed tier, or null for automatic. */
    boolean requestQuality(Session s, Tier fixed) {
        Listener l = listeners.get(s);
        if (l == null) {
            return false;
        }
        commands.add(() -> {
            RoomFeed feed = feeds.get(l.roomId);
            if (feed == null || feed.listeners.get(l.session) != l) {
                return;
            }
            l.ladder.request(fixed, System.nanoTime());
            moveIfNeeded(feed, l);
        });
        return true;
    }

    // ---- the consumer thread ----

    private void run() {
        KafkaConsumer<String, byte[]> consumer = null;
        while (running) {
            try {
                if (consumer == null) {
                    consumer = kafka.consumer(new ByteArrayDeserializer(), "gateway-audio-" + gateway.id(),
                            (int) config.fetchMaxWait().toMillis());
                }
                loop(consumer);
            } catch (RuntimeException e) {
                LOG.warnf("room audio reader: %s", e.toString());
            } catch (InterruptedException e) {
                break;
            }
        }
        if (consumer != null) {
            try {
                consumer.close(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.debugf("closing the room audio consumer: %s", e);
            }
        }
    }

    private void loop(KafkaConsumer<String, byte[]> c) throws InterruptedException {
        while (running) {
            if (feeds.isEmpty()) {
                Runnable cmd = commands.poll(50, TimeUnit.MILLISECONDS);
                if (cmd != null) {
                    cmd.run();
                }
            }
            Runnable cmd;
            while ((cmd = commands.poll()) != null) {
                try {
                    cmd.run();
                } catch (RuntimeException e) {
                    LOG.warnf("room audio command failed: %s", e.toString());
                }
            }
            if (assignmentChanged) {
                reassign(c);
            }
            if (feeds.isEmpty()) {
                continue;
            }
            var records = c.poll(config.pollTimeout());
            long now = System.nanoTime();
            for (ConsumerRecord<String, byte[]> r : records) {
                RoomFeed feed = feedsByTopic.get(r.topic());
                if (feed != null && r.value() != null) {
                    onRecord(feed, r.value(), now);
                }
            }
            now = System.nanoTime();
            for (RoomFeed feed : feeds.values()) {
                int batchMs = feed.batchMs();
                for (TierLane lane : feed.lanes) {
                    lane.onTick(batchMs, now);
                }
            }
            if (now - lastDemandTickNs >= DEMAND_TICK_NS) {
                lastDemandTickNs = now;
                for (RoomFeed feed : feeds.values()) {
                    tierDemand(feed, now);
                }
            }
        }
    }

    /**
     * The relay makes {@code medium} and {@code low} only while a gateway wants them
     * ({@link TierDemand}). Per room: moves that wait for their tier go once it keeps pace with high;
     * the tiers this node's listeners are on (or wait for) are demanded again every
     * {@link TierDemand#REFRESH_MS}, at once when that set grows, and at once when a lane with
     * listeners stops keeping pace (a relay that took the room over does not know the demand yet).
     */
    private void tierDemand(RoomFeed feed, long now) {
        boolean playing = feed.playing(now);
        for (int i = feed.waiting.size() - 1; i >= 0; i--) {
            Listener l = feed.waiting.get(i);
            if (feed.listeners.get(l.session) != l || l.lane.tier() == l.ladder.tier()) {
                feed.waiting.remove(i);
            } else if (!playing || feed.keepsPace(l.ladder.tier())) {
                feed.waiting.remove(i);
                moveIfNeeded(feed, l);
            }
        }
        int mask = 0;
        boolean stalled = false;
        for (TierLane lane : feed.lanes) {
            Tier t = lane.tier();
            if (t != Tier.HIGH && !lane.listeners.isEmpty()) {
                mask |= TierDemand.bit(t);
                stalled |= playing && !feed.keepsPace(t);
            }
        }
        for (Listener l : feed.waiting) {
            mask |= TierDemand.bit(l.ladder.tier());
        }
        mask &= TierDemand.REENCODED;
        if (mask == 0) {
            feed.demanded = 0; // not repeated: the relay's copy lapses
            return;
        }
        long since = now - feed.demandedAtNs;
        boolean grew = (mask & ~feed.demanded) != 0;
        boolean waitingOrStalled = stalled || !feed.waiting.isEmpty();
        if (grew || since >= TierDemand.REFRESH_MS * 1_000_000L || (waitingOrStalled && since >= DEMAND_AGAIN_NS)) {
            if (ingress.demand(feed.roomId, mask)) {
                feed.demanded = mask;
                feed.demandedAtNs = now;
            }
        }
    }

    private void reassign(KafkaConsumer<String, byte[]> c) {
        assignmentChanged = false;
        List<TopicPartition> parts = new ArrayList<>(feeds.size());
        for (RoomFeed f : feeds.values()) {
            parts.add(f.partition);
        }
        c.assign(parts);
        assignedRooms = Set.copyOf(feeds.keySet());
        metrics.rooms.set(feeds.size());
        if (toSeek.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> targets = new HashMap<>();
        long nowMs = ServerClock.nowUs() / 1000;
        for (TopicPartition tp : toSeek) {
            RoomFeed f = feedsByTopic.get(tp.topic());
            if (f != null) {
                targets.put(tp, nowMs - f.playoutDelayMs() - config.seekMargin().toMillis());
            }
        }
        toSeek.clear();
        Map<TopicPartition, OffsetAndTimestamp> found = Map.of();
        try {
            found = c.offsetsForTimes(targets, Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            LOG.debugf("cannot look up recent audio offsets: %s", e.toString());
        }
        List<TopicPartition> toEnd = new ArrayList<>();
        for (TopicPartition tp : targets.keySet()) {
            OffsetAndTimestamp at = found.get(tp);
            if (at != null) {
                c.seek(tp, at.offset());
            } else {
                toEnd.add(tp);
            }
        }
        if (!toEnd.isEmpty()) {
            c.seekToEnd(toEnd);
        }
    }

    private void addListener(Listener l, RoomLocal room) {
        if (!l.isOpen() || listeners.get(l.session) != l) {
            return;
        }
        RoomFeed feed = feeds.get(l.roomId);
        boolean fresh = feed == null;
        if (fresh) {
            feed = new RoomFeed(room, this::fanOut);
            feeds.put(l.roomId, feed);
            feedsByTopic.put(feed.partition.topic(), feed);
            toSeek.add(feed.partition);
            assignmentChanged = true;
        } else {
            feed.room = room;
        }
        feed.listeners.put(l.session, l);
        TierLane lane = feed.lane(l.ladder.tier());
        lane.listeners.add(l);
        l.lane = lane;
        l.tier = lane.tier();
        metrics.listenersPerTier[lane.tier().id()].incrementAndGet();
        // the tier it starts on (docs/PROTOCOL.md §2), before its first audio
        l.session.send(new ServerMessage.QualityChanged(lane.tier(), l.ladder.auto(), "joined"));
        if (!fresh) {
            for (byte[] frame : lane.replay(replayScratch[lane.tier().id()], REPLAY_PACKETS)) {
                write(l, frame);
            }
        }
    }

    private void removeListener(Listener l) {
        RoomFeed feed = feeds.get(l.roomId);
        if (feed == null || feed.listeners.get(l.session) != l) {
            return;
        }
        feed.listeners.remove(l.session);
        feed.waiting.remove(l);
        if (l.lane != null && l.lane.listeners.remove(l)) {
            metrics.listenersPerTier[l.lane.tier().id()].decrementAndGet();
        }
        if (feed.listeners.isEmpty()) {
            lastPassed.remove(feed);
            feeds.remove(l.roomId);
            feedsByTopic.remove(feed.partition.topic());
            toSeek.remove(feed.partition);
            assignmentChanged = true;
        }
    }

    private void onRecord(RoomFeed feed, byte[] v, long now) {
        metrics.records.increment();
        try {
            AudioFrames.validate(v, v.length);
        } catch (ProtocolException e) {
            metrics.badRecords.increment();
            return;
        }
        if (AudioFrames.packetCount(v) != 1) {
            metrics.badRecords.increment();
            return;
        }
        int tier = AudioFrames.tierId(v);
        if (!advances(feed, tier, AudioFrames.sequence(v), AudioFrames.captureTimeUs(v))) {
            return;
        }
        long windowUs = (feed.playoutDelayMs() + config.ringExtra().toMillis()) * 1000L;
        feed.lanes[tier].onPacket(v, feed.batchMs(), windowUs, now);
    }

    /**
     * Guests get each tier's packets with the room sequence strictly increasing and the capture
     * time never going back. A relay hand-over can break that in the topic: the relay that takes a room over
     * (stop or crash of the other, a rebalance) re-reads the ingest records since the last
     * committed offset (up to the auto-commit interval, 1 s) and a relay that is stopping may still
     * write its last packets after the new one read the topic's end for its first sequence. Both
     * put packets in the room topic that repeat a sequence or a capture time already sent; they are
     * dropped here (found by the fault test RelayFailoverIT: "room sequence 1585 after 1585").
     * Sequences compare modulo 2^32 (they wrap).
     */
    private boolean advances(RoomFeed feed, int tier, long sequence, long captureUs) {
        long[] last = lastPassed.computeIfAbsent(feed, f -> new long[] {-1, 0, -1, 0, -1, 0});
        int i = tier * 2;
        if (last[i] >= 0) {
            long ahead = (sequence - last[i]) & 0xffffffffL;
            if (ahead == 0 || ahead >= 0x80000000L || captureUs < last[i + 1]) {
                return false;
            }
        }
        last[i] = sequence;
        last[i + 1] = captureUs;
        return true;
    }

    /** A closed batch: wrapped once (no copy) and written to every listener of the lane. */
    private void fanOut(TierLane lane, byte[] frame, int packets, long now) {
        metrics.batches.increment();
        if (lane.listeners.isEmpty()) {
            return;
        }
        Buffer buf = Buffer.buffer(Unpooled.wrappedBuffer(frame));
        int bytes = frame.length;
        int sent = 0;
        long lastCaptureUs = AudioFrames.captureTimeUs(frame) + (packets - 1) * Limits.PACKET_DURATION_US;
        RoomFeed room = feeds.get(lane.listeners.get(0).roomId);
        boolean old = ServerClock.nowUs() - lastCaptureUs > (room.batchMs() + CATCH_UP_SLACK_MS) * 1000L;
        if (!old) {
            room.catchingUp = false;
            room.room.setSendLagMs((int) ((ServerClock.nowUs() - lastCaptureUs) / 1000));
        } else if (room.catchingUp) {
            // the recent past of a room just sought: everyone gets once what can still be played.
            // A node that falls behind later (CPU starved) must not write without bound: its old
            // batches take the path below.
            byte[] playable = playable(frame, packets, room.playoutDelayMs());
            if (playable == null) {
                metrics.pastPlayout.increment(); // all of it past play-out: counted like a shed batch
                return;
            }
            Buffer out = playable == frame ? buf : Buffer.buffer(Unpooled.wrappedBuffer(playable));
            for (int i = 0, n = lane.listeners.size(); i < n; i++) {
                Listener l = lane.listeners.get(i);
                if (l.isOpen()) {
                    l.write(out, playable.length, false);
                    sent++;
                }
            }
            metrics.writes.increment(sent);
            metrics.bytes.increment((double) sent * playable.length);
            return;
        }
        if (old && ServerClock.nowUs() - lastCaptureUs > (room.playoutDelayMs() + SHED_AFTER_MS) * 1000L) {
            // this node is more than D + 2 s behind: not a hiccup (guests ride those out by playing
            // late) but a node that cannot keep up. Writing such a batch costs CPU and memory for
            // audio no guest can play in time; shedding it is how the node catches up instead of
            // spiralling.
            metrics.pastPlayout.increment();
            return;
        }
        encoded.begin(frame);
        try {
            for (int i = 0, n = lane.listeners.size(); i < n; i++) {
                Listener l = lane.listeners.get(i);
                if (!l.isOpen()) {
                    continue;
                }
                Tier before = l.ladder.tier();
                int inFlight = l.liveInFlightBytes();
                if (l.ladder.onFrame(inFlight, bytes, l.takeBehind(), now) == TierLadder.Step.SEND) {
                    if (l.raw()) {
                        encoded.add(l);
                        if (inFlight + bytes > l.maxInFlight) {
                            l.maxInFlight = inFlight + bytes;
                        }
                    } else {
                        l.write(buf, bytes, true);
                    }
                    sent++;
                    l.skipping = false;
                } else {
                    if (!l.skipping) {
                        l.skipping = true;
                        metrics.overflows.increment();
                    }
                    l.skippedBatches++;
                    metrics.skipped.increment();
                }
                if (l.ladder.tier() != before) {
                    moves.add(l);
                }
            }
        } finally {
            encoded.flush(); // always: each listener added counts its bytes as queued until the loop writes them
        }
        metrics.writes.increment(sent);
        metrics.bytes.increment((double) sent * bytes);
        if (!moves.isEmpty()) {
            RoomFeed feed = feeds.get(moves.get(0).roomId);
            for (Listener l : moves) {
                moveIfNeeded(feed, l);
            }
            moves.clear();
        }
    }

    /**
     * The part of a catch-up batch a guest can still play (docs/PROTOCOL.md §7): its packets from
     * the one that holds now − D on, as the ring replay of a joiner does. The seek goes D + a margin
     * back (the ring must hold D for later joiners); without this a first listener got ~0.5 s of
     * packets already past their play-out time, which a client that plays late packets late would
     * start behind with. Null if nothing in it can still be played.
     */
    static byte[] playable(byte[] frame, int packets, int playoutDelayMs) {
        long fromUs = ServerClock.nowUs() - playoutDelayMs * 1000L - Limits.PACKET_DURATION_US;
        long firstUs = AudioFrames.captureTimeUs(frame);
        if (firstUs + (packets - 1) * Limits.PACKET_DURATION_US < fromUs) {
            return null;
        }
        if (firstUs >= fromUs) {
            return frame;
        }
        int skip = (int) ((fromUs - firstUs + Limits.PACKET_DURATION_US - 1) / Limits.PACKET_DURATION_US);
        return AudioFrames.tail(frame, Math.min(skip, packets - 1));
    }

    /**
     * Puts the listener on the tier its ladder wants, and tells it — unless that tier is not being
     * made yet while the room plays: then it keeps what it hears, the tier is demanded of the relay,
     * and {@link #tierDemand} moves it once the tier keeps pace (a tenth of a second or so).
     */
    private void moveIfNeeded(RoomFeed feed, Listener l) {
        Tier to = l.ladder.tier();
        if (l.lane != null && l.lane.tier() != to) {
            long now = System.nanoTime();
            if (feed.playing(now) && !feed.keepsPace(to)) {
                if (!feed.waiting.contains(l)) {
                    feed.waiting.add(l);
                    metrics.movesWaited.increment();
                }
                tierDemand(feed, now);
                return;
            }
            if (l.lane.listeners.remove(l)) {
                metrics.listenersPerTier[l.lane.tier().id()].decrementAndGet();
            }
            TierLane lane = feed.lane(to);
            lane.listeners.add(l);
            metrics.listenersPerTier[to.id()].incrementAndGet();
            (to.id() > l.lane.tier().id() ? metrics.downgrades : metrics.upgrades).increment();
            LOG.debugf("room %s, listener %s: %s → %s (%s)", l.roomId, l.session.userId(), l.lane.tier().wire(), to.wire(),
                    l.ladder.reason());
            l.lane = lane;
        }
        l.tier = to;
        l.session.send(new ServerMessage.QualityChanged(to, l.ladder.auto(), l.ladder.reason()));
    }

    private void write(Listener l, byte[] frame) {
        l.write(Buffer.buffer(Unpooled.wrappedBuffer(frame)), frame.length, false);
        metrics.writes.increment();
        metrics.bytes.increment(frame.length);
    }

    /** For tests: a snapshot of one listener's fan-out state, or null. */
    ListenerState state(Session s) {
        Listener l = listeners.get(s);
        return l == null ? null : new ListenerState(l.tier, l.sentBatches, l.skippedBatches, l.inFlightBytes(), l.maxInFlight,
                l.directWrites, l.partialWrites);
    }

    record ListenerState(Tier tier, long sentBatches, long skippedBatches, int inFlight, int maxInFlight,
                         long directWrites, long partialWrites) {}
}
