package dev.roomcast.chat.ingest;

import dev.roomcast.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code roomcast_chat_messages_accepted_total}, {@code roomcast_chat_messages_refused_total{code}}
 * and {@code roomcast_chat_records_dropped_total}. Each record is counted once, however often it
 * is retried or redelivered.
 */
@Startup // registered at start, so the counters show 0 before the first message
@ApplicationScoped
public class ChatMetrics {
    static final List<ErrorCode> REFUSAL_CODES =
            List.of(ErrorCode.CHAT_EMPTY, ErrorCode.CHAT_TOO_LONG, ErrorCode.ROOM_CLOSED, ErrorCode.RATE_LIMITED);

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter dropped;
    private final Map<ErrorCode, Counter> refused = new EnumMap<>(ErrorCode.class);

    public ChatMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("roomcast.chat.messages.accepted")
                .description("Chat messages stored and published").register(registry);
        this.dropped = Counter.builder("roomcast.chat.records.dropped")
                .description("Ingest records that were not chat messages (undecodable, no room or user)").register(registry);
        for (ErrorCode code : REFUSAL_CODES) {
            refused.put(code, counter(code));
        }
    }

    public void accepted() {
        accepted.increment();
    }

    public void dropped() {
        dropped.increment();
    }

    public synchronized void refused(ErrorCode code) {
        refused.computeIfAbsent(code, this::counter).increment();
    }

    private Counter counter(ErrorCode code) {
        return Counter.builder("roomcast.chat.messages.refused").tag("code", code.wire())
                .description("Chat messages refused, by error code").register(registry);
    }
}
