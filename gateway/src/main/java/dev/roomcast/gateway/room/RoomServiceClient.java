package dev.roomcast.gateway.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roomcast.protocol.message.ProtocolJson;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The one way into room-service: every call gets a timeout, one retry for idempotent reads, and
 * failures become a 503 {@link ServiceReply} instead of an exception.
 */
@ApplicationScoped
public class RoomServiceClient {
    private final RoomServiceApi api;

    public RoomServiceClient(@RestClient RoomServiceApi api) {
        this.api = api;
    }

    public Uni<ServiceReply> create(String roomName) {
        return call(() -> api.create(obj().put("roomName", roomName)), false);
    }

    public Uni<ServiceReply> list() {
        return call(api::list, true);
    }

    public Uni<ServiceReply> get(String roomId) {
        return call(() -> api.get(roomId), true);
    }

    public Uni<ServiceReply> delete(String roomId, String bearer) {
        return call(() -> api.delete(roomId, bearer), false);
    }

    public Uni<ServiceReply> stats(String roomId) {
        return call(() -> api.stats(roomId), true);
    }

    /** POST /rooms/{id}/members/batch: {@code members} are objects of userId, username, hostToken?, password?. */
    public Uni<ServiceReply> joinBatch(String roomId, String gatewayId, ArrayNode members) {
        ObjectNode body = obj().put("gatewayId", gatewayId);
        body.set("members", members);
        return call(() -> api.joinBatch(roomId, body), false);
    }

    public Uni<ServiceReply> leave(String roomId, String userId) {
        return call(() -> api.leave(roomId, userId), true);
    }

    public Uni<ServiceReply> rename(String roomId, String userId, String username) {
        return call(() -> api.rename(roomId, userId, obj().put("username", username)), true);
    }

    public Uni<ServiceReply> startBroadcast(String roomId, String hostToken, JsonNode audioConfig) {
        ObjectNode body = obj();
        body.set("audioConfig", audioConfig);
        return call(() -> api.startBroadcast(roomId, bearer(hostToken), body), false);
    }

    public Uni<ServiceReply> stopBroadcast(String roomId, String hostToken) {
        return call(() -> api.stopBroadcast(roomId, bearer(hostToken)), false);
    }

    public Uni<ServiceReply> settings(String roomId, String hostToken, JsonNode body) {
        return call(() -> api.settings(roomId, bearer(hostToken), body), false);
    }

    public Uni<ServiceReply> kick(String roomId, String hostToken, String userId) {
        return call(() -> api.kick(roomId, bearer(hostToken), obj().put("userId", userId)), false);
    }

    public Uni<ServiceReply> heartbeat(String gatewayId) {
        return call(() -> api.heartbeat(gatewayId), false);
    }

    public static String bearer(String token) {
        return token == null ? null : "Bearer " + token;
    }

    private static ObjectNode obj() {
        return ProtocolJson.mapper().createObjectNode();
    }

    private static Uni<ServiceReply> call(Supplier<Uni<? extends Response>> request, boolean retry) {
        return ServiceCalls.call(request, retry);
    }
}
