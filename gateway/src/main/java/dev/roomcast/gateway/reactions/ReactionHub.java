package dev.roomcast.gateway.reactions;

import dev.roomcast.gateway.config.GatewayIdentity;
import dev.roomcast.gateway.kafka.GatewayKafka;
import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.gateway.session.SessionRegistry;
import dev.roomcast.gateway.session.WsFrames;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.ProtocolJson;
import dev.roomcast.protocol.message.ServerMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Reactions on the beat, coalesced: every {@link Limits#REACTION_WINDOW_MS} (200 ms) each room with
 * reactions gets ONE {@code reactions:update}, encoded once into one WebSocket frame whose bytes every
 * socket of the room here gets (a duplicate per socket, one task per event loop), however many
 * reactions came in: at most 5 messages a second per socket. The same window's reactions from this
 * gateway's own sockets go to the other gateways as one room event (at most 5 Kafka records a second
 * per room and gateway, not one per reaction); theirs come back the same way and are merged into the
 * next window here. Runs on its own thread, never on the audio fan-out's.
 */
@ApplicationScoped
public class ReactionHub {
    private static final Logger LOG = Logger.getLogger(ReactionHub.class);

    private final SessionRegistry registry;
    private final GatewayKafka kafka;
    private final GatewayIdentity gateway;
    private final Map<String, RoomReactions> rooms = new ConcurrentHashMap<>();
    private final Counter received;
    private final Counter updates;
    private final Counter published;
    private ScheduledExecutorService timer;

    public ReactionHub(SessionRegistry registry, GatewayKafka kafka, GatewayIdentity gateway, MeterRegistry metrics) {
        this.registry = registry;
        this.kafka = kafka;
        this.gateway = gateway;
        this.received = metrics.counter("roomcast.reactions.received");
        this.updates = metrics.counter("roomcast.reactions.updates.sent");
        this.published = metrics.counter("roomcast.reactions.windows.published");
        metrics.gauge("roomcast.reactions.dropped", rooms, r -> r.values().stream().mapToLong(RoomReactions::dropped).sum());
    }

    void start(@Observes StartupEvent ev) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reactions");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::flushSafely, Limits.REACTION_WINDOW_MS, Limits.REACTION_WINDOW_MS, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** A checked reaction from a socket of this gateway in {@code roomId}. */
    void local(String roomId, int emoji, long atUs) {
        received.increment();
        rooms.computeIfAbsent(roomId, k -> new RoomReactions()).local(emoji, atUs);
    }

    /** A room event carrying another gateway's window (this gateway's own come back too: skipped). */
    public void remote(RoomEvent event, ServerMessage.ReactionsUpdate update) {
        if (gateway.id().equals(event.fromGatewayId()) || registry.room(event.roomId()) == null) {
            return;
        }
        rooms.computeIfAbsent(event.roomId(), k -> new RoomReactions()).remote(update.counts());
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warnf("reactions window failed: %s", e.toString());
        }
    }

    /** One window: every room's update to its sockets here, and this gateway's own counts to the others. */
    void flush() {
        for (Map.Entry<String, RoomReactions> e : rooms.entrySet()) {
            String roomId = e.getKey();
            RoomReactions.Window w = e.getValue().drain();
            RoomLocal room = registry.room(roomId);
            if (room == null) {
                rooms.remove(roomId); // no sockets of the room here any more (a racing reaction is lost: harmless)
                continue;
            }
            if (w.shown() != null) {
                send(room, ProtocolJson.encode(new ServerMessage.ReactionsUpdate(roomId, w.shown())));
            }
            if (w.mine() != null) {
                publish(new RoomEvent(roomId, null, new ServerMessage.ReactionsUpdate(roomId, w.mine()), gateway.id()));
            }
        }
    }

    /** The same frame to every socket of the room here: one buffer, one task per event loop. */
    private void send(RoomLocal room, String json) {
        ByteBuf frame = WsFrames.encode(WsFrames.TEXT, json.getBytes(StandardCharsets.UTF_8));
        try {
            Map<EventLoop, List<Session>> byLoop = new IdentityHashMap<>();
            int sockets = 0;
            for (Session s : room.sessions()) {
                EventLoop loop = s.eventLoop();
                if (loop == null) {
                    s.sendJson(json);
                } else {
                    byLoop.computeIfAbsent(loop, k -> new ArrayList<>()).add(s);
                }
                sockets++;
            }
            updates.increment(sockets); // once per window, not once per listener
            for (Map.Entry<EventLoop, List<Session>> g : byLoop.entrySet()) {
                ByteBuf mine = frame.retain();
                List<Session> sessions = g.getValue();
                try {
                    g.getKey().execute(() -> {
                        try {
                            for (Session s : sessions) {
                                try {
                                    s.writeShared(mine);
                                } catch (RuntimeException ex) {
                                    // one broken socket must not cost the others on this loop their update
                                }
                            }
                        } finally {
                            mine.release();
                        }
                    });
                } catch (RuntimeException ex) {
                    mine.release(); // the loop is shutting down
                }
            }
        } finally {
            frame.release();
        }
    }

    private void publish(RoomEvent event) {
        try {
            kafka.reliableProducer().send(new ProducerRecord<>(Topics.ROOM_EVENTS, event.roomId(), BusJson.encode(event)),
                    (md, ex) -> {
                        if (ex != null) {
                            LOG.debugf("reactions of %s not sent to the other gateways: %s", event.roomId(), ex.toString());
                        }
                    });
            published.increment();
        } catch (RuntimeException ex) {
            LOG.debugf("reactions of %s not sent to the other gateways: %s", event.roomId(), ex.toString());
        }
    }
}
