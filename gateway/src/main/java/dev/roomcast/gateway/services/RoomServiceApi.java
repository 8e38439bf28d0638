package dev.roomcast.gateway.services;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roomcast.protocol.api.ArtUpload;
import dev.roomcast.protocol.api.PeekUpload;
import dev.roomcast.protocol.api.BatchJoinAnswer;
import dev.roomcast.protocol.api.BroadcastRequest;
import dev.roomcast.protocol.api.CreateRoomRequest;
import dev.roomcast.protocol.api.CreatedRoom;
import dev.roomcast.protocol.api.HandoverLink;
import dev.roomcast.protocol.api.HostToken;
import dev.roomcast.protocol.api.JoinBatchRequest;
import dev.roomcast.protocol.api.AuxRequest;
import dev.roomcast.protocol.api.CohostRequest;
import dev.roomcast.protocol.api.KickRequest;
import dev.roomcast.protocol.api.Moderator;
import dev.roomcast.protocol.api.RenameRequest;
import dev.roomcast.protocol.api.MuteRequest;
import dev.roomcast.protocol.api.RoomBans;
import dev.roomcast.protocol.api.RoomDetails;
import dev.roomcast.protocol.api.RoomStats;
import dev.roomcast.protocol.api.RoomSummary;
import dev.roomcast.protocol.api.SettingsRequest;
import dev.roomcast.protocol.api.TrackRequest;
import dev.roomcast.protocol.message.NowPlaying;
import dev.roomcast.protocol.api.RequestQueue;
import dev.roomcast.protocol.api.RequestResolution;
import dev.roomcast.protocol.api.RequestText;
import dev.roomcast.protocol.api.RequestsSwitch;
import dev.roomcast.protocol.api.SlowModeRequest;
import dev.roomcast.protocol.message.TrackAsk;
import dev.roomcast.protocol.api.Success;
import dev.roomcast.protocol.message.Participant;
import io.quarkus.rest.client.reactive.jackson.ClientObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * room-service's REST API (docs/INTERNAL-API.md), typed with the shared records of
 * {@code dev.roomcast.protocol.api}; a refusal arrives as the {@code ProtocolException} it
 * describes ({@link ServiceRefusals}). Use it through {@link RoomServiceClient}.
 */
@RegisterRestClient(configKey = "room-service")
@RegisterProvider(ServiceRefusals.class)
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface RoomServiceApi {

    /**
     * The strict mapper, except that a field room-service's records gained later reads as false / 0
     * when an older room-service (a rolling deploy) leaves it out.
     */
    @ClientObjectMapper
    static ObjectMapper objectMapper(ObjectMapper defaultObjectMapper) {
        return defaultObjectMapper.copy().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    @POST
    @Path("rooms")
    Uni<CreatedRoom> create(CreateRoomRequest body);

    @GET
    @Path("rooms")
    Uni<List<RoomSummary>> list();

    @GET
    @Path("rooms/{id}")
    Uni<RoomDetails> get(@PathParam("id") String id);

    @DELETE
    @Path("rooms/{id}")
    Uni<Success> delete(@PathParam("id") String id, @HeaderParam("Authorization") String auth);

    @POST
    @Path("rooms/{id}/mutes")
    Uni<Void> mute(@PathParam("id") String id, @HeaderParam("Authorization") String auth,
                   @HeaderParam(Moderator.MEMBER_HEADER) String member, MuteRequest body);

    @PUT
    @Path("rooms/{id}/slowmode")
    Uni<RoomDetails> slowMode(@PathParam("id") String id, @HeaderParam("Authorization") String auth,
                              @HeaderParam(Moderator.MEMBER_HEADER) String member, SlowModeRequest body);

    @PUT
    @Path("rooms/{id}/cohosts/{userId}")
    Uni<Void> cohost(@PathParam("id") String id, @PathParam("userId") String userId,
                     @HeaderParam("Authorization") String auth, CohostRequest body);

    @POST
    @Path("rooms/{id}/requests")
    Uni<TrackAsk> requestAdd(@PathParam("id") String id, @HeaderParam(Moderator.MEMBER_HEADER) String member, RequestText body);

    @GET
    @Path("rooms/{id}/requests")
    Uni<RequestQueue> requestQueue(@PathParam("id") String id, @HeaderParam("Authorization") String auth,
                                   @HeaderParam(Moderator.MEMBER_HEADER) String member);

    @POST
    @Path("rooms/{id}/requests/{requestId}/resolve")
    Uni<TrackAsk> requestResolve(@PathParam("id") String id, @PathParam("requestId") long requestId,
                                 @HeaderParam("Authorization") String auth, @HeaderParam(Moderator.MEMBER_HEADER) String member,
                                 RequestResolution body);

    @PUT
    @Path("rooms/{id}/requests/open")
    Uni<RequestQueue> requestsOpen(@PathParam("id") String id, @HeaderParam("Authorization") String auth,
                                   @HeaderParam(Moderator.MEMBER_HEADER) String member, RequestsSwitch body);

    @POST
    @Path("rooms/{id}/aux/offer")
    Uni<Void> auxOffer(@PathParam("id") String id, @HeaderParam("Authorization") String auth, AuxRequest body);

    @POST
    @Path("rooms/{id}/aux/accept")
    Uni<Void> auxAccept(@PathParam("id") String id, @HeaderParam(Moderator.MEMBER_HEADER) String member);

    @POST
    @Path("rooms/{id}/aux/decline")
    Uni<Void> auxDecline(@PathParam("id") String id, @HeaderParam("Authorization") String auth,
                         @HeaderParam(Moderator.MEMBER_HEADER) String member);

    @PUT
    @Path("rooms/{id}/track")
    Uni<NowPlaying> track(@PathParam("id") String id, @HeaderParam("Authorization") String auth, TrackRequest body);

    @PUT
    @Path("rooms/{id}/art")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    Uni<ArtUpload> artUpload(@PathParam("id") String id, @HeaderParam("Authorization") String auth, byte[] image);

    @GET
    @Path("rooms/{id}/art/{sha}")
    @Produces(MediaType.WILDCARD)
    Uni<byte[]> art(@PathParam("id") String id, @PathParam("sha") String sha);

    @PUT
    @Path("rooms/{id}/peek")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    Uni<PeekUpload> peekUpload(@PathParam("id") String id, @HeaderParam("Authorization") String auth, byte[] image);

    @DELETE
    @Path("rooms/{id}/peek")
    Uni<Success> peekStop(@PathParam("id") String id, @HeaderParam("Authorization") String auth);

    @GET
    @Path("rooms/{id}/peek")
    @Produces(MediaType.WILDCARD)
    Uni<byte[]> peek(@PathParam("id") String id, @QueryParam("v") String key);

    @POST
    @Path("rooms/{id}/aux/return")
    Uni<Void> auxReturn(@PathParam("id") String id, @HeaderParam("Authorization") String auth,
                        @HeaderParam(Moderator.MEMBER_HEADER) String member);

    @POST
    @Path("rooms/{id}/handover")
    Uni<HandoverLink> handover(@PathParam("id") String id, @HeaderParam("Authorization") String auth);

    @POST
    @Path("rooms/{id}/host-token")
    Uni<HostToken> claimHost(@PathParam("id") String id, @HeaderParam("Authorization") String auth);

    @GET
    @Path("rooms/{id}/bans")
    Uni<RoomBans> bans(@PathParam("id") String id, @HeaderParam("Authorization") String auth);

    @DELETE
    @Path("rooms/{id}/bans/{banId}")
    Uni<Void> unban(@PathParam("id") String id, @PathParam("banId") String banId, @HeaderParam("Authorization") String auth);

    @GET
    @Path("rooms/{id}/stats")
    Uni<RoomStats> stats(@PathParam("id") String id);

    @POST
    @Path("rooms/{id}/members/batch")
    Uni<BatchJoinAnswer> joinBatch(@PathParam("id") String id, JoinBatchRequest body);

    @DELETE
    @Path("rooms/{id}/members/{userId}")
    Uni<Void> leave(@PathParam("id") String id, @PathParam("userId") String userId);

    @PUT
    @Path("rooms/{id}/members/{userId}")
    Uni<Participant> rename(@PathParam("id") String id, @PathParam("userId") String userId, RenameRequest body);

    @POST
    @Path("rooms/{id}/broadcast")
    Uni<RoomDetails> startBroadcast(@PathParam("id") String id, @HeaderParam("Authorization") String auth, BroadcastRequest body);

    @DELETE
    @Path("rooms/{id}/broadcast")
    Uni<Void> stopBroadcast(@PathParam("id") String id, @HeaderParam("Authorization") String auth);

    @PUT
    @Path("rooms/{id}/settings")
    Uni<RoomDetails> settings(@PathParam("id") String id, @HeaderParam("Authorization") String auth, SettingsRequest body);

    @POST
    @Path("rooms/{id}/kicks")
    Uni<Void> kick(@PathParam("id") String id, @HeaderParam("Authorization") String auth,
                   @HeaderParam(Moderator.MEMBER_HEADER) String member, KickRequest body);

    @PUT
    @Path("gateways/{gatewayId}")
    Uni<Void> heartbeat(@PathParam("gatewayId") String gatewayId);
}
