package dev.roomcast.gateway.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roomcast.gateway.config.GatewayConfig;
import dev.roomcast.gateway.config.GatewayIdentity;
import dev.roomcast.protocol.message.Participant;
import dev.roomcast.protocol.message.ProtocolJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Joins go to room-service in batches, one queue per room (docs/JOINS.md). A join is sent at once
 * when fewer than {@code joinCallsPerRoom} batch calls of its room are in flight; otherwise it waits
 * and goes with the others that arrived meanwhile (up to {@link #MAX_BATCH} per call) when a call
 * returns. So a quiet room adds no delay, and a busy one makes one call per ~call-time instead of
 * one per socket. Every waiting join gets exactly one answer: its own outcome, the whole call's
 * refusal, or {@code unavailable} if the call failed. At most {@code joinQueueMax} joins wait on
 * this node; past it a join is refused at once.
 */
@ApplicationScoped
public class JoinBatcher {
    private static final Logger LOG = Logger.getLogger(JoinBatcher.class);
    /** Most members one batch call carries (room-service's limit). */
    public static final int MAX_BATCH = 256;

    private final RoomServiceClient rooms;
    private final GatewayIdentity gateway;
    private final int queueMax;
    private final int callsPerRoom;
    private final Counter calls;
    private final Counter overflow;
    private final DistributionSummary batchSize;

    // guarded by this
    private final Map<String, RoomQueue> queues = new HashMap<>();
    private int waiting;

    public JoinBatcher(RoomServiceClient rooms, GatewayIdentity gateway, GatewayConfig config, MeterRegistry registry) {
        this.rooms = rooms;
        this.gateway = gateway;
        this.queueMax = Math.max(1, config.joinQueueMax());
        this.callsPerRoom = Math.max(1, config.joinCallsPerRoom());
        this.calls = registry.counter("roomcast.joins.batch.calls");
        this.overflow = registry.counter("roomcast.joins.refused.queue_full");
        this.batchSize = DistributionSummary.builder("roomcast.joins.batch.size").register(registry);
    }

    private record Waiter(String userId, String username, String hostToken, String password, UniEmitter<? super JoinReply> answer) {}

    private static final class RoomQueue {
        final ArrayDeque<Waiter> pending = new ArrayDeque<>();
        int inFlight;
    }

    /** Joins waiting for room-service right now (queued or in a call). */
    public synchronized int waiting() {
        return waiting;
    }

    /** Asks room-service to admit one socket; the Uni always completes with an answer. */
    public Uni<JoinReply> join(String roomId, String userId, String username, String hostToken, String password) {
        return Uni.createFrom().emitter(em -> submit(roomId, new Waiter(userId, username, hostToken, password, em)));
    }

    private void submit(String roomId, Waiter w) {
        List<Waiter> batch;
        synchronized (this) {
            if (waiting >= queueMax) {
                batch = null;
            } else {
                waiting++;
                RoomQueue q = queues.computeIfAbsent(roomId, k -> new RoomQueue());
                q.pending.add(w);
                batch = take(q);
                w = null;
            }
        }
        if (w != null) {
            overflow.increment();
            w.answer().complete(JoinReply.refused(new ServiceReply(503,
                    "{\"error\":{\"code\":\"unavailable\",\"message\":\"too many joins waiting on this server, try again\"}}")));
            return;
        }
        if (batch != null) {
            send(roomId, batch);
        }
    }

    /** The next batch of a room if a call slot is free (caller holds the lock). */
    private List<Waiter> take(RoomQueue q) {
        if (q.inFlight >= callsPerRoom || q.pending.isEmpty()) {
            return null;
        }
        int n = Math.min(MAX_BATCH, q.pending.size());
        List<Waiter> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(q.pending.poll());
        }
        q.inFlight++;
        return batch;
    }

    private void send(String roomId, List<Waiter> batch) {
        calls.increment();
        batchSize.record(batch.size());
        ArrayNode members = ProtocolJson.mapper().createArrayNode();
        for (Waiter w : batch) {
            ObjectNode m = members.addObject().put("userId", w.userId());
            if (w.username() != null) {
                m.put("username", w.username());
            }
            if (w.hostToken() != null) {
                m.put("hostToken", w.hostToken());
            }
            if (w.password() != null) {
                m.put("password", w.password());
            }
        }
        Uni<ServiceReply> call;
        try {
            call = rooms.joinBatch(roomId, gateway.id(), members);
        } catch (RuntimeException e) {
            call = Uni.createFrom().item(ServiceReply.unavailable());
        }
        call.subscribe().with(reply -> done(roomId, batch, reply), failure -> {
            LOG.debugf("batch join failed: %s", failure.toString());
            done(roomId, batch, ServiceReply.unavailable());
        });
    }

    private void done(String roomId, List<Waiter> batch, ServiceReply reply) {
        try {
            answer(batch, reply);
        } finally {
            List<Waiter> next;
            synchronized (this) {
                waiting -= batch.size();
                RoomQueue q = queues.get(roomId);
                next = null;
                if (q != null) {
                    q.inFlight--;
                    next = take(q);
                    if (next == null && q.inFlight == 0 && q.pending.isEmpty()) {
                        queues.remove(roomId);
                    }
                }
            }
            if (next != null) {
                send(roomId, next);
            }
        }
    }

    /** One answer per waiter, whatever happened. */
    private static void answer(List<Waiter> batch, ServiceReply reply) {
        if (!reply.ok()) {
            for (Waiter w : batch) {
                complete(w, JoinReply.refused(reply));
            }
            return;
        }
        JsonNode body = reply.json();
        JsonNode room = body.path("room");
        JsonNode results = body.path("results");
        List<Participant> participants;
        try {
            participants = RoomDetailsMapper.participants(room);
        } catch (RuntimeException e) {
            participants = null;
        }
        for (int i = 0; i < batch.size(); i++) {
            Waiter w = batch.get(i);
            JsonNode r = results.path(i);
            if (participants == null || !room.isObject() || !r.isObject()) {
                complete(w, JoinReply.refused(ServiceReply.unavailable()));
            } else if (r.has("error")) {
                complete(w, JoinReply.refused(new ServiceReply(400, "{\"error\":" + r.path("error") + "}")));
            } else {
                try {
                    complete(w, new JoinReply(null, room, participants, RoomDetailsMapper.participant(r.path("you"))));
                } catch (RuntimeException e) {
                    complete(w, JoinReply.refused(ServiceReply.unavailable()));
                }
            }
        }
    }

    private static void complete(Waiter w, JoinReply r) {
        try {
            w.answer().complete(r);
        } catch (RuntimeException e) {
            LOG.warnf(e, "a join answer failed");
        }
    }
}
