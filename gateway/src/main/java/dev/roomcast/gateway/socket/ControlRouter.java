package dev.roomcast.gateway.socket;

import dev.roomcast.gateway.chat.ChatCommands;
import dev.roomcast.gateway.reactions.ReactionCommands;
import dev.roomcast.gateway.requests.RequestCommands;
import dev.roomcast.gateway.room.AuxCommands;
import dev.roomcast.gateway.room.RoomCommands;
import dev.roomcast.gateway.session.ClockSync;
import dev.roomcast.gateway.session.ListenerCommands;
import dev.roomcast.gateway.session.Refusals;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.message.ClientMessage;
import dev.roomcast.protocol.message.ProtocolJson;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every text message from a socket: decode (strictly), rate limit, then one handler per type.
 * Every message gets an answer or an effect: a refusal names the refused message's type
 * ({@code ref}) whenever it could be read, and a message over the rate is answered
 * {@code rate_limited} rather than dropped (a clock probe gets its pong or that).
 */
@ApplicationScoped
public class ControlRouter {
    private final RoomCommands rooms;
    private final AuxCommands aux;
    private final ChatCommands chat;
    private final ReactionCommands reactions;
    private final RequestCommands requests;
    private final ListenerCommands listener;
    private final Refusals refusals;

    public ControlRouter(RoomCommands rooms, AuxCommands aux, ChatCommands chat, ReactionCommands reactions,
                         RequestCommands requests, ListenerCommands listener, Refusals refusals) {
        this.rooms = rooms;
        this.aux = aux;
        this.chat = chat;
        this.reactions = reactions;
        this.requests = requests;
        this.listener = listener;
        this.refusals = refusals;
    }

    public void onText(Session s, String text, long receivedUs, long nowNs) {
        ClientMessage message;
        try {
            message = ProtocolJson.decodeClient(text);
        } catch (ProtocolException e) {
            if (!s.tryControl(nowNs)) {
                refusals.refuse(s, ErrorCode.RATE_LIMITED, "too many messages, slow down", e.ref());
            } else if (isAudioConfig(e) && s.isHost()) {
                refusals.refuseAudio(s, s.roomId(), e.code(), e.getMessage());
            } else {
                refusals.refuse(s, e, null);
            }
            return;
        }
        if (!s.tryControl(nowNs)) {
            refusals.refuse(s, ErrorCode.RATE_LIMITED, "too many messages, slow down", message.type());
            return;
        }
        route(s, message, receivedUs, nowNs);
    }

    /** The host's {@code broadcast:start} with an audioConfig the record refused: a broadcast:error. */
    private static boolean isAudioConfig(ProtocolException e) {
        return "broadcast:start".equals(e.ref()) && (e.code() == ErrorCode.BAD_AUDIO_CONFIG || e.code() == ErrorCode.BAD_CODEC);
    }

    private void route(Session s, ClientMessage m, long receivedUs, long nowNs) {
        if (m instanceof ClientMessage.ClockPing p) {
            s.send(ClockSync.pong(p, receivedUs));
        } else if (m instanceof ClientMessage.RoomCreate c) {
            rooms.create(s, c);
        } else if (m instanceof ClientMessage.RoomJoin j) {
            rooms.join(s, j);
        } else if (m instanceof ClientMessage.RoomLeave) {
            rooms.leave(s);
        } else if (m instanceof ClientMessage.UserRename r) {
            rooms.rename(s, r);
        } else if (m instanceof ClientMessage.ParticipantsRequest) {
            rooms.participants(s);
        } else if (m instanceof ClientMessage.BroadcastStart b) {
            rooms.startBroadcast(s, b);
        } else if (m instanceof ClientMessage.BroadcastStop b) {
            rooms.stopBroadcast(s, b);
        } else if (m instanceof ClientMessage.RoomSettings r) {
            rooms.settings(s, r);
        } else if (m instanceof ClientMessage.UserKick k) {
            rooms.kick(s, k);
        } else if (m instanceof ClientMessage.ChatSend c) {
            chat.send(s, c);
        } else if (m instanceof ClientMessage.ChatMute c) {
            rooms.mute(s, c);
        } else if (m instanceof ClientMessage.ChatDelete c) {
            if (rooms.moderator(s, c.roomId(), c.type())) {
                chat.delete(s, c);
            }
        } else if (m instanceof ClientMessage.ChatSlowMode c) {
            rooms.slowMode(s, c);
        } else if (m instanceof ClientMessage.UserCohost c) {
            rooms.cohost(s, c);
        } else if (m instanceof ClientMessage.AuxPass a) {
            aux.pass(s, a);
        } else if (m instanceof ClientMessage.AuxAccept a) {
            aux.accept(s, a);
        } else if (m instanceof ClientMessage.AuxDecline a) {
            aux.decline(s, a);
        } else if (m instanceof ClientMessage.AuxReturn a) {
            aux.giveBack(s, a);
        } else if (m instanceof ClientMessage.ReactionSend r) {
            reactions.send(s, r, nowNs);
        } else if (m instanceof ClientMessage.RequestSend r) {
            requests.send(s, r);
        } else if (m instanceof ClientMessage.RequestResolve r) {
            requests.resolve(s, r);
        } else if (m instanceof ClientMessage.RequestsList r) {
            requests.list(s, r);
        } else if (m instanceof ClientMessage.RequestsOpen r) {
            requests.open(s, r);
        } else if (m instanceof ClientMessage.TrackSet t) {
            rooms.track(s, t);
        } else if (m instanceof ClientMessage.RoomClose c) {
            rooms.close(s, c);
        } else if (m instanceof ClientMessage.QualityRequest q) {
            listener.quality(s, q);
        } else if (m instanceof ClientMessage.StatsReport r) {
            listener.report(s, r);
        } else {
            refusals.refuse(s, ErrorCode.UNKNOWN_TYPE, "unhandled message type", m.type());
        }
    }
}
