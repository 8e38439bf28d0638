package dev.roomcast.room.rest;

import dev.roomcast.protocol.api.ArtUpload;
import dev.roomcast.room.booth.ArtService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A room's cover art: the host uploads an image once, anyone fetches it by its hash. */
@Path("/rooms/{id}/art")
public class ArtResource {
    private final ArtService art;

    public ArtResource(ArtService art) {
        this.art = art;
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Host: store a JPEG/PNG/WebP ≤ 256 KiB under its SHA-256 (413 too_large, 415 unsupported_media_type)")
    public ArtUpload upload(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, byte[] image) {
        return art.upload(Inputs.roomId(id), auth, image);
    }

    @GET
    @Path("{sha}")
    @Produces({"image/jpeg", "image/png", "image/webp", MediaType.APPLICATION_JSON})
    @Operation(summary = "The image stored under this SHA-256 for the room (404 not_found)")
    public Response get(@PathParam("id") String id, @PathParam("sha") String sha) {
        ArtService.Image image = art.get(Inputs.roomId(id), sha);
        return Response.ok(image.bytes(), image.contentType()).build();
    }
}
