package dev.roomcast.systemtests.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.systemtests.JavaHost;
import dev.roomcast.systemtests.JvmMemory;
import dev.roomcast.systemtests.Rest;
import dev.roomcast.testsupport.ServiceProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Kafka broker restart: the broadcast resumes by itself within 10 s and every service is ready again")
class KafkaRestartIT {

    @Test
    @DisplayName("stop the broker mid-broadcast, start it again on the same port and data: audio again within 10 s, services ready, a new room broadcasts")
    void broadcastResumes() throws Exception {
        FaultStack stack = FaultStack.get();
        Rest.Room room = Rest.createRoom(stack.gatewayB, "Kafka restart room");
        try (JavaHost host = JavaHost.join(stack.gatewayB, room.roomId(), room.hostToken(), 440);
                Guest guest = Guest.join(FaultStack.ws(stack.gatewayA), "kafka-guest", room.roomId())) {
            host.startBroadcast();
            host.stream(15_000);
            await("audio flows").atMost(Duration.ofSeconds(20)).until(() -> guest.received().size() > 100);
            long heapBefore = JvmMemory.heapUsed(stack.gatewayA);

            long t0 = System.nanoTime();
            stack.infra.restartKafka();
            long back = System.nanoTime();
            long backWallUs = System.currentTimeMillis() * 1000;
            await("audio captured after the restart reaches the guest").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> guest.received().stream().anyMatch(r -> r.captureUs() > backWallUs));
            double resumedMs = (System.nanoTime() - back) / 1e6;
            List<ServiceProcess> services = List.of(stack.gatewayA, stack.gatewayB, stack.room, stack.chat, stack.relayA, stack.relayB);
            await("every service is ready again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> services.stream().allMatch(FaultStack::ready));
            double readyMs = (System.nanoTime() - back) / 1e6;
            assertTrue(guest.connectionCount() == 1, "the guest was never disconnected");

            // a new room works end to end
            Rest.Room fresh = Rest.createRoom(stack.gatewayA, "After the restart");
            try (JavaHost host2 = JavaHost.join(stack.gatewayA, fresh.roomId(), fresh.hostToken(), 660);
                    Guest guest2 = Guest.join(FaultStack.ws(stack.gatewayB), "fresh-guest", fresh.roomId())) {
                host2.startBroadcast();
                host2.stream(250);
                await("the new room's guest hears it").atMost(Duration.ofSeconds(20)).until(() -> guest2.received().size() > 50);
            }
            String report = String.format("Kafka restart: broker down and up again in %.0f ms; audio captured after it reached the guest %.0f ms"
                    + " after the broker was back; all six services ready %.0f ms after; gateway A heap %d MB before, %d MB after%n",
                    (back - t0) / 1e6, resumedMs, readyMs, heapBefore >> 20, JvmMemory.heapUsed(stack.gatewayA) >> 20);
            System.out.print(report);
            FaultReport.append(report);
            assertTrue(resumedMs < 10_000, report);
            assertEquals(200, FaultStack.status(stack.gatewayA, "/q/health/ready"));
            host.close();
        } finally {
            Rest.delete(stack.gatewayA, "/api/rooms/" + room.roomId(), room.hostToken());
        }
    }
}
