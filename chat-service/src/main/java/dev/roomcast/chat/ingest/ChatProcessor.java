package dev.roomcast.chat.ingest;

import dev.roomcast.chat.ChatConfig;
import dev.roomcast.chat.history.ChatHistoryStore;
import dev.roomcast.chat.ratelimit.TokenBucketLimiter;
import dev.roomcast.chat.rules.ChatRules;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.Text;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.ChatIngest;
import dev.roomcast.protocol.bus.RoomEvent;
import dev.roomcast.protocol.message.ChatEntry;
import dev.roomcast.protocol.message.ServerMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Turns one {@code roomcast.chat.ingest} record into a {@link Decision} (validate, room open?,
 * rate limit) and applies it (store + publish, or publish the refusal). Never logs message text.
 */
@ApplicationScoped
public class ChatProcessor {
    private static final Logger LOG = Logger.getLogger(ChatProcessor.class);
    static final String REF = "chat:message";
    static final String DELETE_REF = "chat:delete";

    private final ChatHistoryStore store;
    private final EventPublisher publisher;
    private final ChatMetrics metrics;
    private final TokenBucketLimiter limiter;
    private final ChatRules rules;
    private final String rateMessage;
    private final Clock clock = Clock.systemUTC();

    public ChatProcessor(ChatHistoryStore store, EventPublisher publisher, ChatMetrics metrics, ChatConfig config,
                         ChatRules rules) {
        this.store = store;
        this.rules = rules;
        this.publisher = publisher;
        this.metrics = metrics;
        this.limiter = new TokenBucketLimiter(config.rateBurst(), config.ratePerSecond(),
                () -> clock.millis() * 1_000_000L);
        this.rateMessage = "too many messages: at most " + config.rateBurst() + " at once, then "
                + config.ratePerSecond() + " per second";
    }

    /** The effect of applying a decision: the decision that now holds and the publish in flight (or null). */
    public record Applied(Decision decision, Future<?> publish) {}

    /**
     * Decides what to do with a record. Takes a rate-limit token when it accepts, so call it once
     * per record and keep the answer for retries.
     *
     * @throws RuntimeException when Redis cannot be asked (the caller retries the record)
     */
    public Decision decide(ConsumerRecord<String, String> record) {
        ChatIngest in;
        try {
            in = BusJson.decode(record.value(), ChatIngest.class);
        } catch (RuntimeException e) {
            return drop(record, "undecodable ChatIngest");
        }
        if (in == null || !RoomIds.isValid(in.roomId()) || in.userId() == null || in.userId().isBlank()) {
            return drop(record, "no valid room or user id");
        }
        if (in.deleteId() != null) {
            if (!Text.isChatId(in.deleteId())) {
                return refuse(in, ErrorCode.BAD_MESSAGE, "not a chat message id", DELETE_REF);
            }
            // the gateway checked the role too; a co-host demoted since is caught here
            if (!in.isHost() && !rules.roleOnly(in.roomId(), in.userId()).cohost()) {
                return refuse(in, ErrorCode.NOT_COHOST, "only the host or a co-host can delete messages", DELETE_REF);
            }
            return new Decision.Delete(in.roomId(), in.userId(), in.deleteId());
        }
        String text;
        try {
            text = Text.chat(in.message());
        } catch (ProtocolException e) {
            return refuse(in, e.code(), e.getMessage(), REF);
        }
        String id = record.partition() + "-" + record.offset();
        // judged at the time the gateway produced the record (its CreateTime), not now: messages
        // sent at a fair rate while chat-service was down must not be refused when the backlog is
        // read in one go after the restart (found by the fault test ChatRestartIT)
        long sentMs = record.timestamp() > 0 ? record.timestamp() : clock.millis();
        ChatRules.Verdict rule = in.isHost() ? rules.roleOnly(in.roomId(), in.userId())
                : rules.forMessage(in.roomId(), in.userId(), in.deviceHash(), sentMs);
        if (!rule.open()) {
            return refuse(in, ErrorCode.ROOM_CLOSED, "the room is closed", REF);
        }
        long now = clock.millis();
        if (rule.mutedUntil() > now) {
            return refuse(in, ErrorCode.MUTED, "the host muted you in chat for " + ((rule.mutedUntil() - now + 999) / 1000)
                    + " more seconds", REF);
        }
        if (rule.slowWaitMs() > 0) {
            // a record redelivered after a crash finds its own slot taken: stored the first time, it stays accepted
            int wait = (int) Math.max(1, (rule.slowWaitMs() + 999) / 1000);
            return storedOr(in, id, () -> refuse(in, ErrorCode.SLOW_MODE, "slow mode: one message every "
                    + rule.slowModeSeconds() + " s; wait " + wait + " s", REF, wait));
        }
        if (!limiter.tryAcquire(in.roomId() + ' ' + in.userId(), sentMs * 1_000_000L)) {
            // a record redelivered after a crash meets a new bucket: if it was stored the first
            // time, it stays accepted (and is published again) instead of being refused now
            return storedOr(in, id, () -> refuse(in, ErrorCode.RATE_LIMITED, rateMessage, REF));
        }
        return new Decision.Accept(new ChatEntry(id, in.roomId(), in.userId(), in.username(), text, clock.millis(),
                in.isHost(), in.atUs()));
    }

    /**
     * Applies a decision: an accepted entry is stored (idempotently) and then published; a refusal
     * is published to its sender. Stores synchronously, publishes asynchronously.
     *
     * @throws RuntimeException when Redis or the producer fails (the caller retries the record)
     */
    public Applied apply(Decision decision) {
        if (decision instanceof Decision.Refuse r) {
            return new Applied(r, publishRefusal(r));
        }
        if (decision instanceof Decision.Delete d) {
            if (store.delete(d.roomId(), d.messageId())) {
                return new Applied(d, publisher.publish(RoomEvent.toRoom(d.roomId(),
                        new ServerMessage.ChatDeleted(d.roomId(), d.messageId()))));
            }
            Decision.Refuse refuse = new Decision.Refuse(d.roomId(), d.userId(), ErrorCode.NOT_FOUND,
                    "no such message among the room's last messages", DELETE_REF, null);
            return new Applied(refuse, publishRefusal(refuse));
        }
        if (!(decision instanceof Decision.Accept a)) {
            return new Applied(decision, null);
        }
        ChatHistoryStore.AppendResult r = store.append(a.entry());
        switch (r.outcome()) {
            case STORED:
                metrics.accepted();
                return new Applied(a, publishEntry(r.entry()));
            case DUPLICATE:
                // a redelivered record: publish the stored original again (same id and timestamp)
                return new Applied(new Decision.Accept(r.entry()), publishEntry(r.entry()));
            default:
                Decision.Refuse refuse = new Decision.Refuse(a.entry().roomId(), a.entry().userId(),
                        ErrorCode.ROOM_CLOSED, "the room is closed", REF, null);
                metrics.refused(refuse.code());
                return new Applied(refuse, publishRefusal(refuse));
        }
    }

    /** Forgets rate-limit buckets that are full again. */
    public int evictIdleBuckets() {
        return limiter.evictIdle();
    }

    private Future<?> publishEntry(ChatEntry e) {
        return publisher.publish(RoomEvent.toRoom(e.roomId(), ServerMessage.ChatMessage.of(e)));
    }

    private Future<?> publishRefusal(Decision.Refuse r) {
        return publisher.publish(RoomEvent.toUser(r.roomId(), r.userId(),
                new ServerMessage.Error(r.code(), r.message(), r.ref(), r.retryAfter())));
    }

    private Decision storedOr(ChatIngest in, String id, java.util.function.Supplier<Decision> refusal) {
        Optional<ChatEntry> stored = store.find(in.roomId(), id);
        return stored.<Decision>map(Decision.Accept::new).orElseGet(refusal);
    }

    private Decision refuse(ChatIngest in, ErrorCode code, String message, String ref) {
        return refuse(in, code, message, ref, null);
    }

    private Decision refuse(ChatIngest in, ErrorCode code, String message, String ref, Integer retryAfter) {
        metrics.refused(code);
        LOG.debugf("chat message refused: room %s user %s code %s", in.roomId(), in.userId(), code.wire());
        return new Decision.Refuse(in.roomId(), in.userId(), code, message, ref, retryAfter);
    }

    private Decision drop(ConsumerRecord<String, String> record, String reason) {
        metrics.dropped();
        LOG.warnf("dropping chat ingest record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        return new Decision.Drop(reason);
    }
}
