package dev.roomcast.gateway.api;

import dev.roomcast.gateway.config.GatewayConfig;
import dev.roomcast.gateway.services.RoomServiceClient;
import dev.roomcast.gateway.session.AddressLimits;
import dev.roomcast.gateway.session.ClientAddress;
import dev.roomcast.protocol.CoverArt;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.Text;
import dev.roomcast.protocol.api.ArtUpload;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Cover art (docs/PROTOCOL.md §7b): the studio uploads a track's scaled cover once, guests load it
 * by URL — content-addressed, so cacheable for good — instead of receiving it on every socket.
 */
@Path("/api/rooms/{id}/art")
public class ArtResource {
    /** Never changes: the URL names the bytes. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final RoomServiceClient rooms;
    private final AddressLimits uploads;

    public ArtResource(RoomServiceClient rooms, GatewayConfig config) {
        this.rooms = rooms;
        this.uploads = new AddressLimits(config.artUploadsPerMinute());
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Host only (Authorization: Bearer <hostToken>): store a cover (JPEG, PNG or WebP, ≤ 256 KiB)"
            + " for the room; answers its hash and URL for track:set")
    public Uni<ArtUpload> upload(@PathParam("id") String id, @HeaderParam("Authorization") String auth, byte[] image,
                                 @Context HttpServerRequest request) {
        String roomId = Text.roomId(id);
        HostBearer.require(auth);
        CoverArt.check(image);
        if (!uploads.tryAcquire(ClientAddress.of(request))) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many cover uploads from this address");
        }
        return rooms.artUpload(roomId, auth, image);
    }

    @GET
    @Path("{sha}")
    @Produces({"image/jpeg", "image/png", "image/webp", MediaType.APPLICATION_JSON})
    @Operation(summary = "A cover by its SHA-256: cacheable for a year, immutable; 404 not_found when the room keeps no such image")
    public Uni<Response> get(@PathParam("id") String id, @PathParam("sha") String sha) {
        String roomId = Text.roomId(id);
        if (!CoverArt.isHash(sha)) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no such art in this room");
        }
        return rooms.art(roomId, sha).map(bytes -> Response.ok(bytes, CoverArt.contentType(bytes))
                .header("Cache-Control", IMMUTABLE).header("X-Content-Type-Options", "nosniff").build());
    }
}
