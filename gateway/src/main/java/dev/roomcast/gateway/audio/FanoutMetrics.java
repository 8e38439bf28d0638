package dev.roomcast.gateway.audio;

import dev.roomcast.protocol.Tier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;

/** Micrometer meters of the audio path. A {@code @Singleton} (no client proxy): its fields are read directly on hot paths. */
@Singleton
public class FanoutMetrics {
    final Counter batches;
    final Counter writes;
    final Counter bytes;
    final Counter skipped;
    final Counter pastPlayout;
    final Counter overflows;
    final Counter downgrades;
    final Counter upgrades;
    final Counter records;
    final Counter badRecords;
    final Counter ingestAccepted;
    final Counter ingestRefused;
    /** Frames from the wrong side of an aux handoff's cut, sent while the news travelled: dropped quietly. */
    final Counter ingestAroundCut;
    final Counter ingestFailed;
    /** Tier demands sent to the relay (TierDemand), and tier moves that waited for their tier to start. */
    final Counter demands;
    final Counter movesWaited;
    final AtomicInteger[] listenersPerTier = new AtomicInteger[Tier.values().length];
    final AtomicInteger rooms = new AtomicInteger();

    public FanoutMetrics(MeterRegistry registry) {
        batches = registry.counter("roomcast.audio.fanout.batches");
        writes = registry.counter("roomcast.audio.fanout.frames");
        bytes = registry.counter("roomcast.audio.fanout.bytes");
        skipped = registry.counter("roomcast.audio.fanout.skipped");
        pastPlayout = registry.counter("roomcast.audio.fanout.batches.past_playout");
        overflows = registry.counter("roomcast.audio.fanout.overflows");
        downgrades = registry.counter("roomcast.audio.fanout.tier.changes", "direction", "down");
        upgrades = registry.counter("roomcast.audio.fanout.tier.changes", "direction", "up");
        records = registry.counter("roomcast.audio.fanout.records");
        badRecords = registry.counter("roomcast.audio.fanout.records.bad");
        ingestAccepted = registry.counter("roomcast.audio.ingest.frames", "result", "accepted");
        ingestRefused = registry.counter("roomcast.audio.ingest.frames", "result", "refused");
        ingestAroundCut = registry.counter("roomcast.audio.ingest.frames", "result", "around_cut");
        ingestFailed = registry.counter("roomcast.audio.ingest.frames", "result", "failed");
        demands = registry.counter("roomcast.audio.tier.demands");
        movesWaited = registry.counter("roomcast.audio.fanout.tier.moves.waited");
        for (Tier t : Tier.values()) {
            AtomicInteger n = new AtomicInteger();
            listenersPerTier[t.id()] = n;
            Gauge.builder("roomcast.audio.fanout.listeners", n, AtomicInteger::get).tag("tier", t.wire()).register(registry);
        }
        Gauge.builder("roomcast.audio.fanout.rooms", rooms, AtomicInteger::get).register(registry);
    }
}
