package dev.roomcast.gateway.room;

import dev.roomcast.gateway.config.GatewayConfig;
import dev.roomcast.gateway.config.GatewayIdentity;
import dev.roomcast.gateway.services.RoomServiceClient;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.api.BatchJoinAnswer;
import dev.roomcast.protocol.api.JoinAnswer;
import dev.roomcast.protocol.api.JoinBatchRequest;
import dev.roomcast.protocol.api.JoinOutcome;
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
 * one per socket. Every waiting join gets exactly one answer: the room and itself as admitted, or
 * its refusal ({@link ProtocolException}: its own, the whole call's, or {@code unavailable} if the
 * call failed). At most {@code joinQueueMax} joins wait on this node; past it a join is refused at once.
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

    private record Waiter(JoinBatchRequest.Member member, UniEmitter<? super JoinAnswer> answer) {}

    private static final class RoomQueue {
        final ArrayDeque<Waiter> pending = new ArrayDeque<>();
        int inFlight;
    }

    /** Joins waiting for room-service right now (queued or in a call). */
    public synchronized int waiting() {
        return waiting;
    }

    /**
     * Asks room-service to admit one socket. The Uni completes with the room (participants capped,
     * shared by the batch) and the member as admitted, or fails with the refusal. {@code address}: the
     * client's IP (room-service counts wrong passwords per address).
     */
    public Uni<JoinAnswer> join(String roomId, JoinBatchRequest.Member m) {
        return Uni.createFrom().emitter(em -> submit(roomId, new Waiter(m, em)));
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
            w.answer().fail(new ProtocolException(ErrorCode.UNAVAILABLE, "too many joins waiting on this server, try again"));
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
        List<JoinBatchRequest.Member> members = batch.stream().map(Waiter::member).toList();
        rooms.joinBatch(roomId, gateway.id(), members).subscribe().with(
                answer -> done(roomId, batch, answer, null),
                failure -> done(roomId, batch, null, failure));
    }

    private void done(String roomId, List<Waiter> batch, BatchJoinAnswer answer, Throwable failure) {
        try {
            answer(batch, answer, failure);
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
    private static void answer(List<Waiter> batch, BatchJoinAnswer answer, Throwable failure) {
        for (int i = 0; i < batch.size(); i++) {
            Waiter w = batch.get(i);
            try {
                if (failure != null) {
                    w.answer().fail(failure instanceof ProtocolException ? failure
                            : new ProtocolException(ErrorCode.UNAVAILABLE, "service unavailable, try again"));
                    continue;
                }
                JoinOutcome o = answer.results() == null || i >= answer.results().size() ? null : answer.results().get(i);
                if (o == null || answer.room() == null || (o.error() == null && o.you() == null)) {
                    LOG.warnf("room-service gave no outcome for a member of a batch join of room %s", answer.room());
                    w.answer().fail(new ProtocolException(ErrorCode.UNAVAILABLE, "service unavailable, try again"));
                } else if (!o.ok()) {
                    w.answer().fail(o.exception());
                } else {
                    w.answer().complete(new JoinAnswer(answer.room(), o.you()));
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "a join answer failed");
            }
        }
    }
}
