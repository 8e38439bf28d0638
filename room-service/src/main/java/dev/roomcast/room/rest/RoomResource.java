package dev.roomcast.room.rest;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.api.BroadcastRequest;
import dev.roomcast.protocol.api.CohostRequest;
import dev.roomcast.protocol.api.CreateRoomRequest;
import dev.roomcast.protocol.api.CreatedRoom;
import dev.roomcast.protocol.api.HandoverLink;
import dev.roomcast.protocol.api.HostToken;
import dev.roomcast.protocol.api.KickRequest;
import dev.roomcast.protocol.api.Moderator;
import dev.roomcast.protocol.api.MuteRequest;
import dev.roomcast.protocol.api.RoomBans;
import dev.roomcast.protocol.api.RoomDetails;
import dev.roomcast.protocol.api.RoomStats;
import dev.roomcast.protocol.api.RoomSummary;
import dev.roomcast.protocol.api.SettingsRequest;
import dev.roomcast.protocol.api.SlowModeRequest;
import dev.roomcast.protocol.api.Success;
import dev.roomcast.room.lifecycle.HostHandover;
import dev.roomcast.room.lifecycle.RoomService;
import dev.roomcast.room.moderation.ModerationService;
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

/** Rooms: create, list, read, close, broadcast, settings, moderation. Validates, delegates, maps. */
@Path("/rooms")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoomResource {
    private final RoomService rooms;
    private final ModerationService moderation;
    private final HostHandover handover;

    public RoomResource(RoomService rooms, ModerationService moderation, HostHandover handover) {
        this.rooms = rooms;
        this.moderation = moderation;
        this.handover = handover;
    }

    @POST
    @Operation(summary = "Create a room; the answer is the only place the host token appears")
    public Response create(CreateRoomRequest body) {
        CreateRoomRequest b = Inputs.body(body);
        CreatedRoom created = rooms.create(Inputs.roomName(b.roomName()), b.isListed());
        return Response.status(201).entity(created).build();
    }

    @GET
    @Operation(summary = "The listed rooms that are live now, most participants first (at most 100)")
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
    public Success close(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        rooms.close(Inputs.roomId(id), auth);
        return Success.OK;
    }

    @GET
    @Path("/{id}/stats")
    @Operation(summary = "Stream stats: bitrate kbps, latency ms, guestCount, duration s, bufferLevel ms")
    public RoomStats stats(@PathParam("id") String id) {
        return rooms.stats(Inputs.roomId(id));
    }

    @POST
    @Path("/{id}/broadcast")
    @Operation(summary = "Host only: go live")
    public RoomDetails startBroadcast(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                      BroadcastRequest body) {
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
    @Operation(summary = "Host only: preset, password (empty removes it) and/or listed")
    public RoomDetails settings(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                SettingsRequest body) {
        String roomId = Inputs.roomId(id);
        SettingsRequest s = Inputs.body(body);
        if (s.preset() == null && s.password() == null && s.listed() == null) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "preset, password or listed is required");
        }
        return rooms.settings(roomId, auth, s.preset(), Inputs.optionalPassword(s.password()), s.listed());
    }

    @POST
    @Path("/{id}/kicks")
    @Operation(summary = "Host or co-host: remove a member and keep it out (404 not_in_room if it is not in the room)")
    public Response kick(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                         @HeaderParam(Moderator.MEMBER_HEADER) String member, KickRequest body) {
        String roomId = Inputs.roomId(id);
        moderation.kick(roomId, auth, member, Inputs.id(Inputs.body(body).userId(), "userId"));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/mutes")
    @Operation(summary = "Host or co-host: no chat from a member (and its device) for `seconds` (0 lifts it); 404 not_in_room")
    public Response mute(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                         @HeaderParam(Moderator.MEMBER_HEADER) String member, MuteRequest body) {
        String roomId = Inputs.roomId(id);
        MuteRequest b = Inputs.body(body);
        moderation.mute(roomId, auth, member, Inputs.id(b.userId(), "userId"), b.seconds());
        return Response.noContent().build();
    }

    @PUT
    @Path("/{id}/slowmode")
    @Operation(summary = "Host or co-host: guests may send one chat message per `seconds` (0 turns it off)")
    public RoomDetails slowMode(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                @HeaderParam(Moderator.MEMBER_HEADER) String member, SlowModeRequest body) {
        return moderation.slowMode(Inputs.roomId(id), auth, member, Inputs.body(body).seconds());
    }

    @PUT
    @Path("/{id}/cohosts/{userId}")
    @Operation(summary = "Host only: make a member a co-host (moderation, not the broadcast) or no longer one")
    public Response cohost(@PathParam("id") String id, @PathParam("userId") String userId,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, CohostRequest body) {
        CohostRequest b = Inputs.body(body);
        if (b.isCohost() == null) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "isCohost (true or false) is required");
        }
        moderation.cohost(Inputs.roomId(id), auth, Inputs.id(userId, "userId"), b.isCohost());
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/handover")
    @Consumes(MediaType.WILDCARD) // no body
    @Operation(summary = "Host only: a one-time secret (10 minutes) that makes another device the host; replaces the last one")
    public HandoverLink handover(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return handover.create(Inputs.roomId(id), auth);
    }

    @POST
    @Path("/{id}/host-token")
    @Consumes(MediaType.WILDCARD) // no body
    @Operation(summary = "With a handover secret as the bearer: the room's new host token (the old one stops working)")
    public HostToken claimHost(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return handover.claim(Inputs.roomId(id), auth);
    }

    @GET
    @Path("/{id}/bans")
    @Operation(summary = "Host only: the guests the host removed and keeps out, oldest first")
    public RoomBans bans(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return moderation.bans(Inputs.roomId(id), auth);
    }

    @DELETE
    @Path("/{id}/bans/{banId}")
    @Operation(summary = "Host only: lift a ban (404 not_found for an unknown ban id)")
    public Response unban(@PathParam("id") String id, @PathParam("banId") String banId,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        moderation.unban(Inputs.roomId(id), auth, banId);
        return Response.noContent().build();
    }
}
