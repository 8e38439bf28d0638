package dev.roomcast.gateway.web;

import dev.roomcast.protocol.RoomIds;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The share link {@code /room/{roomId}} opens the guest page (the page reads the id from its path);
 * a path that is not a room id gets the not-found page with 404.
 */
@Path("/room")
public class PagesResource {

    @GET
    @Path("{id}")
    public Response room(@PathParam("id") String id) {
        if (!RoomIds.isValid(id) || Pages.ROOM.length == 0) {
            return Response.status(404).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(Pages.NOT_FOUND).build();
        }
        return Response.ok(Pages.ROOM, MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).build();
    }
}
