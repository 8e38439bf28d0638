package dev.roomcast.gateway.api;

import dev.roomcast.gateway.room.CreateLimiter;
import dev.roomcast.gateway.room.PublicUrls;
import dev.roomcast.gateway.services.ChatServiceClient;
import dev.roomcast.gateway.services.RoomServiceClient;
import dev.roomcast.gateway.session.ClientAddress;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.Text;
import dev.roomcast.protocol.api.CreateRoomRequest;
import dev.roomcast.protocol.api.CreatedRoom;
import dev.roomcast.protocol.api.HandoverLink;
import dev.roomcast.protocol.api.HostToken;
import dev.roomcast.protocol.api.RoomBans;
import dev.roomcast.protocol.api.RoomDetails;
import dev.roomcast.protocol.api.RoomMessages;
import dev.roomcast.protocol.api.RoomStats;
import dev.roomcast.protocol.api.RoomSummary;
import dev.roomcast.protocol.api.Success;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The public REST API, in front of room-service and chat-service, in the shared records. Validates,
 * then delegates; every refusal is the documented error body ({@link ApiErrors}).
 */
@Path("/api/rooms")
@Produces(MediaType.APPLICATION_JSON)
public class RoomsResource {
    private final RoomServiceClient rooms;
    private final ChatServiceClient chat;
    private final CreateLimiter createLimiter;
    private final PublicUrls urls;

    public RoomsResource(RoomServiceClient rooms, ChatServiceClient chat, CreateLimiter createLimiter, PublicUrls urls) {
        this.rooms = rooms;
        this.chat = chat;
        this.createLimiter = createLimiter;
        this.urls = urls;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a room", description = "Answers 201 with the room and its secret host token (shown once). "
            + "\"listed\": true puts it on the public list while live; by default it is reached by its link only.")
    public Uni<Response> create(CreateRoomRequest body, @Context HttpServerRequest request) {
        if (body == null) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "body must be {\"roomName\": \"...\", \"listed\": true|false}");
        }
        String name = Text.name(body.roomName(), Limits.ROOM_NAME_MAX, ErrorCode.INVALID_NAME);
        if (!createLimiter.tryCreate(ClientAddress.of(request))) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many rooms created from this address");
        }
        String scheme = request.scheme();
        String host = request.getHeader("Host");
        return rooms.create(name, body.isListed()).map(created -> {
            CreatedRoom withUrl = created.withUrl(urls.roomUrl(created.roomId(), scheme, host));
            return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE).entity(withUrl).build();
        });
    }

    @GET
    @Operation(summary = "The listed rooms that are live now, most participants first (at most 100)")
    public Uni<List<RoomSummary>> list() {
        return rooms.list();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A room: name, host, participants, live state and stats")
    public Uni<RoomDetails> get(@PathParam("id") String id) {
        return rooms.get(Text.roomId(id));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Close a room (host only: Authorization: Bearer <hostToken>)")
    public Uni<Success> delete(@PathParam("id") String id, @HeaderParam("Authorization") String auth) {
        String roomId = Text.roomId(id);
        return rooms.delete(roomId, bearer(auth));
    }

    @GET
    @Path("{id}/bans")
    @Operation(summary = "Host only (Authorization: Bearer <hostToken>): the guests removed and kept out, oldest first")
    public Uni<RoomBans> bans(@PathParam("id") String id, @HeaderParam("Authorization") String auth) {
        String roomId = Text.roomId(id);
        return rooms.bans(roomId, bearer(auth));
    }

    @DELETE
    @Path("{id}/bans/{banId}")
    @Operation(summary = "Host only (Authorization: Bearer <hostToken>): lift a ban; 204, or 404 not_found")
    public Uni<Response> unban(@PathParam("id") String id, @PathParam("banId") String banId,
                               @HeaderParam("Authorization") String auth) {
        String roomId = Text.roomId(id);
        String authorization = bearer(auth);
        if (!RoomIds.isBanId(banId)) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no such ban in this room");
        }
        return rooms.unban(roomId, banId, authorization).map(v -> Response.noContent().build());
    }

    @POST
    @Path("{id}/handover")
    @Operation(summary = "Host only (Authorization: Bearer <hostToken>): a one-time link (10 minutes) that makes another device the host")
    public Uni<HandoverLink> handover(@PathParam("id") String id, @HeaderParam("Authorization") String auth,
                                      @Context HttpServerRequest request) {
        String roomId = Text.roomId(id);
        String scheme = request.scheme();
        String host = request.getHeader("Host");
        return rooms.handover(roomId, bearer(auth)).map(l -> new HandoverLink(l.handoverToken(),
                urls.handoverUrl(roomId, l.handoverToken(), scheme, host), l.expiresAt()));
    }

    @POST
    @Path("{id}/host-token")
    @Operation(summary = "With a handover link's secret (Authorization: Bearer <secret>): the room's new host token")
    public Uni<HostToken> claimHost(@PathParam("id") String id, @HeaderParam("Authorization") String auth) {
        return rooms.claimHost(Text.roomId(id), bearer(auth));
    }

    private static String bearer(String auth) {
        if (auth == null || !auth.startsWith("Bearer ") || auth.length() <= 7) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the host token is required");
        }
        return auth;
    }

    @GET
    @Path("{id}/stats")
    @Operation(summary = "A room's stream stats: bitrate kbps, latency ms, guestCount, duration s, bufferLevel ms")
    public Uni<RoomStats> stats(@PathParam("id") String id) {
        return rooms.stats(Text.roomId(id));
    }

    @GET
    @Path("{id}/messages")
    @Operation(summary = "A room's recent chat messages, oldest first")
    public Uni<RoomMessages> messages(@PathParam("id") String id) {
        return chat.history(Text.roomId(id));
    }
}
