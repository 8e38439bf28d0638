package dev.roomcast.relay.pipeline;

import dev.roomcast.protocol.ErrorCode;

/** Why a host frame was not forwarded: the code and message the host is told. */
public record Refusal(ErrorCode code, String message) {}
