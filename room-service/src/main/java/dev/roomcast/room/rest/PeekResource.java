package dev.roomcast.room.rest;

import dev.roomcast.protocol.api.PeekUpload;
import dev.roomcast.protocol.api.Success;
import dev.roomcast.room.peek.PeekService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A room's tab peek: the host puts the latest small picture of its shared tab, guests fetch it. */
@Path("/rooms/{id}/peek")
public class PeekResource {
    private final PeekService peek;

    public PeekResource(PeekService peek) {
        this.peek = peek;
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Host, while live: the tab's latest picture, JPEG/PNG/WebP ≤ 64 KiB, one per 2 s"
            + " (413 too_large, 415 unsupported_media_type, 409 not_live, 429 rate_limited)")
    public PeekUpload put(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, byte[] image) {
        return peek.put(Inputs.roomId(id), auth, image);
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Host: the peek stops now (the room hears peek:stopped)")
    public Success stop(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        peek.stop(Inputs.roomId(id), auth);
        return Success.OK;
    }

    @GET
    @Produces({"image/jpeg", "image/png", "image/webp", MediaType.APPLICATION_JSON})
    @Operation(summary = "The tab's latest picture, named by its key (?v=, from peek:frame); 404 not_found for any other key,"
            + " when the peek is off or its frame expired")
    public Response get(@PathParam("id") String id, @QueryParam("v") String key) {
        PeekService.Frame frame = peek.get(Inputs.roomId(id), key);
        return Response.ok(frame.bytes(), frame.contentType()).header("Cache-Control", "no-store").build();
    }
}
