package dev.roomcast.room.rest;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.api.BatchJoinAnswer;
import dev.roomcast.protocol.api.JoinAnswer;
import dev.roomcast.protocol.api.JoinBatchRequest;
import dev.roomcast.protocol.api.JoinRequest;
import dev.roomcast.protocol.api.RenameRequest;
import dev.roomcast.protocol.message.Participant;
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
import java.util.ArrayList;
import java.util.List;
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
    public JoinAnswer join(@PathParam("id") String id, JoinRequest body) {
        String roomId = Inputs.roomId(id);
        JoinRequest b = Inputs.body(body);
        JoinCommand cmd = new JoinCommand(Inputs.id(b.gatewayId(), "gatewayId"), Inputs.id(b.userId(), "userId"),
                Inputs.optionalUsername(b.username()), Inputs.optionalToken(b.hostToken()),
                Inputs.optionalPassword(b.password()), Inputs.optionalAddress(b.address()));
        return members.join(roomId, cmd);
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Join up to 256 members of one gateway at once; one outcome per member, in order")
    public BatchJoinAnswer joinBatch(@PathParam("id") String id, JoinBatchRequest body) {
        String roomId = Inputs.roomId(id);
        JoinBatchRequest b = Inputs.body(body);
        String gatewayId = Inputs.id(b.gatewayId(), "gatewayId");
        if (b.members() == null || b.members().isEmpty() || b.members().size() > MemberService.MAX_BATCH) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "members: 1.." + MemberService.MAX_BATCH + " entries");
        }
        List<MemberService.BatchItem> items = new ArrayList<>(b.members().size());
        for (JoinBatchRequest.Member m : b.members()) {
            String asked = m == null ? null : m.userId();
            try {
                if (m == null) {
                    throw new ProtocolException(ErrorCode.BAD_MESSAGE, "a member is null");
                }
                items.add(new MemberService.BatchItem(asked, new JoinCommand(gatewayId, Inputs.id(m.userId(), "userId"),
                        Inputs.optionalUsername(m.username()), Inputs.optionalToken(m.hostToken()),
                        Inputs.optionalPassword(m.password()), Inputs.optionalAddress(m.address())), null));
            } catch (ProtocolException e) {
                items.add(new MemberService.BatchItem(asked, null, e));
            }
        }
        return members.joinBatch(roomId, gatewayId, items);
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
    public Participant rename(@PathParam("id") String id, @PathParam("userId") String userId, RenameRequest body) {
        String roomId = Inputs.roomId(id);
        String user = Inputs.id(userId, "userId");
        return members.rename(roomId, user, Inputs.username(Inputs.body(body).username()));
    }
}
