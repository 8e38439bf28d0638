package dev.roomcast.protocol.message;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ProtocolException;

/** What the host will send: codec, 48 kHz, 2 channels, target bitrate in bits per second. */
public record AudioConfig(Codec codec, int sampleRate, int channels, int bitrate) {
    public AudioConfig {
        if (codec == null) {
            throw new ProtocolException(ErrorCode.BAD_AUDIO_CONFIG, "codec is required");
        }
        if (sampleRate != Limits.SAMPLE_RATE) {
            throw new ProtocolException(ErrorCode.BAD_AUDIO_CONFIG, "sampleRate must be 48000");
        }
        if (channels != Limits.CHANNELS) {
            throw new ProtocolException(ErrorCode.BAD_AUDIO_CONFIG, "channels must be 2");
        }
        if (bitrate < Limits.MIN_BITRATE || bitrate > Limits.MAX_BITRATE) {
            throw new ProtocolException(ErrorCode.BAD_AUDIO_CONFIG,
                    "bitrate must be between " + Limits.MIN_BITRATE + " and " + Limits.MAX_BITRATE);
        }
    }
}
