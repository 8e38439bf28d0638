package dev.roomcast.systemtests.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.protocol.Topics;
import dev.roomcast.systemtests.JavaHost;
import dev.roomcast.systemtests.Rest;
import dev.roomcast.testsupport.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two relay-service instances share the ingest topic (one consumer group). A room whose ingest
 * partition relay A owns is live; relay A is stopped (SIGTERM: it leaves the group at once), started
 * again, and then whichever relay owns the room is killed (SIGKILL: the group notices after the
 * session timeout, 6 s here, RELAY_SESSION_TIMEOUT_MS). Each time the other relay takes the room over.
 */
@DisplayName("relay-service failover: the other relay takes a stopped or killed relay's rooms over within 10 s")
class RelayFailoverIT {
    private static final Pattern TOOK = Pattern.compile("relay took ingest partitions \\[([^\\]]*)]");

    @Test
    @DisplayName("SIGTERM, then SIGKILL, on the relay that owns a live room: audio flows again within 10 s, room sequence stays monotonic")
    void otherRelayTakesOver() throws Exception {
        FaultStack stack = FaultStack.get();
        int partitions = ingestPartitions(stack);
        await("both relays own ingest partitions").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> !owned(stack.relayA).isEmpty() && !owned(stack.relayB).isEmpty());
        Set<Integer> ofA = owned(stack.relayA);
        Rest.Room room = null;
        for (int i = 0; i < 100 && room == null; i++) {
            Rest.Room r = Rest.createRoom(stack.gatewayB, "Relay failover " + i);
            if (ofA.contains(partition(r.roomId(), partitions))) {
                room = r;
            } else {
                Rest.delete(stack.gatewayB, "/api/rooms/" + r.roomId(), r.hostToken());
            }
        }
        assertTrue(room != null, "found a room on relay A's partitions " + ofA);
        int p = partition(room.roomId(), partitions);
        StringBuilder report = new StringBuilder("relay failover (2 relays, room on ingest partition " + p + "):\n");
        try (JavaHost host = JavaHost.join(stack.gatewayB, room.roomId(), room.hostToken(), 440);
                Guest guest = Guest.join(FaultStack.ws(stack.gatewayA), "relay-guest", room.roomId())) {
            host.startBroadcast();
            host.stream(15_000);
            await("audio flows").atMost(Duration.ofSeconds(20)).until(() -> guest.received().size() > 100);

            double termGap = fault(stack.relayA, false, guest, report);
            stack.relayA.launch();
            await("relay A is back in the group").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !owned(stack.relayA).isEmpty());
            ServiceProcess owner = owned(stack.relayA).contains(p) ? stack.relayA : stack.relayB;
            sleep(3000); // steady audio after the rebalance
            double killGap = fault(owner, true, guest, report);
            owner.launch();

            // the room sequence never goes back, over the whole broadcast, both faults included
            long prev = -1;
            int packets = 0;
            for (Guest.Rx r : guest.received()) {
                assertTrue(r.sequence() > prev, "room sequence is monotonic: " + r.sequence() + " after " + prev + "\n" + report);
                prev = r.sequence();
                packets++;
            }
            report.append(String.format("  %d packets, sequence strictly increasing throughout%n", packets));
            System.out.print(report);
            FaultReport.append(report.toString());
            assertTrue(termGap < 10_000, report.toString());
            assertTrue(killGap < 10_000, report.toString());
            host.close();
        } finally {
            for (ServiceProcess r : List.of(stack.relayA, stack.relayB)) {
                if (!r.isAlive()) {
                    r.launch();
                }
            }
            Rest.delete(stack.gatewayB, "/api/rooms/" + room.roomId(), room.hostToken());
        }
    }

    /** Stops or kills the relay; returns the longest time without a packet at the guest around it, ms. */
    private static double fault(ServiceProcess relay, boolean kill, Guest guest, StringBuilder report) {
        int before = guest.received().size();
        long t0 = System.nanoTime();
        long t0WallUs = System.currentTimeMillis() * 1000;
        if (kill) {
            relay.kill();
        } else {
            relay.stop();
        }
        await("audio captured after the fault reaches the guest").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> guest.received().stream().skip(before).anyMatch(r -> r.captureUs() > t0WallUs + 500_000));
        sleep(2000);
        List<Guest.Rx> rx = guest.received();
        long worst = 0;
        for (int i = Math.max(1, before - 1); i < rx.size(); i++) {
            worst = Math.max(worst, rx.get(i).arrivalUs() - rx.get(i - 1).arrivalUs());
        }
        double gapMs = worst / 1000.0;
        report.append(String.format("  %s: longest time without audio at the guest %.0f ms (fault to the first packet captured after it: %.0f ms)%n",
                kill ? "SIGKILL" : "SIGTERM", gapMs, firstAfter(rx, t0WallUs) ));
        return gapMs;
    }

    private static double firstAfter(List<Guest.Rx> rx, long t0WallUs) {
        return rx.stream().filter(r -> r.captureUs() > t0WallUs).mapToLong(Guest.Rx::arrivalUs).min().orElse(Long.MAX_VALUE) / 1000.0
                - t0WallUs / 1000.0;
    }

    /** The partitions this relay says it owns now (its log's last "relay took ingest partitions" line). */
    static Set<Integer> owned(ServiceProcess relay) {
        try {
            String log = Files.readString(relay.log(), StandardCharsets.UTF_8);
            Matcher m = TOOK.matcher(log);
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            Set<Integer> out = new TreeSet<>();
            if (last != null && !last.isBlank()) {
                for (String tp : last.split(",\\s*")) {
                    out.add(Integer.parseInt(tp.substring(tp.lastIndexOf('-') + 1)));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kafka's default partitioner for a keyed record (the gateway keys ingest by room id). */
    static int partition(String roomId, int partitions) {
        return Utils.toPositive(Utils.murmur2(roomId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    static int ingestPartitions(FaultStack stack) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infra.kafkaBootstrap());
        try (Admin admin = Admin.create(p)) {
            return admin.describeTopics(List.of(Topics.AUDIO_INGEST)).allTopicNames().get().get(Topics.AUDIO_INGEST).partitions().size();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
