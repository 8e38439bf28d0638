package dev.roomcast.gateway.chat;

import dev.roomcast.gateway.services.ChatServiceClient;
import dev.roomcast.gateway.session.RoomPresence;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.protocol.api.RoomMessages;
import dev.roomcast.protocol.message.ProtocolJson;
import dev.roomcast.protocol.message.ServerMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code chat:history} for every socket that enters a room on this node (host and guests; it
 * follows their {@code room:joined}), with at most one chat-service call per room in flight from
 * this node: sockets that join while a call is under way wait for the next one (which starts after
 * they joined, so it holds every message sent before), and each answer is encoded once for all of
 * them. Without it a room filling at r joins/s cost r history calls per second. A failed call
 * sends no history (the room's live chat still arrives).
 */
@ApplicationScoped
public class HistoryFanIn {
    private final ChatServiceClient chat;
    // guarded by this
    private final Map<String, Round> rounds = new HashMap<>();

    private static final class Round {
        boolean inFlight;
        List<Session> next = new ArrayList<>();
    }

    public HistoryFanIn(ChatServiceClient chat) {
        this.chat = chat;
    }

    void onPresence(@Observes RoomPresence p) {
        if (p.entered()) {
            send(p.session(), p.room().roomId());
        }
    }

    public void send(Session s, String roomId) {
        List<Session> batch;
        synchronized (this) {
            Round r = rounds.computeIfAbsent(roomId, k -> new Round());
            r.next.add(s);
            batch = start(r);
        }
        if (batch != null) {
            call(roomId, batch);
        }
    }

    /** The sockets of the next call if none is in flight (caller holds the lock). */
    private static List<Session> start(Round r) {
        if (r.inFlight || r.next.isEmpty()) {
            return null;
        }
        List<Session> batch = r.next;
        r.next = new ArrayList<>();
        r.inFlight = true;
        return batch;
    }

    private void call(String roomId, List<Session> batch) {
        chat.history(roomId).subscribe().with(answer -> done(roomId, batch, answer), failure -> done(roomId, batch, null));
    }

    private void done(String roomId, List<Session> batch, RoomMessages answer) {
        try {
            if (answer != null) {
                String json = ProtocolJson.encode(new ServerMessage.ChatHistory(roomId,
                        answer.messages() == null ? List.of() : answer.messages()));
                for (Session s : batch) {
                    if (roomId.equals(s.roomId())) {
                        s.sendJson(json);
                    }
                }
            }
        } finally {
            List<Session> next;
            synchronized (this) {
                Round r = rounds.get(roomId);
                r.inFlight = false;
                next = start(r);
                if (next == null && r.next.isEmpty()) {
                    rounds.remove(roomId);
                }
            }
            if (next != null) {
                call(roomId, next);
            }
        }
    }
}
