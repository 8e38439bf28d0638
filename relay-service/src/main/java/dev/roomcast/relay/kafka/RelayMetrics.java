package dev.roomcast.relay.kafka;

import dev.roomcast.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The relay's meters, created once (no lookups on the hot path). A singleton: its fields are read directly. */
@Singleton
public class RelayMetrics {
    final Counter framesIn;
    final Counter packetsIn;
    final Counter packetsOut;
    /** Host Opus packets forwarded without decoding (RoomPipeline: only the silence detection needs the PCM). */
    final Counter packetsUndecoded;
    final Counter sendFailed;
    final Counter droppedStale;
    final Counter droppedNoTopic;
    final Counter droppedBacklog;
    /** Host frames that arrived twice (a gateway producer retry) and were forwarded once. */
    final Counter droppedRepeat;
    final Counter eventsSent;
    /** Changes of sender (the aux passed) whose first frames waited for the old sender's last ones. */
    final Counter handoverWaits;
    /** Gateways' tier demands read (TierDemand), and ones that were not a demand. */
    final Counter demands;
    final Counter badDemands;
    final Timer transcode;
    final Timer ingestHop;
    final AtomicInteger rooms = new AtomicInteger();
    private final Map<ErrorCode, Counter> refused = new EnumMap<>(ErrorCode.class);

    public RelayMetrics(MeterRegistry registry) {
        framesIn = registry.counter("roomcast.relay.frames.in");
        packetsIn = registry.counter("roomcast.relay.packets.in");
        packetsOut = registry.counter("roomcast.relay.packets.out");
        packetsUndecoded = registry.counter("roomcast.relay.packets.undecoded");
        sendFailed = registry.counter("roomcast.relay.send.failed");
        droppedStale = registry.counter("roomcast.relay.frames.dropped", "reason", "stale");
        droppedNoTopic = registry.counter("roomcast.relay.frames.dropped", "reason", "no_topic");
        droppedBacklog = registry.counter("roomcast.relay.frames.dropped", "reason", "backlog");
        droppedRepeat = registry.counter("roomcast.relay.frames.dropped", "reason", "repeat");
        eventsSent = registry.counter("roomcast.relay.events.sent");
        handoverWaits = registry.counter("roomcast.relay.handover.waits");
        demands = registry.counter("roomcast.relay.demands", "result", "read");
        badDemands = registry.counter("roomcast.relay.demands", "result", "bad");
        transcode = Timer.builder("roomcast.relay.transcode").description("validate + re-encode one host frame")
                .publishPercentiles(0.5, 0.99).register(registry);
        ingestHop = Timer.builder("roomcast.relay.ingest.hop").description("gateway produce → relay receive")
                .publishPercentiles(0.5, 0.99).register(registry);
        registry.gauge("roomcast.relay.rooms", rooms);
        for (ErrorCode c : ErrorCode.values()) {
            refused.put(c, Counter.builder("roomcast.relay.frames.refused").tag("code", c.wire()).register(registry));
        }
    }

    void refused(ErrorCode code) {
        refused.get(code).increment();
    }

    void transcodeNanos(long nanos) {
        transcode.record(nanos, TimeUnit.NANOSECONDS);
    }

    public double refusedTotal() {
        return refused.values().stream().mapToDouble(Counter::count).sum();
    }
}
