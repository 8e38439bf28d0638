package dev.roomcast.gateway.chat;

import dev.roomcast.gateway.room.ServiceReply;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The one way into chat-service's REST API: timeout, one retry, failures as a 503 reply. */
@ApplicationScoped
public class ChatServiceClient {
    private final ChatServiceApi api;

    public ChatServiceClient(@RestClient ChatServiceApi api) {
        this.api = api;
    }

    public Uni<ServiceReply> history(String roomId) {
        return Uni.createFrom().deferred(() -> api.history(roomId))
                .map(ChatServiceClient::reply)
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .onFailure().retry().withBackOff(Duration.ofMillis(100)).atMost(1)
                .onFailure().recoverWithItem(e -> ServiceReply.unavailable());
    }

    private static ServiceReply reply(Response r) {
        try (r) {
            return new ServiceReply(r.getStatus(), r.hasEntity() ? r.readEntity(String.class) : "");
        }
    }
}
