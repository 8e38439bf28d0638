package dev.roomcast.gateway.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roomcast.protocol.message.ProtocolJson;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The one way into room-service: every call gets a timeout, one retry for idempotent reads, and
 * failures become a 503 {@link ServiceReply} instead of an exception.
 */
@ApplicationScoped
public class RoomServiceClient {
    private static final Logger LOG = Logger.getLogger(RoomServiceClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(4);

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

    public Uni<ServiceReply> join(String roomId, String gatewayId, String userId, String username, String hostToken,
                                  String password) {
        ObjectNode body = obj().put("gatewayId", gatewayId).put("userId", userId).put("username", username);
        if (hostToken != null) {
            body.put("hostToken", hostToken);
        }
        if (password != null) {
            body.put("password", password);
        }
        return call(() -> api.join(roomId, body), false);
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
        Uni<ServiceReply> once = Uni.createFrom().<Response>deferred(request)
                .map(RoomServiceClient::reply)
                .ifNoItem().after(TIMEOUT).fail();
        if (retry) {
            once = once.onFailure().retry().withBackOff(Duration.ofMillis(100)).atMost(1);
        }
        return once.onFailure().recoverWithItem(e -> {
            LOG.debugf("room-service call failed: %s", e.toString());
            return ServiceReply.unavailable();
        });
    }

    static ServiceReply reply(Response r) {
        try (r) {
            String body = r.hasEntity() ? r.readEntity(String.class) : "";
            return new ServiceReply(r.getStatus(), body);
        }
    }
}
