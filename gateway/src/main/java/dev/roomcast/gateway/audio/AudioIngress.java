package dev.roomcast.gateway.audio;

import dev.roomcast.gateway.kafka.GatewayKafka;
import dev.roomcast.gateway.session.FrameIngress;
import dev.roomcast.gateway.session.Refusals;
import dev.roomcast.gateway.session.RoomLocal;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.gateway.session.SessionRegistry;
import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.bus.TierDemand;
import dev.roomcast.protocol.frame.AudioFrames;
import dev.roomcast.protocol.message.AudioConfig;
import dev.roomcast.protocol.message.ServerMessage;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Host audio frames from sockets: checked on the socket's event loop (host of a live room, rate,
 * frame layout, tier {@code high}, the room's codec), copied once, and handed to one sender
 * thread that produces them unchanged to {@code roomcast.audio.ingest} (key = room id, header
 * {@code host}). The hand-off queue is bounded, so a stalled broker turns into refusals, never
 * into a blocked event loop (the producer's send can block on metadata or a full buffer).
 */
@ApplicationScoped
public class AudioIngress implements FrameIngress {
    private static final Logger LOG = Logger.getLogger(AudioIngress.class);
    private static final String REF = "broadcast:audio";
    private static final byte[] NO_BYTES = new byte[0];

    /** A host frame, or (session and hostId null) this node's tier demand for a room. */
    private record Pending(Session session, String roomId, byte[] hostId, byte[] frame) {}

    private final SessionRegistry registry;
    private final Refusals refusals;
    private final GatewayKafka kafka;
    private final FanoutMetrics metrics;
    private final ArrayBlockingQueue<Pending> queue;
    private final AtomicLong lastFailureNoticeNs = new AtomicLong();
    private volatile boolean running;
    private Thread thread;

    public AudioIngress(SessionRegistry registry, Refusals refusals, GatewayKafka kafka, FanoutMetrics metrics,
                        FanoutConfig config) {
        this.registry = registry;
        this.refusals = refusals;
        this.kafka = kafka;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(config.ingestQueue());
    }

    void start(@Observes StartupEvent ev) {
        running = true;
        thread = new Thread(this::send, "audio-ingest");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /**
     * A frame from anyone but the host of the room (or, once the aux was passed, its last two
     * holders) is an {@code error} ({@code not_in_room}, {@code not_host}, ref {@code broadcast:audio});
     * a broadcaster's own frame refused for what it is or when it came ({@code not_live}, {@code rate_limited}, {@code too_large}, {@code bad_frame},
     * {@code bad_codec}, {@code unavailable}) is a {@code broadcast:error}: it was not forwarded.
     */
    @Override
    public void onFrame(Session s, Buffer frame, long nowNs) {
        String roomId = s.roomId();
        if (roomId == null) {
            refuse(s, ErrorCode.NOT_IN_ROOM, "join a room before sending audio");
            return;
        }
        RoomLocal room = registry.room(roomId);
        if (room == null || !room.broadcastsOrDid(s.userId(), s.isHost())) {
            refuse(s, ErrorCode.NOT_HOST, "only the host, or whoever has the aux, sends audio");
            return;
        }
        AudioConfig config = room.audioConfig();
        if (!room.isLive() || config == null) {
            refuseHost(s, roomId, ErrorCode.NOT_LIVE, "start the broadcast before sending audio");
            return;
        }
        if (!s.tryFrame(nowNs)) {
            refuseHost(s, roomId, ErrorCode.RATE_LIMITED, "too many audio frames");
            return;
        }
        int length = frame.length();
        if (length > Limits.MAX_BINARY_MESSAGE_BYTES) {
            refuseHost(s, roomId, ErrorCode.TOO_LARGE, "frame is larger than " + Limits.MAX_BINARY_MESSAGE_BYTES + " bytes");
            return;
        }
        byte[] bytes = frame.getBytes();
        try {
            AudioFrames.validate(bytes, length);
        } catch (ProtocolException e) {
            refuseHost(s, roomId, e.code(), e.getMessage());
            return;
        }
        switch (room.mayBroadcast(s.userId(), s.isHost(), AudioFrames.captureTimeUs(bytes),
                AudioFrames.packetCount(bytes) * (long) Limits.PACKET_DURATION_US)) {
            case YES -> { }
            case AROUND_CUT -> {
                metrics.ingestAroundCut.increment();
                return;
            }
            default -> {
                refuseHost(s, roomId, ErrorCode.NOT_HOST, "someone else has the aux");
                return;
            }
        }
        if (AudioFrames.tierId(bytes) != Tier.HIGH.id()) {
            refuseHost(s, roomId, ErrorCode.BAD_FRAME, "a host sends tier high only");
            return;
        }
        if (Codec.ofId(AudioFrames.codecId(bytes)) != config.codec()) {
            refuseHost(s, roomId, ErrorCode.BAD_CODEC, "the broadcast was started with codec " + config.codec().wire());
            return;
        }
        if (!queue.offer(new Pending(s, roomId, s.userId().getBytes(StandardCharsets.UTF_8), bytes))) {
            refuseHost(s, roomId, ErrorCode.UNAVAILABLE, "audio ingest is backed up; frame dropped");
            return;
        }
        metrics.ingestAccepted.increment();
    }

    /**
     * Tells the relay which tiers this node's listeners of the room are on ({@link TierDemand} bits),
     * on the same topic and key as the room's frames. False if the queue is full (the next refresh
     * tries again).
     */
    boolean demand(String roomId, int mask) {
        boolean queued = queue.offer(new Pending(null, roomId, null, TierDemand.encode(mask)));
        if (queued) {
            metrics.demands.increment();
        }
        return queued;
    }

    private void refuse(Session s, ErrorCode code, String message) {
        metrics.ingestRefused.increment();
        refusals.refuse(s, code, message, REF);
    }

    private void refuseHost(Session s, String roomId, ErrorCode code, String message) {
        metrics.ingestRefused.increment();
        refusals.refuseAudio(s, roomId, code, message);
    }

    private void send() {
        KafkaProducer<String, byte[]> producer = null;
        while (running) {
            Pending p;
            try {
                p = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (p == null) {
                continue;
            }
            try {
                if (producer == null) {
                    producer = kafka.audioProducer();
                }
                RecordHeaders headers = new RecordHeaders();
                if (p.hostId() == null) {
                    headers.add(TierDemand.HEADER, NO_BYTES);
                } else {
                    headers.add("host", p.hostId());
                }
                producer.send(new ProducerRecord<>(Topics.AUDIO_INGEST, null, p.roomId(), p.frame(), headers),
                        (md, e) -> {
                            if (e != null) {
                                failed(p, e);
                            }
                        });
            } catch (RuntimeException e) {
                failed(p, e);
            }
        }
    }

    /** The broker did not take a frame: count it and tell the host, at most once a second per node. */
    private void failed(Pending p, Exception e) {
        if (p.session() == null) {
            return; // a demand: the next refresh sends it again
        }
        metrics.ingestFailed.increment();
        long now = System.nanoTime();
        long last = lastFailureNoticeNs.get();
        if (now - last > 1_000_000_000L && lastFailureNoticeNs.compareAndSet(last, now)) {
            LOG.warnf("audio ingest failed for room %s: %s", p.roomId(), e.toString());
            p.session().send(new ServerMessage.BroadcastError(p.roomId(), ErrorCode.UNAVAILABLE,
                    "audio could not be forwarded"));
        }
    }
}
