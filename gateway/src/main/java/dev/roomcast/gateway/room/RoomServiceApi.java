package dev.roomcast.gateway.room;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** room-service's REST API (docs/INTERNAL-API.md). Use it through {@link RoomServiceClient}. */
@RegisterRestClient(configKey = "room-service")
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface RoomServiceApi {

    @POST
    @Path("rooms")
    Uni<Response> create(JsonNode body);

    @GET
    @Path("rooms")
    Uni<Response> list();

    @GET
    @Path("rooms/{id}")
    Uni<Response> get(@PathParam("id") String id);

    @DELETE
    @Path("rooms/{id}")
    Uni<Response> delete(@PathParam("id") String id, @HeaderParam("Authorization") String auth);

    @GET
    @Path("rooms/{id}/stats")
    Uni<Response> stats(@PathParam("id") String id);

    @POST
    @Path("rooms/{id}/members/batch")
    Uni<Response> joinBatch(@PathParam("id") String id, JsonNode body);

    @DELETE
    @Path("rooms/{id}/members/{userId}")
    Uni<Response> leave(@PathParam("id") String id, @PathParam("userId") String userId);

    @PUT
    @Path("rooms/{id}/members/{userId}")
    Uni<Response> rename(@PathParam("id") String id, @PathParam("userId") String userId, JsonNode body);

    @POST
    @Path("rooms/{id}/broadcast")
    Uni<Response> startBroadcast(@PathParam("id") String id, @HeaderParam("Authorization") String auth, JsonNode body);

    @DELETE
    @Path("rooms/{id}/broadcast")
    Uni<Response> stopBroadcast(@PathParam("id") String id, @HeaderParam("Authorization") String auth);

    @PUT
    @Path("rooms/{id}/settings")
    Uni<Response> settings(@PathParam("id") String id, @HeaderParam("Authorization") String auth, JsonNode body);

    @POST
    @Path("rooms/{id}/kicks")
    Uni<Response> kick(@PathParam("id") String id, @HeaderParam("Authorization") String auth, JsonNode body);

    @PUT
    @Path("gateways/{gatewayId}")
    Uni<Response> heartbeat(@PathParam("gatewayId") String gatewayId);
}
