package dev.roomcast.gateway.services;

import dev.roomcast.protocol.api.RoomMessages;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The one way into chat-service's REST API: typed, timeout, one retry; failures as {@code ProtocolException}. */
@ApplicationScoped
public class ChatServiceClient {
    private final ChatServiceApi api;

    public ChatServiceClient(@RestClient ChatServiceApi api) {
        this.api = api;
    }

    public Uni<RoomMessages> history(String roomId) {
        return ServiceCalls.call(() -> api.history(roomId), true);
    }
}
