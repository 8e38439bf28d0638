package dev.roomcast.gateway.session;

import dev.roomcast.protocol.ServerClock;
import dev.roomcast.protocol.message.ClientMessage;
import dev.roomcast.protocol.message.ServerMessage;

/** Answers a clock probe: the client's t0 back, with server receive (t1) and send (t2) times in µs. */
public final class ClockSync {
    private ClockSync() {}

    public static ServerMessage.ClockPong pong(ClientMessage.ClockPing ping, long receivedUs) {
        return new ServerMessage.ClockPong(ping.id(), ping.t0(), receivedUs, ServerClock.nowUs());
    }
}
