package dev.roomcast.gateway.web;

import dev.roomcast.gateway.room.PublicUrls;
import dev.roomcast.gateway.services.RoomServiceClient;
import dev.roomcast.protocol.RoomIds;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The share link {@code /room/{roomId}} opens the guest page (the page reads the id from its path),
 * with the room's link-preview tags (LinkPreview) when room-service answers within a moment; a path
 * that is not a room id gets the not-found page with 404. An unknown room gets the plain page, which
 * says so itself. A room's page is kept for 10 s: room details list every member, and a crowd
 * opening one link must not make room-service read them for each person.
 */
@Path("/room")
public class PagesResource {
    private static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("utf-8");
    /** A preview is not worth a slow page: past this the page goes out without one. */
    private static final Duration PREVIEW_WAIT = Duration.ofMillis(800);

    private static final long KEEP_MS = 10_000;
    private static final int KEEP_MAX = 1_000;

    private final RoomServiceClient rooms;
    private final PublicUrls urls;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    private record Kept(byte[] page, long untilMs) {}

    public PagesResource(RoomServiceClient rooms, PublicUrls urls) {
        this.rooms = rooms;
        this.urls = urls;
    }

    @GET
    @Path("{id}")
    public Uni<Response> room(@PathParam("id") String id, @Context HttpServerRequest request) {
        if (!RoomIds.isValid(id) || Pages.ROOM.length == 0) {
            return Uni.createFrom().item(Response.status(404).type(HTML).entity(Pages.NOT_FOUND).build());
        }
        String origin = urls.origin(request.scheme(), request.getHeader("Host"));
        String key = id + ' ' + origin;
        long now = System.currentTimeMillis();
        Kept k = kept.get(key);
        if (k != null && k.untilMs() > now) {
            return Uni.createFrom().item(ok(k.page()));
        }
        return rooms.get(id)
                .map(room -> {
                    byte[] page = LinkPreview.page(Pages.ROOM, room, origin);
                    if (kept.size() >= KEEP_MAX) {
                        kept.clear();
                    }
                    kept.put(key, new Kept(page, now + KEEP_MS));
                    return page;
                })
                .ifNoItem().after(PREVIEW_WAIT).recoverWithItem(Pages.ROOM)
                .onFailure().recoverWithItem(Pages.ROOM)
                .map(PagesResource::ok);
    }

    private static Response ok(byte[] page) {
        return Response.ok(page, HTML).header("Cache-Control", "no-cache").build();
    }
}
