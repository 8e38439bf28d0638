package dev.roomcast.gateway.audio;

import dev.roomcast.gateway.session.ListenerCommands;
import dev.roomcast.gateway.session.Refusals;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.message.ClientMessage;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code quality:request} and {@code stats:report} from guests (on the socket's event loop). */
@ApplicationScoped
public class AudioListenerCommands implements ListenerCommands {
    /**
     * How much later than this node sends it a guest may hear the room before a late report moves
     * it down a tier: a batch, a real network's jitter and clock-sync error fit well inside.
     */
    static final int LAST_MILE_SLACK_MS = 300;
    /** Reports in the first D + this after a join do not move a guest (its start-up is not its last mile). */
    static final long JOIN_GRACE_MS = 5_000;

    private final RoomAudioReader reader;
    private final Refusals refusals;

    public AudioListenerCommands(RoomAudioReader reader, Refusals refusals) {
        this.reader = reader;
        this.refusals = refusals;
    }

    @Override
    public void quality(Session s, ClientMessage.QualityRequest m) {
        if (s.roomId() == null) {
            refusals.refuse(s, ErrorCode.NOT_IN_ROOM, "join a room first", m.type());
        } else if (s.isHost()) {
            refusals.refuse(s, ErrorCode.BAD_MESSAGE, "the host does not receive the room's audio", m.type());
        } else if (!reader.requestQuality(s, m.fixedTier())) {
            refusals.refuse(s, ErrorCode.NOT_IN_ROOM, "join a room first", m.type());
        }
    }

    @Override
    public void report(Session s, ClientMessage.StatsReport m) {
        Listener l = reader.listener(s);
        if (l == null) {
            if (s.roomId() == null) {
                refusals.refuse(s, ErrorCode.NOT_IN_ROOM, "join a room first", m.type());
            }
            return; // a host's own report has nowhere to go yet
        }
        l.onReport(m, LAST_MILE_SLACK_MS, JOIN_GRACE_MS, System.currentTimeMillis());
    }
}
