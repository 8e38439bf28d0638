package dev.roomcast.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A WAV file (RIFF, PCM 16-bit, 48 kHz, mono or stereo; mono is played on both channels), read
 * whole into memory. With {@code loop} it starts over at the end; otherwise the last packet is
 * padded with silence and the source ends.
 */
public final class WavSource implements AudioSource {
    private final short[] samples; // interleaved stereo
    private final boolean loop;
    private int pos;

    public WavSource(short[] interleavedStereo, boolean loop) {
        this.samples = interleavedStereo;
        this.loop = loop;
    }

    public static WavSource open(Path file, boolean loop) throws IOException {
        return new WavSource(read(Files.readAllBytes(file)), loop);
    }

    /** Parses a WAV file into interleaved 48 kHz stereo samples. */
    public static short[] read(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || b.getInt(0) != 0x46464952 /* RIFF */ || b.getInt(8) != 0x45564157 /* WAVE */) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        int channels = -1;
        int pos = 12;
        while (pos + 8 <= wav.length) {
            int id = b.getInt(pos);
            long size = b.getInt(pos + 4) & 0xffffffffL;
            int body = pos + 8;
            if (id == 0x20746d66 /* "fmt " */) {
                int format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2);
                int rate = b.getInt(body + 4);
                int bits = b.getShort(body + 14);
                if (format == 0xFFFE && size >= 40) {
                    format = b.getShort(body + 24) & 0xffff; // WAVE_FORMAT_EXTENSIBLE: the sub-format's first two bytes
                }
                if (format != 1 || bits != 16) {
                    throw new IllegalArgumentException("only 16-bit PCM WAV is supported (format " + format + ", " + bits + " bits)");
                }
                if (rate != 48_000) {
                    throw new IllegalArgumentException("WAV must be 48 kHz, is " + rate + " Hz (sox in.wav -r 48000 out.wav)");
                }
                if (channels != 1 && channels != 2) {
                    throw new IllegalArgumentException("WAV must be mono or stereo, has " + channels + " channels");
                }
            } else if (id == 0x61746164 /* "data" */) {
                if (channels < 0) {
                    throw new IllegalArgumentException("WAV data before its fmt chunk");
                }
                long len = Math.min(size, wav.length - body);
                int frames = (int) (len / (2L * channels));
                short[] out = new short[frames * 2];
                for (int i = 0; i < frames; i++) {
                    short l = b.getShort(body + i * 2 * channels);
                    short r = channels == 2 ? b.getShort(body + i * 4 + 2) : l;
                    out[2 * i] = l;
                    out[2 * i + 1] = r;
                }
                return out;
            }
            pos = body + (int) size + (int) (size & 1);
        }
        throw new IllegalArgumentException("WAV has no data chunk");
    }

    /** Writes interleaved stereo 16-bit 48 kHz samples as a WAV file (for tests and tools). */
    public static byte[] write(short[] interleavedStereo) {
        int dataLen = interleavedStereo.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataLen).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + dataLen).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 2).putInt(48_000).putInt(48_000 * 4)
                .putShort((short) 4).putShort((short) 16);
        b.putInt(0x61746164).putInt(dataLen);
        for (short s : interleavedStereo) {
            b.putShort(s);
        }
        return b.array();
    }

    public int totalPackets() {
        return (samples.length + PACKET_SHORTS - 1) / PACKET_SHORTS;
    }

    @Override
    public boolean next(short[] out) {
        if (samples.length == 0 || (!loop && pos >= samples.length)) {
            return false;
        }
        for (int i = 0; i < PACKET_SHORTS; i++) {
            if (pos >= samples.length) {
                if (loop) {
                    pos = 0;
                } else {
                    out[i] = 0;
                    continue;
                }
            }
            out[i] = samples[pos++];
        }
        return true;
    }
}
