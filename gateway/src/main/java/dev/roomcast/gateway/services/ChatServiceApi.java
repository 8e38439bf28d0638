package dev.roomcast.gateway.services;

import dev.roomcast.protocol.api.RoomMessages;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** chat-service's REST API (docs/INTERNAL-API.md). Use it through {@link ChatServiceClient}. */
@RegisterRestClient(configKey = "chat-service")
@RegisterProvider(ServiceRefusals.class)
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
interface ChatServiceApi {
    @GET
    @Path("rooms/{id}/messages")
    Uni<RoomMessages> history(@PathParam("id") String roomId);
}
