package dev.roomcast.room.rest;

import dev.roomcast.protocol.api.AuxRequest;
import dev.roomcast.protocol.api.Moderator;
import dev.roomcast.protocol.message.ServerMessage;
import dev.roomcast.room.booth.AuxService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Passing the aux. The host proves its token ({@code Authorization: Bearer}); a member is named by
 * the gateway ({@code X-Roomcast-Member}). Every change reaches the room as an event.
 */
@Path("/rooms/{id}/aux")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuxResource {
    private final AuxService aux;

    public AuxResource(AuxService aux) {
        this.aux = aux;
    }

    @POST
    @Path("/offer")
    @Operation(summary = "Host, while live: offer the aux to a member (404 not_in_room, 409 not_live)")
    public Response offer(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, AuxRequest body) {
        aux.offer(Inputs.roomId(id), auth, Inputs.id(Inputs.body(body).userId(), "userId"));
        return Response.noContent().build();
    }

    @POST
    @Path("/accept")
    @Consumes(MediaType.WILDCARD) // no body
    @Operation(summary = "The member the aux is offered to takes it: the handoff and its cut time (403 forbidden without an offer)")
    public ServerMessage.AuxHandoff accept(@PathParam("id") String id, @HeaderParam(Moderator.MEMBER_HEADER) String member) {
        return aux.accept(Inputs.roomId(id), member);
    }

    @POST
    @Path("/decline")
    @Consumes(MediaType.WILDCARD) // no body
    @Operation(summary = "The member says no to the offer, or the host withdraws it")
    public Response decline(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                            @HeaderParam(Moderator.MEMBER_HEADER) String member) {
        aux.decline(Inputs.roomId(id), auth, member);
        return Response.noContent().build();
    }

    @POST
    @Path("/return")
    @Consumes(MediaType.WILDCARD) // no body
    @Operation(summary = "The member with the aux gives it back, or the host takes it back: the handoff and its cut time")
    public ServerMessage.AuxHandoff giveBack(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                             @HeaderParam(Moderator.MEMBER_HEADER) String member) {
        return aux.giveBack(Inputs.roomId(id), auth, member);
    }
}
