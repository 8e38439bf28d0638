package dev.roomcast.room.rest;

import dev.roomcast.protocol.api.TrackRequest;
import dev.roomcast.protocol.message.NowPlaying;
import dev.roomcast.room.booth.NowPlayingService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What plays in a live room (host only): {@code track:changed} to the room, kept for late joiners. */
@Path("/rooms/{id}/track")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TrackResource {
    private final NowPlayingService tracks;

    public TrackResource(NowPlayingService tracks) {
        this.tracks = tracks;
    }

    @PUT
    @Operation(summary = "Host, while live: what plays from stream time atUs on (400 bad_message, 409 not_live)")
    public NowPlaying set(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, TrackRequest body) {
        return tracks.set(Inputs.roomId(id), auth, Inputs.body(body));
    }
}
