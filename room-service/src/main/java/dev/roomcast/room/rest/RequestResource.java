package dev.roomcast.room.rest;

import dev.roomcast.protocol.api.Moderator;
import dev.roomcast.protocol.api.RequestQueue;
import dev.roomcast.protocol.api.RequestResolution;
import dev.roomcast.protocol.api.RequestText;
import dev.roomcast.protocol.api.RequestsSwitch;
import dev.roomcast.protocol.message.TrackAsk;
import dev.roomcast.room.requests.RequestService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Track requests: a member (named by the gateway in {@link Moderator#MEMBER_HEADER}) asks; the host
 * (bearer) or a co-host (member header) resolves them and turns them on or off.
 */
@Path("/rooms/{id}/requests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RequestResource {
    private final RequestService requests;

    public RequestResource(RequestService requests) {
        this.requests = requests;
    }

    @POST
    @Operation(summary = "Member: ask for a track (400 bad_message, 404 not_in_room, 409 requests_off / requests_full, 429 rate_limited)")
    public TrackAsk add(@PathParam("id") String id, @HeaderParam(Moderator.MEMBER_HEADER) String member, RequestText body) {
        return requests.add(Inputs.roomId(id), member, Inputs.body(body).text());
    }

    @GET
    @Operation(summary = "Open requests: all for the host or a co-host, the member's own for anyone else")
    public RequestQueue queue(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                              @HeaderParam(Moderator.MEMBER_HEADER) String member) {
        return requests.queue(Inputs.roomId(id), auth, member);
    }

    @POST
    @Path("{requestId}/resolve")
    @Operation(summary = "Host or co-host: played or dismissed (404 request_not_found when not open)")
    public TrackAsk resolve(@PathParam("id") String id, @PathParam("requestId") long requestId,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                            @HeaderParam(Moderator.MEMBER_HEADER) String member, RequestResolution body) {
        return requests.resolve(Inputs.roomId(id), auth, member, requestId, Inputs.body(body).outcome());
    }

    @PUT
    @Path("open")
    @Operation(summary = "Host or co-host: requests on or off; the room hears requests:open")
    public RequestQueue open(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                             @HeaderParam(Moderator.MEMBER_HEADER) String member, RequestsSwitch body) {
        return requests.setOpen(Inputs.roomId(id), auth, member, Inputs.body(body).open());
    }
}
