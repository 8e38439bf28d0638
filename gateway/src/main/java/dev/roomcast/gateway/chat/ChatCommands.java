package dev.roomcast.gateway.chat;

import dev.roomcast.gateway.config.GatewayIdentity;
import dev.roomcast.gateway.kafka.GatewayKafka;
import dev.roomcast.gateway.session.Refusals;
import dev.roomcast.gateway.session.Session;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Reactions;
import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.bus.BusJson;
import dev.roomcast.protocol.bus.ChatIngest;
import dev.roomcast.protocol.message.ClientMessage;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Chat from sockets: checked here (the message record already validated the text), stamped with
 * the sender's identity from its connection, and handed to chat-service through Kafka. The
 * sender sees its message come back like everyone else: that echo is the acknowledgement.
 */
@ApplicationScoped
public class ChatCommands {
    private final GatewayKafka kafka;
    private final GatewayIdentity gateway;
    private final Refusals refusals;

    public ChatCommands(GatewayKafka kafka, GatewayIdentity gateway, Refusals refusals) {
        this.kafka = kafka;
        this.gateway = gateway;
        this.refusals = refusals;
    }

    public void send(Session s, ClientMessage.ChatSend m) {
        String roomId = s.roomId();
        if (roomId == null) {
            refusals.refuse(s, ErrorCode.NOT_IN_ROOM, "join a room to chat", "chat:message");
            return;
        }
        if (!roomId.equals(m.roomId())) {
            refusals.refuse(s, ErrorCode.WRONG_ROOM, "that is not your room", "chat:message");
            return;
        }
        if (m.atUs() != null && !Reactions.heardNear(m.atUs(), ServerClock.nowUs())) {
            refusals.refuse(s, ErrorCode.BAD_MESSAGE, "atUs is not a stream time you can be hearing now", "chat:message");
            return;
        }
        produce(s, new ChatIngest(roomId, s.userId(), s.username(), s.isHost(), m.message(), gateway.id(),
                System.currentTimeMillis(), s.deviceHash(), null, m.atUs()), "chat:message");
    }

    /**
     * The deletion of a message by the host or a co-host (the caller checked the socket's role): through the
     * same ordered topic as the messages, so it can never overtake the message it deletes.
     */
    public void delete(Session s, ClientMessage.ChatDelete m) {
        produce(s, new ChatIngest(m.roomId(), s.userId(), s.username(), s.isHost(), null, gateway.id(),
                System.currentTimeMillis(), s.deviceHash(), m.messageId()), m.type());
    }

    private void produce(Session s, ChatIngest ingest, String ref) {
        try {
            kafka.reliableProducer().send(new ProducerRecord<>(Topics.CHAT_INGEST, ingest.roomId(), BusJson.encode(ingest)),
                    (meta, error) -> {
                        if (error != null) {
                            refusals.refuse(s, ErrorCode.UNAVAILABLE, "chat is unavailable, not sent", ref);
                        }
                    });
        } catch (RuntimeException e) {
            refusals.refuse(s, ErrorCode.UNAVAILABLE, "chat is unavailable, not sent", ref);
        }
    }
}
