package dev.roomcast.gateway.session;

import dev.roomcast.protocol.message.ClientMessage;

/** A listener's audio controls: the audio feature implements it. */
public interface ListenerCommands {
    void quality(Session session, ClientMessage.QualityRequest m);

    void report(Session session, ClientMessage.StatsReport m);
}
