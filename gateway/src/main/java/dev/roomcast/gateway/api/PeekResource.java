package dev.roomcast.gateway.api;

import dev.roomcast.gateway.config.GatewayConfig;
import dev.roomcast.gateway.services.RoomServiceClient;
import dev.roomcast.gateway.session.AddressLimits;
import dev.roomcast.gateway.session.ClientAddress;
import dev.roomcast.protocol.CoverArt;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.TabPeek;
import dev.roomcast.protocol.Text;
import dev.roomcast.protocol.api.PeekUpload;
import dev.roomcast.protocol.api.Success;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The tab peek (docs/PROTOCOL.md §7e): the studio puts a small picture of its shared tab every few
 * seconds; guests hear {@code peek:frame} on their socket and load the picture by URL, never cached.
 */
@Path("/api/rooms/{id}/peek")
public class PeekResource {
    private final RoomServiceClient rooms;
    private final AddressLimits uploads;

    public PeekResource(RoomServiceClient rooms, GatewayConfig config) {
        this.rooms = rooms;
        this.uploads = new AddressLimits(config.peekUploadsPerMinute());
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Host only (Authorization: Bearer <hostToken>), while live: the tab's latest picture"
            + " (JPEG, PNG or WebP, ≤ 64 KiB, one per 2 s a room); the room hears peek:frame")
    public Uni<PeekUpload> put(@PathParam("id") String id, @HeaderParam("Authorization") String auth, byte[] image,
                               @Context HttpServerRequest request) {
        String roomId = Text.roomId(id);
        HostBearer.require(auth);
        TabPeek.check(image);
        if (!uploads.tryAcquire(ClientAddress.of(request))) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many peek frames from this address");
        }
        return rooms.peekUpload(roomId, auth, image);
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Host only: the peek stops now; the room hears peek:stopped")
    public Uni<Success> stop(@PathParam("id") String id, @HeaderParam("Authorization") String auth) {
        String roomId = Text.roomId(id);
        HostBearer.require(auth);
        return rooms.peekStop(roomId, auth);
    }

    @GET
    @Produces({"image/jpeg", "image/png", "image/webp", MediaType.APPLICATION_JSON})
    @Operation(summary = "The tab's latest picture by the key a peek:frame named (?v=), never cached;"
            + " 404 not_found for any other key or when the peek is off")
    public Uni<Response> get(@PathParam("id") String id, @QueryParam("v") String key) {
        String roomId = Text.roomId(id);
        if (!TabPeek.isKey(key)) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no such picture of the host's tab now");
        }
        return rooms.peek(roomId, key).map(bytes -> Response.ok(bytes, CoverArt.contentType(bytes))
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff").build());
    }
}
