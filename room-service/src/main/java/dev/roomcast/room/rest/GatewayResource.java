package dev.roomcast.room.rest;

import dev.roomcast.room.store.GatewayStore;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Gateway heartbeats (every 10 s); members of a gateway silent for 30 s are removed. */
@Path("/gateways")
public class GatewayResource {
    private final GatewayStore gateways;

    public GatewayResource(GatewayStore gateways) {
        this.gateways = gateways;
    }

    @PUT
    @Path("/{gatewayId}")
    @Operation(summary = "Heartbeat")
    public Response heartbeat(@PathParam("gatewayId") String gatewayId) {
        gateways.heartbeat(Inputs.id(gatewayId, "gatewayId"), System.currentTimeMillis());
        return Response.noContent().build();
    }
}
