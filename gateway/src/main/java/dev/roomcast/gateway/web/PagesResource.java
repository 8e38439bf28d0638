package dev.roomcast.gateway.web;

import dev.roomcast.protocol.RoomIds;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The share link {@code /room/{roomId}} opens the guest page (the page reads the id from its path). */
@Path("/room")
public class PagesResource {
    private static final byte[] ROOM_PAGE = load("META-INF/resources/room.html");

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public byte[] room(@PathParam("id") String id) {
        if (!RoomIds.isValid(id) || ROOM_PAGE == null) {
            throw new NotFoundException();
        }
        return ROOM_PAGE;
    }

    private static byte[] load(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
