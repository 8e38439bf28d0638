package dev.roomcast.gateway.chat;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** chat-service's REST API (docs/INTERNAL-API.md). */
@RegisterRestClient(configKey = "chat-service")
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
interface ChatServiceApi {
    @GET
    @Path("rooms/{id}/messages")
    Uni<Response> history(@PathParam("id") String roomId);
}
