package dev.roomcast.room.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and gauges of room-service (Prometheus at /q/metrics). */
@ApplicationScoped
public class RoomMetrics {
    private final MeterRegistry registry;
    private final Counter created;
    private final AtomicLong openRooms = new AtomicLong();

    public RoomMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.created = Counter.builder("roomcast.rooms.created").description("Rooms created").register(registry);
        registry.gauge("roomcast.rooms.open", openRooms);
    }

    public void roomCreated() {
        created.increment();
    }

    /** reason: host, inactive */
    public void roomClosed(String reason) {
        registry.counter("roomcast.rooms.closed", "reason", reason).increment();
    }

    public void joined(boolean host) {
        registry.counter("roomcast.joins", "role", host ? "host" : "guest").increment();
    }

    /** reason: an error code (room_full, kicked, password_required, ...) */
    public void joinRefused(String reason) {
        registry.counter("roomcast.joins.refused", "reason", reason).increment();
    }

    public void membersReaped(int n) {
        registry.counter("roomcast.members.reaped").increment(n);
    }

    public void hostLost() {
        registry.counter("roomcast.broadcasts.host.lost").increment();
    }

    /** Updated by the sweeper (a gauge must not call Redis on the scrape thread). */
    public void openRooms(long n) {
        openRooms.set(n);
    }
}
