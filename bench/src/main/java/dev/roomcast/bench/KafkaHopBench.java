package dev.roomcast.bench;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.protocol.frame.AudioFrames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code kafka}: host frames (real Concentus Opus, 128 kbps, one every 20 ms) → roomcast.audio.ingest
 * → a running relay-service process → room.&lt;id&gt;.audio, read back by a consumer in this JVM.
 * Hop = receipt − send, both System.nanoTime() here, matched by the room sequence the relay stamps
 * (a fresh topic starts at 0, so room sequence k is the k-th host packet).
 * {@code transcode}: the same with 1, 2, 4 rooms, reporting relay-service process CPU per room.
 */
final class KafkaHopBench {
    private KafkaHopBench() {}

    static void run(boolean transcode) throws Exception {
        int warmupS = Bench.intProp("bench.kafka.warmupS", 30);
        int windowS = Bench.intProp("bench.kafka.windowS", 30);
        int windows = Bench.intProp("bench.kafka.windows", 3);
        int[] roomCounts = transcode ? new int[] {1, 2, 4} : new int[] {1};
        String kafka = Bench.startKafka();
        List<String> allRooms = new ArrayList<>();
        int maxRooms = roomCounts[roomCounts.length - 1];
        for (int i = 0; i < maxRooms; i++) {
            allRooms.add(String.format("bench%07d", i));
        }
        KafkaClientsBench.createTopics(kafka, allRooms);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        long tRelay = System.nanoTime();
        Proc relay = Proc.service("relay-service", env, Bench.javaOpts(), Bench.logs());
        System.out.printf("[bench] relay-service ready in %d ms (includes its own 100 s-of-audio codec warm-up)%n",
                (System.nanoTime() - tRelay) / 1_000_000);
        List<byte[]> packets = Opus.encode(1000, 128_000); // 20 s of real Opus, looped
        int maxPackets = (warmupS + windows * windowS + 60) * 50 * (transcode ? roomCounts.length : 1);
        long[][] sendNs = new long[maxRooms][maxPackets];
        Hist[] hist = {new Hist(), new Hist(), new Hist()};
        long[] received = new long[3];
        AtomicBoolean recording = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, Integer> roomIndex = new HashMap<>();
        for (int i = 0; i < maxRooms; i++) {
            roomIndex.put(Topics.roomAudio(allRooms.get(i)), i);
        }
        KafkaConsumer<String, byte[]> consumer = KafkaClientsBench.consumer(kafka);
        List<TopicPartition> tps = new ArrayList<>();
        for (String r : allRooms) {
            tps.add(new TopicPartition(Topics.roomAudio(r), 0));
        }
        consumer.assign(tps);
        consumer.seekToEnd(tps);
        tps.forEach(consumer::position);
        Thread reader = new Thread(() -> {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(5))) {
                    long now = System.nanoTime();
                    byte[] v = r.value();
                    Integer idx = roomIndex.get(r.topic());
                    if (v == null || idx == null || v.length < AudioFrames.HEADER_BYTES) {
                        continue;
                    }
                    long seq = AudioFrames.sequence(v);
                    int tier = AudioFrames.tierId(v);
                    if (seq < maxPackets && sendNs[idx][(int) seq] != 0 && recording.get()) {
                        synchronized (hist) {
                            hist[tier].add((now - sendNs[idx][(int) seq]) / 1000);
                            received[tier]++;
                        }
                    }
                }
            }
            consumer.close();
        }, "bench-room-reader");
        reader.start();

        KafkaProducer<String, byte[]> producer = KafkaClientsBench.producer(kafka);
        int[] activeRooms = {0};
        long[] hostSeq = new long[maxRooms];
        long[] sentInWindow = {0};
        Thread host = new Thread(() -> {
            long next = System.nanoTime();
            while (running.get()) {
                long now = System.nanoTime();
                if (now < next) {
                    java.util.concurrent.locks.LockSupport.parkNanos(next - now);
                    continue;
                }
                next += 20_000_000L;
                if (System.nanoTime() - next > 200_000_000L) {
                    next = System.nanoTime(); // fell far behind (machine stall): do not burst
                }
                int n = activeRooms[0];
                for (int i = 0; i < n; i++) {
                    int k = (int) hostSeq[i];
                    if (k >= maxPackets) {
                        continue;
                    }
                    long us = Bench.nowUs();
                    byte[] frame = AudioFrame.of(Codec.OPUS, Tier.HIGH, k, us, List.of(packets.get(k % packets.size()))).encode();
                    ProducerRecord<String, byte[]> rec = new ProducerRecord<>(Topics.AUDIO_INGEST, allRooms.get(i), frame);
                    rec.headers().add("host", "bench-host".getBytes(StandardCharsets.UTF_8));
                    sendNs[i][k] = System.nanoTime();
                    producer.send(rec);
                    hostSeq[i]++;
                    if (recording.get()) {
                        sentInWindow[0]++;
                    }
                }
            }
        }, "bench-host");
        host.start();
        try {
            for (int rooms : roomCounts) {
                activeRooms[0] = rooms;
                System.out.printf("[bench] %d room(s): warm-up %d s%n", rooms, warmupS);
                Bench.sleep(warmupS * 1000L);
                for (int w = 0; w < windows; w++) {
                    synchronized (hist) {
                        for (Hist h : hist) {
                            h.reset();
                        }
                        java.util.Arrays.fill(received, 0);
                    }
                    Quiet.before((transcode ? "transcode " : "kafka ") + rooms + " room(s) window " + (w + 1));
                    synchronized (hist) {
                        for (Hist h : hist) {
                            h.reset();
                        }
                        java.util.Arrays.fill(received, 0);
                    }
                    sentInWindow[0] = 0;
                    Proc.CpuWindow cpu = new Proc.CpuWindow(relay.pid());
                    recording.set(true);
                    Bench.sleep(windowS * 1000L);
                    recording.set(false);
                    double relayCpu = cpu.pct();
                    Quiet.end();
                    Bench.sleep(300);
                    var m = Results.point();
                    synchronized (hist) {
                        if (transcode) {
                            m.put("rooms", rooms);
                            m.put("relayCpuPct", relayCpu);
                            m.put("relayCpuPctPerRoom", relayCpu / rooms);
                            m.put("roomsPerRelayCore", 100.0 / (relayCpu / rooms));
                            m.put("relayWorkers", Runtime.getRuntime().availableProcessors());
                            m.put("ladderP99Ms", Math.max(hist[1].pctMs(99), hist[2].pctMs(99)));
                        } else {
                            m.put("hopP50Ms", hist[0].pctMs(50));
                            m.put("hopP99Ms", hist[0].pctMs(99));
                            m.put("hopMaxMs", hist[0].maxMs());
                            m.put("ladderHopP50Ms", Math.max(hist[1].pctMs(50), hist[2].pctMs(50)));
                            m.put("ladderHopP99Ms", Math.max(hist[1].pctMs(99), hist[2].pctMs(99)));
                            m.put("relayCpuPct", relayCpu);
                        }
                        m.put("window", w + 1);
                        m.put("windowS", windowS);
                        m.put("warmupS", warmupS);
                        m.put("packetsSent", sentInWindow[0]);
                        m.put("packetsReceivedHigh", received[0]);
                        m.put("packetsReceivedLadder", received[1] + received[2]);
                    }
                    Results.write(transcode ? "transcode" : "kafka", m);
                }
            }
        } finally {
            running.set(false);
            host.join(2000);
            reader.join(2000);
            producer.close(Duration.ofSeconds(2));
        }
    }
}
