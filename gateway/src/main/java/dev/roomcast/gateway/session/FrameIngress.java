package dev.roomcast.gateway.session;

import io.vertx.core.buffer.Buffer;

/** Where binary (audio) messages from sockets go: the audio feature implements it. */
public interface FrameIngress {
    void onFrame(Session session, Buffer frame, long nowNs);
}
