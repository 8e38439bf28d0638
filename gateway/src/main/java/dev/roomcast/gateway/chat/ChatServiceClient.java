package dev.roomcast.gateway.chat;

import dev.roomcast.gateway.room.ServiceCalls;
import dev.roomcast.gateway.room.ServiceReply;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The one way into chat-service's REST API: timeout, one retry, failures as a 503 reply. */
@ApplicationScoped
public class ChatServiceClient {
    private final ChatServiceApi api;

    public ChatServiceClient(@RestClient ChatServiceApi api) {
        this.api = api;
    }

    public Uni<ServiceReply> history(String roomId) {
        return ServiceCalls.call(() -> api.history(roomId), true);
    }
}
