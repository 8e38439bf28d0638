package dev.roomcast.gateway.services;

import dev.roomcast.protocol.api.BatchJoinAnswer;
import dev.roomcast.protocol.api.BroadcastRequest;
import dev.roomcast.protocol.api.CreateRoomRequest;
import dev.roomcast.protocol.api.CreatedRoom;
import dev.roomcast.protocol.api.HandoverLink;
import dev.roomcast.protocol.api.HostToken;
import dev.roomcast.protocol.api.JoinBatchRequest;
import dev.roomcast.protocol.api.AuxRequest;
import dev.roomcast.protocol.api.ArtUpload;
import dev.roomcast.protocol.api.PeekUpload;
import dev.roomcast.protocol.api.TrackRequest;
import dev.roomcast.protocol.message.NowPlaying;
import dev.roomcast.protocol.api.CohostRequest;
import dev.roomcast.protocol.api.KickRequest;
import dev.roomcast.protocol.api.RenameRequest;
import dev.roomcast.protocol.api.MuteRequest;
import dev.roomcast.protocol.api.RoomBans;
import dev.roomcast.protocol.api.RoomDetails;
import dev.roomcast.protocol.api.RoomStats;
import dev.roomcast.protocol.api.RoomSummary;
import dev.roomcast.protocol.api.SettingsRequest;
import dev.roomcast.protocol.RequestOutcome;
import dev.roomcast.protocol.api.RequestQueue;
import dev.roomcast.protocol.api.RequestResolution;
import dev.roomcast.protocol.api.RequestText;
import dev.roomcast.protocol.api.RequestsSwitch;
import dev.roomcast.protocol.api.SlowModeRequest;
import dev.roomcast.protocol.message.TrackAsk;
import dev.roomcast.protocol.api.Success;
import dev.roomcast.protocol.message.AudioConfig;
import dev.roomcast.protocol.message.Participant;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The one way into room-service: typed answers, a timeout on every call, one retry for idempotent
 * ones; every failure is a {@code ProtocolException} (the service's refusal, or {@code unavailable}).
 */
@ApplicationScoped
public class RoomServiceClient {
    private final RoomServiceApi api;

    public RoomServiceClient(@RestClient RoomServiceApi api) {
        this.api = api;
    }

    /** listed: on the public list while live (else reached by its link only). */
    public Uni<CreatedRoom> create(String roomName, boolean listed) {
        return ServiceCalls.call(() -> api.create(new CreateRoomRequest(roomName, listed)), false);
    }

    public Uni<List<RoomSummary>> list() {
        return ServiceCalls.call(api::list, true);
    }

    public Uni<RoomDetails> get(String roomId) {
        return ServiceCalls.call(() -> api.get(roomId), true);
    }

    public Uni<Success> delete(String roomId, String authorization) {
        return ServiceCalls.call(() -> api.delete(roomId, authorization), false);
    }

    /** A moderation call acts as the host (its token) or, without one, as the co-host {@code memberId}. */
    public Uni<Void> mute(String roomId, String hostToken, String memberId, String userId, int seconds) {
        return ServiceCalls.call(() -> api.mute(roomId, bearer(hostToken), memberOrNull(hostToken, memberId),
                new MuteRequest(userId, seconds)), false);
    }

    public Uni<RoomDetails> slowMode(String roomId, String hostToken, String memberId, int seconds) {
        return ServiceCalls.call(() -> api.slowMode(roomId, bearer(hostToken), memberOrNull(hostToken, memberId),
                new SlowModeRequest(seconds)), false);
    }

    public Uni<Void> cohost(String roomId, String hostToken, String userId, boolean cohost) {
        return ServiceCalls.call(() -> api.cohost(roomId, userId, bearer(hostToken), new CohostRequest(cohost)), false);
    }

    /** A member (the socket's own user id) asks for a track. */
    public Uni<TrackAsk> requestAdd(String roomId, String userId, String text) {
        return ServiceCalls.call(() -> api.requestAdd(roomId, userId, new RequestText(text)), false);
    }

    /** The open requests: all for the host (its token) or a co-host, else the member's own. */
    public Uni<RequestQueue> requestQueue(String roomId, String hostToken, String memberId) {
        return ServiceCalls.call(() -> api.requestQueue(roomId, bearer(hostToken), memberOrNull(hostToken, memberId)), true);
    }

    public Uni<TrackAsk> requestResolve(String roomId, String hostToken, String memberId, long requestId, RequestOutcome outcome) {
        return ServiceCalls.call(() -> api.requestResolve(roomId, requestId, bearer(hostToken), memberOrNull(hostToken, memberId),
                new RequestResolution(outcome)), false);
    }

    public Uni<RequestQueue> requestsOpen(String roomId, String hostToken, String memberId, boolean open) {
        return ServiceCalls.call(() -> api.requestsOpen(roomId, bearer(hostToken), memberOrNull(hostToken, memberId),
                new RequestsSwitch(open)), false);
    }

    /** The host offers the aux to a member. */
    public Uni<Void> auxOffer(String roomId, String hostToken, String userId) {
        return ServiceCalls.call(() -> api.auxOffer(roomId, bearer(hostToken), new AuxRequest(userId)), false);
    }

    /** The member the aux is offered to takes it. */
    public Uni<Void> auxAccept(String roomId, String memberId) {
        return ServiceCalls.call(() -> api.auxAccept(roomId, memberId), false);
    }

    /** The member declines (hostToken null), or the host withdraws the offer. */
    public Uni<Void> auxDecline(String roomId, String hostToken, String memberId) {
        return ServiceCalls.call(() -> api.auxDecline(roomId, bearer(hostToken), memberOrNull(hostToken, memberId)), false);
    }

    /** Host, while live: what plays from a stream time on. */
    public Uni<NowPlaying> track(String roomId, String hostToken, TrackRequest body) {
        return ServiceCalls.call(() -> api.track(roomId, bearer(hostToken), body), false);
    }

    /** authorization: the host's {@code Bearer <hostToken>}, as the browser sent it. */
    public Uni<ArtUpload> artUpload(String roomId, String authorization, byte[] image) {
        return ServiceCalls.call(() -> api.artUpload(roomId, authorization, image), false);
    }

    /** A room's cover art by its hash (the type is in its first bytes). */
    public Uni<byte[]> art(String roomId, String sha) {
        return ServiceCalls.call(() -> api.art(roomId, sha), true);
    }

    /** authorization: the host's {@code Bearer <hostToken>}, as the browser sent it. */
    public Uni<PeekUpload> peekUpload(String roomId, String authorization, byte[] image) {
        return ServiceCalls.call(() -> api.peekUpload(roomId, authorization, image), false);
    }

    public Uni<Success> peekStop(String roomId, String authorization) {
        return ServiceCalls.call(() -> api.peekStop(roomId, authorization), false);
    }

    /** The room's latest peek frame if it is the one named {@code key} (the type is in its first bytes). */
    public Uni<byte[]> peek(String roomId, String key) {
        return ServiceCalls.call(() -> api.peek(roomId, key), true);
    }

    /** The member with the aux gives it back (hostToken null), or the host takes it back. */
    public Uni<Void> auxReturn(String roomId, String hostToken, String memberId) {
        return ServiceCalls.call(() -> api.auxReturn(roomId, bearer(hostToken), memberOrNull(hostToken, memberId)), false);
    }

    /** authorization: the host's {@code Bearer <hostToken>}, as the browser sent it. */
    public Uni<HandoverLink> handover(String roomId, String authorization) {
        return ServiceCalls.call(() -> api.handover(roomId, authorization), false);
    }

    /** authorization: {@code Bearer <handover secret>}, as the browser sent it. */
    public Uni<HostToken> claimHost(String roomId, String authorization) {
        return ServiceCalls.call(() -> api.claimHost(roomId, authorization), false);
    }

    public Uni<RoomBans> bans(String roomId, String authorization) {
        return ServiceCalls.call(() -> api.bans(roomId, authorization), true);
    }

    public Uni<Void> unban(String roomId, String banId, String authorization) {
        return ServiceCalls.call(() -> api.unban(roomId, banId, authorization), false);
    }

    public Uni<RoomStats> stats(String roomId) {
        return ServiceCalls.call(() -> api.stats(roomId), true);
    }

    public Uni<BatchJoinAnswer> joinBatch(String roomId, String gatewayId, List<JoinBatchRequest.Member> members) {
        return ServiceCalls.call(() -> api.joinBatch(roomId, new JoinBatchRequest(gatewayId, members)), false);
    }

    public Uni<Void> leave(String roomId, String userId) {
        return ServiceCalls.call(() -> api.leave(roomId, userId), true);
    }

    public Uni<Participant> rename(String roomId, String userId, String username) {
        return ServiceCalls.call(() -> api.rename(roomId, userId, new RenameRequest(username)), true);
    }

    public Uni<RoomDetails> startBroadcast(String roomId, String hostToken, AudioConfig audioConfig) {
        return ServiceCalls.call(() -> api.startBroadcast(roomId, bearer(hostToken), new BroadcastRequest(audioConfig)), false);
    }

    public Uni<Void> stopBroadcast(String roomId, String hostToken) {
        return ServiceCalls.call(() -> api.stopBroadcast(roomId, bearer(hostToken)), false);
    }

    public Uni<RoomDetails> settings(String roomId, String hostToken, SettingsRequest body) {
        return ServiceCalls.call(() -> api.settings(roomId, bearer(hostToken), body), false);
    }

    public Uni<Void> kick(String roomId, String hostToken, String memberId, String userId) {
        return ServiceCalls.call(() -> api.kick(roomId, bearer(hostToken), memberOrNull(hostToken, memberId),
                new KickRequest(userId)), false);
    }

    public Uni<Void> heartbeat(String gatewayId) {
        return ServiceCalls.call(() -> api.heartbeat(gatewayId), false);
    }

    private static String bearer(String token) {
        return token == null ? null : "Bearer " + token;
    }

    private static String memberOrNull(String hostToken, String memberId) {
        return hostToken == null ? memberId : null;
    }
}
