package dev.roomcast.room.rest;

import dev.roomcast.protocol.LatencyPreset;
import dev.roomcast.room.lifecycle.CreatedRoom;
import dev.roomcast.room.lifecycle.MemberService;
import dev.roomcast.room.lifecycle.RoomDetails;
import dev.roomcast.room.lifecycle.RoomService;
import dev.roomcast.room.lifecycle.RoomStats;
import dev.roomcast.room.lifecycle.RoomSummary;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Rooms: create, list, read, close, broadcast, settings, kicks. Validates, delegates, maps. */
@Path("/rooms")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoomResource {
    private final RoomService rooms;
    private final MemberService members;

    public RoomResource(RoomService rooms, MemberService members) {
        this.rooms = rooms;
        this.members = members;
    }

    @POST
    @Operation(summary = "Create a room; the answer is the only place the host token appears")
    public Response create(Requests.CreateRoom body) {
        CreatedRoom created = rooms.create(Inputs.roomName(Inputs.body(body).roomName()));
        return Response.status(201).entity(created).build();
    }

    @GET
    @Operation(summary = "The newest rooms (at most 100)")
    public List<RoomSummary> list() {
        return rooms.list();
    }

    @GET
    @Path("/{id}")
    public RoomDetails details(@PathParam("id") String id) {
        return rooms.details(Inputs.roomId(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Host only: close the room, its keys and its topic")
    public Requests.Success close(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        rooms.close(Inputs.roomId(id), auth);
        return new Requests.Success(true);
    }

    @GET
    @Path("/{id}/stats")
    public RoomStats stats(@PathParam("id") String id) {
        return rooms.stats(Inputs.roomId(id));
    }

    @POST
    @Path("/{id}/broadcast")
    @Operation(summary = "Host only: go live")
    public RoomDetails startBroadcast(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                      Requests.Broadcast body) {
        String roomId = Inputs.roomId(id);
        var audioConfig = Inputs.body(Inputs.body(body).audioConfig());
        return rooms.startBroadcast(roomId, auth, audioConfig);
    }

    @DELETE
    @Path("/{id}/broadcast")
    @Operation(summary = "Host only: stop the broadcast")
    public Response stopBroadcast(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        rooms.stopBroadcast(Inputs.roomId(id), auth);
        return Response.noContent().build();
    }

    @PUT
    @Path("/{id}/settings")
    @Operation(summary = "Host only: preset and/or password (empty password removes it)")
    public RoomDetails settings(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                Requests.Settings body) {
        String roomId = Inputs.roomId(id);
        Requests.Settings s = Inputs.body(body);
        if (s.preset() == null && s.password() == null) {
            throw new dev.roomcast.protocol.ProtocolException(dev.roomcast.protocol.ErrorCode.BAD_MESSAGE,
                    "preset or password is required");
        }
        LatencyPreset preset = s.preset() == null ? null : LatencyPreset.ofWire(s.preset());
        return rooms.settings(roomId, auth, preset, Inputs.optionalPassword(s.password()));
    }

    @POST
    @Path("/{id}/kicks")
    @Operation(summary = "Host only: remove a user and keep it out")
    public Response kick(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                         Requests.Kick body) {
        String roomId = Inputs.roomId(id);
        members.kick(roomId, auth, Inputs.id(Inputs.body(body).userId(), "userId"));
        return Response.noContent().build();
    }
}
