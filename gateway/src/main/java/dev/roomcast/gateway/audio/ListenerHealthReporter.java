package dev.roomcast.gateway.audio;

import dev.roomcast.gateway.kafka.GatewayKafka;
import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.gateway.session.SessionRegistry;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.ClientMessage;
import dev.roomcast.protocol.message.ListenerHealth;
import dev.roomcast.protocol.message.ServerMessage;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Every health interval, per room with listeners on this node: sets the room's buffer level (the
 * median of its guests' recent reports, which this node puts into {@code broadcast:stats}) and
 * sends the room's host a {@code listeners:health} with this node's listeners, as a room event
 * through Kafka so the host gets it whichever gateway it is on. One small record per room per
 * node per interval, naming at most {@link #MAX_LISTED} listeners, the least healthy first. Runs on
 * its own thread: a first send may wait for topic metadata.
 */
@ApplicationScoped
public class ListenerHealthReporter {
    private static final Logger LOG = Logger.getLogger(ListenerHealthReporter.class);
    /** Reports older than this no longer count. */
    private static final long FRESH_MS = 10_000;
    /**
     * Most listeners one {@code listeners:health} names. Every listener of a node in it would make
     * a record of ~150 bytes per listener every 2 s (600 KB at 4,000; past the 1 MB Kafka record
     * limit at ~7,000, where the host got no health at all) and a host grid no one can read; the
     * host wants the ones in trouble, and sees how many listen from the room's count.
     */
    static final int MAX_LISTED = 200;
    /** Least healthy first: late, then silent (no fresh report), then most underruns, then least buffer. */
    static final Comparator<ListenerHealth> LEAST_HEALTHY = Comparator
            .comparing((ListenerHealth h) -> !h.late())
            .thenComparing(h -> h.updatedAt() != 0)
            .thenComparing(ListenerHealth::underruns, Comparator.reverseOrder())
            .thenComparingInt(ListenerHealth::bufferMs);

    private final RoomAudioReader reader;
    private final SessionRegistry registry;
    private final GatewayKafka kafka;
    private final FanoutConfig config;
    private ScheduledExecutorService timer;

    public ListenerHealthReporter(RoomAudioReader reader, SessionRegistry registry, GatewayKafka kafka, FanoutConfig config) {
        this.reader = reader;
        this.registry = registry;
        this.kafka = kafka;
        this.config = config;
    }

    void start(@Observes StartupEvent ev) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "listener-health");
            t.setDaemon(true);
            return t;
        });
        long ms = config.healthInterval().toMillis();
        timer.scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void tick() {
        try {
            long now = System.currentTimeMillis();
            Map<String, List<Listener>> byRoom = new HashMap<>();
            for (Listener l : reader.listeners()) {
                byRoom.computeIfAbsent(l.roomId, k -> new ArrayList<>()).add(l);
            }
            for (var e : byRoom.entrySet()) {
                RoomLocal room = registry.room(e.getKey());
                if (room == null) {
                    continue;
                }
                room.setBufferLevelMs(medianBuffer(e.getValue(), now));
                if (room.isLive() && room.hostId() != null) {
                    sendHealth(room, e.getValue(), now);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("listener health: %s", e.toString());
        }
    }

    /** The median buffer of the fresh reports, or -1 if none. */
    static int medianBuffer(List<Listener> listeners, long nowMs) {
        int[] v = new int[listeners.size()];
        int n = 0;
        for (Listener l : listeners) {
            ClientMessage.StatsReport r = l.report;
            if (r != null && nowMs - l.reportedAt <= FRESH_MS) {
                v[n++] = r.bufferMs();
            }
        }
        if (n == 0) {
            return -1;
        }
        Arrays.sort(v, 0, n);
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The {@code max} least healthy of {@code all} ({@link #LEAST_HEALTHY}); all of them if there are no more. */
    static List<ListenerHealth> leastHealthy(List<ListenerHealth> all, int max) {
        if (all.size() <= max) {
            return all;
        }
        List<ListenerHealth> sorted = new ArrayList<>(all);
        sorted.sort(LEAST_HEALTHY);
        return sorted.subList(0, max);
    }

    private void sendHealth(RoomLocal room, List<Listener> listeners, long now) {
        List<ListenerHealth> list = new ArrayList<>(listeners.size());
        for (Listener l : listeners) {
            ClientMessage.StatsReport r = l.report;
            if (r == null) {
                list.add(new ListenerHealth(l.session.userId(), l.session.username(), l.tier, 0, 0, 0, 0, false, 0));
            } else {
                list.add(new ListenerHealth(l.session.userId(), l.session.username(), l.tier, r.bufferMs(), r.latencyMs(),
                        r.syncErrorMs(), r.underruns(), r.late(), l.reportedAt, r.syncUncertaintyMs(), r.latencyKnown()));
            }
        }
        RoomEvent event = RoomEvent.toUser(room.roomId(), room.hostId(),
                new ServerMessage.ListenersHealth(room.roomId(), leastHealthy(list, MAX_LISTED)));
        kafka.reliableProducer().send(new ProducerRecord<>(Topics.ROOM_EVENTS, room.roomId(), BusJson.encode(event)),
                (md, e) -> {
                    if (e != null) {
                        LOG.debugf("listeners:health for %s not sent: %s", room.roomId(), e.toString());
                    }
                });
    }
}
