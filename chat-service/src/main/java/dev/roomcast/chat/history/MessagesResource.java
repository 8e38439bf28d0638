package dev.roomcast.chat.history;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.RoomIds;
import dev.roomcast.protocol.api.ApiError;
import dev.roomcast.protocol.api.RoomMessages;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

@Path("/rooms/{id}/messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {
    private static final Logger LOG = Logger.getLogger(MessagesResource.class);
    private final ChatHistoryStore store;

    public MessagesResource(ChatHistoryStore store) {
        this.store = store;
    }

    @GET
    @Operation(summary = "A room's chat history", description = "The room's last messages (at most 100), oldest first.")
    @APIResponse(responseCode = "200", description = "The history",
            content = @Content(schema = @Schema(implementation = RoomMessages.class)))
    @APIResponse(responseCode = "400", description = "invalid_room_id",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "room_not_found",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response messages(@PathParam("id") String roomId) {
        if (!RoomIds.isValid(roomId)) {
            return error(ErrorCode.INVALID_ROOM_ID, "room id must be 12 characters of [A-Za-z0-9_-]");
        }
        if (!store.roomExists(roomId)) {
            return error(ErrorCode.ROOM_NOT_FOUND, "room not found");
        }
        return Response.ok(new RoomMessages(roomId, store.history(roomId))).build();
    }

    /** Redis down or failing: the caller may retry; the cause goes to the log, not to the caller. */
    @ServerExceptionMapper
    public Response unavailable(RuntimeException e) {
        LOG.warnf("chat history unavailable: %s", e.toString());
        return error(ErrorCode.UNAVAILABLE, "chat history is unavailable, try again");
    }

    /** The shared error body with the status of the one table (ErrorCode.httpStatus). */
    private static Response error(ErrorCode code, String message) {
        return Response.status(code.httpStatus()).type(MediaType.APPLICATION_JSON).entity(ApiError.of(code, message)).build();
    }
}
