package dev.roomcast.room.rest;

import dev.roomcast.protocol.message.Participant;
import dev.roomcast.room.lifecycle.JoinAnswer;
import dev.roomcast.room.lifecycle.JoinCommand;
import dev.roomcast.room.lifecycle.MemberService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Members of a room, called by gateways on behalf of their sockets. */
@Path("/rooms/{id}/members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MemberResource {
    private final MemberService members;

    public MemberResource(MemberService members) {
        this.members = members;
    }

    @POST
    @Operation(summary = "Join (or rejoin); a valid host token makes the member the host, with the room's hostId")
    public JoinAnswer join(@PathParam("id") String id, Requests.Join body) {
        String roomId = Inputs.roomId(id);
        Requests.Join b = Inputs.body(body);
        JoinCommand cmd = new JoinCommand(Inputs.id(b.gatewayId(), "gatewayId"), Inputs.id(b.userId(), "userId"),
                Inputs.optionalUsername(b.username()), Inputs.optionalToken(b.hostToken()),
                Inputs.optionalPassword(b.password()));
        return members.join(roomId, cmd);
    }

    @DELETE
    @Path("/{userId}")
    @Operation(summary = "Leave (idempotent)")
    public Response leave(@PathParam("id") String id, @PathParam("userId") String userId) {
        members.leave(Inputs.roomId(id), Inputs.id(userId, "userId"));
        return Response.noContent().build();
    }

    @PUT
    @Path("/{userId}")
    @Operation(summary = "Change a member's display name")
    public Participant rename(@PathParam("id") String id, @PathParam("userId") String userId, Requests.Rename body) {
        String roomId = Inputs.roomId(id);
        String user = Inputs.id(userId, "userId");
        return members.rename(roomId, user, Inputs.username(Inputs.body(body).username()));
    }
}
