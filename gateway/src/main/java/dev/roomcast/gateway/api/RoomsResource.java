package dev.roomcast.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roomcast.gateway.chat.ChatServiceClient;
import dev.roomcast.gateway.room.CreateLimiter;
import dev.roomcast.gateway.room.PublicUrls;
import dev.roomcast.gateway.room.RoomServiceClient;
import dev.roomcast.gateway.room.ServiceReply;
import dev.roomcast.gateway.session.ClientAddress;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.Text;
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
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The public REST API, in front of room-service and chat-service. Validates, then delegates. */
@Path("/api/rooms")
@Produces(MediaType.APPLICATION_JSON)
public class RoomsResource {
    /** Request bodies are parsed here, so that a body which is not JSON gets our error body (bad_json). */
    private static final ObjectMapper BODY = new ObjectMapper();
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
    @Operation(summary = "Create a room", description = "Answers 201 with the room and its secret host token (shown once).")
    public Uni<Response> create(String raw, @Context HttpServerRequest request) {
        JsonNode body;
        try {
            body = raw == null || raw.isBlank() ? null : BODY.readTree(raw);
        } catch (StreamConstraintsException e) {
            return Uni.createFrom().item(ApiError.of(ErrorCode.TOO_LARGE, "the body is nested too deeply or has an oversize value"));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().item(ApiError.of(ErrorCode.BAD_JSON, "the body is not valid JSON"));
        }
        if (body == null || !body.isObject() || !body.path("roomName").isTextual()) {
            return Uni.createFrom().item(ApiError.of(ErrorCode.BAD_MESSAGE, "body must be {\"roomName\": \"...\"}"));
        }
        String name = Text.name(body.path("roomName").asText(), Limits.ROOM_NAME_MAX, ErrorCode.INVALID_NAME);
        if (!createLimiter.tryCreate(ClientAddress.of(request))) {
            return Uni.createFrom().item(ApiError.of(ErrorCode.RATE_LIMITED, "too many rooms created from this address"));
        }
        String scheme = request.scheme();
        String host = request.getHeader("Host");
        return rooms.create(name).map(reply -> {
            if (!reply.ok()) {
                return pass(reply);
            }
            ObjectNode created = (ObjectNode) reply.json();
            created.put("url", urls.roomUrl(created.path("roomId").asText(), scheme, host));
            return Response.status(201).type(MediaType.APPLICATION_JSON).entity(created.toString()).build();
        });
    }

    @GET
    @Operation(summary = "Live and open rooms, newest first")
    public Uni<Response> list() {
        return rooms.list().map(RoomsResource::pass);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A room: name, host, participants, live state and stats")
    public Uni<Response> get(@PathParam("id") String id) {
        return rooms.get(Text.roomId(id)).map(RoomsResource::pass);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Close a room (host only: Authorization: Bearer <hostToken>)")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam("Authorization") String auth) {
        String roomId = Text.roomId(id);
        if (auth == null || !auth.startsWith("Bearer ") || auth.length() <= 7) {
            return Uni.createFrom().item(ApiError.of(ErrorCode.UNAUTHORIZED, "the host token is required"));
        }
        return rooms.delete(roomId, auth).map(RoomsResource::pass);
    }

    @GET
    @Path("{id}/stats")
    @Operation(summary = "A room's stream stats: bitrate, latency, guestCount, duration, bufferLevel")
    public Uni<Response> stats(@PathParam("id") String id) {
        return rooms.stats(Text.roomId(id)).map(RoomsResource::pass);
    }

    @GET
    @Path("{id}/messages")
    @Operation(summary = "A room's recent chat messages, oldest first")
    public Uni<Response> messages(@PathParam("id") String id) {
        return chat.history(Text.roomId(id)).map(RoomsResource::pass);
    }

    private static Response pass(ServiceReply reply) {
        return Response.status(reply.status()).type(MediaType.APPLICATION_JSON).entity(reply.body()).build();
    }
}
