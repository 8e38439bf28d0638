package dev.roomcast.relay.pipeline;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.Limits;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.bus.TierDemand;
import dev.roomcast.protocol.frame.AudioFrame;
import dev.roomcast.protocol.frame.AudioFrames;
import dev.roomcast.relay.stats.IngestStats;
import dev.roomcast.relay.stats.SignalMonitor;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;

/**
 * One room's audio path: checks a host frame (an Opus packet that is not exactly 20 ms, well framed,
 * is refused), stamps the room sequence and emits single-packet frames per packet: {@code high} (the
 * host's Opus bytes unchanged, or PCM encoded at the room's bitrate) and, while wanted,
 * {@code medium} (64 kbps) and {@code low} (32 kbps), re-encoded from the decoded PCM.
 *
 * <p>Decoding is the relay's largest cost per room (a Concentus decode is ~80 µs per packet), and
 * with every listener on {@code high} only the host's silence detection needs the PCM. So once a
 * packet was loud, the next {@link #SKIP_AFTER_SOUND_US} of capture time are forwarded without
 * decoding, checked by their framing ({@link OpusPackets}); then the decoder starts afresh, its first
 * {@link #WARM_PACKETS} packets are not judged (CELT predicts each packet's band energies from the
 * previous one's, so a decoder that missed packets plays them too quiet at first), and the next one
 * is. A loud one skips again; a quiet one keeps every packet decoded until sound comes back. What was
 * not judged counts as sound ({@link SignalMonitor#onUnheard}), so silence is declared 10–12 s after
 * the music stops, never before 10. A re-encoded tier needs every packet: while one is wanted, all are
 * decoded (its first {@link #WARM_PACKETS} packets after a skip come from a decoder still warming up).
 *
 * <p>{@code medium} and {@code low} are encoded only while {@link #reencode(int) wanted} (some listener
 * is on them: {@link TierDemand}); a tier that starts again starts from a fresh encoder, its first
 * packet flagged as a discontinuity. {@code high} always flows.
 *
 * <p>A frame is all or nothing: if any packet is bad, nothing of it is forwarded. Re-encoded tiers
 * carry a capture time {@link #REENCODE_DELAY_US} <em>earlier</em> than the source: the relay
 * encodes the decoded PCM, which is already 312 samples behind the host's input, so a re-encoded
 * packet holds audio captured 6.5 ms before its source packet's. With that, every tier decodes to the
 * same audio at the same server time. (Until 2026-11-24 the offset was added: guests on medium and
 * low played 13 ms after guests on high; the sync benchmark found it, `tiersPlayTogether` checks it.)
 * Not thread-safe: one room is served by one thread.
 */
public final class RoomPipeline {
    /** Opus' algorithmic delay (312 samples at 48 kHz), added again by each re-encode: subtracted from re-encoded stamps. */
    public static final long REENCODE_DELAY_US = 6_500;
    /** After a loud packet, this much capture time is forwarded without decoding (when no re-encoded tier is wanted). */
    public static final long SKIP_AFTER_SOUND_US = 2_000_000;
    /** Packets a decoder that skipped some decodes before its level is judged: CELT's energy prediction halves its error per 20 ms packet. */
    public static final int WARM_PACKETS = 8;
    private static final int PACKET_SHORTS = Scratch.PACKET_SHORTS;

    private final LadderSettings settings;
    private final Scratch scratch;
    private final OpusDecoder decoder;
    private final OpusEncoder medium;
    private final OpusEncoder low;
    private OpusEncoder pcmHigh;
    private int pcmHighBitrate;
    private final IngestStats stats = new IngestStats();
    private final SignalMonitor signal = new SignalMonitor();

    private long nextSequence;
    private boolean discontinuity = true;
    /** The re-encoded tiers wanted ({@link TierDemand} bits); every one until told otherwise. */
    private int reencode = TierDemand.REENCODED;
    /** The re-encoded tiers encoded for the last packet: one that was not starts afresh. */
    private int encoding = 0;
    private long accepted;
    /** Opus packets are forwarded undecoded while their capture time is before this (server µs). */
    private long skipUntilUs = Long.MIN_VALUE;
    /** The decoder missed packets since it last decoded one: reset it, and warm it up, before judging. */
    private boolean decoderBehind;
    /** Decoded packets still to come before the level is judged again. */
    private int warm;
    private long decoded;
    private long undecoded;
    private long refused;
    private long repeats;
    /** The last {@value #RECENT} accepted host frames' (host sequence, capture time): a repeat is dropped. */
    private static final int RECENT = 8;
    private final long[] recentSeq = new long[RECENT];
    private final long[] recentCaptureUs = new long[RECENT];
    private int recentCount;
    private int recentNext;

    public RoomPipeline(LadderSettings settings, Scratch scratch, long firstSequence) {
        this.settings = settings;
        this.scratch = scratch;
        this.nextSequence = firstSequence & 0xffffffffL;
        try {
            decoder = new OpusDecoder(Limits.SAMPLE_RATE, Limits.CHANNELS);
            medium = encoder(Tier.MEDIUM.bitrate(), settings.mediumComplexity());
            low = encoder(Tier.LOW.bitrate(), settings.lowComplexity());
        } catch (OpusException e) {
            throw new IllegalStateException("cannot create Opus codecs", e);
        }
    }

    static OpusEncoder encoder(int bitrate, int complexity) throws OpusException {
        OpusEncoder e = new OpusEncoder(Limits.SAMPLE_RATE, Limits.CHANNELS, OpusApplication.OPUS_APPLICATION_AUDIO);
        e.setBitrate(bitrate);
        e.setComplexity(complexity);
        e.setSignalType(OpusSignal.OPUS_SIGNAL_MUSIC);
        e.setUseVBR(true);
        e.setUseConstrainedVBR(true);
        return e;
    }

    /**
     * Frames come from another participant from now on (the aux passed): its Opus stream starts
     * afresh, so the decoder does too, the next packet is flagged as a discontinuity (the room's
     * sequence goes on), and the ingest stats count its sequence and transit anew.
     */
    public void newSender() {
        decoder.resetState();
        decoderBehind = false;
        warm = 0;
        skipUntilUs = Long.MIN_VALUE; // a new stream: judge it from its first packet
        discontinuity = true;
        stats.newSender();
    }

    /**
     * Which re-encoded tiers to produce from the next packet on ({@link TierDemand} bits; {@code high}
     * always flows). A tier not produced costs nothing: no encode, no record.
     */
    public void reencode(int mask) {
        reencode = mask & TierDemand.REENCODED;
    }

    /** The re-encoded tiers produced for the last packet ({@link TierDemand} bits). */
    public int reencoding() {
        return encoding;
    }

    /** The sequence the next accepted packet gets (u32). */
    public long nextSequence() {
        return nextSequence;
    }

    public IngestStats stats() {
        return stats;
    }

    /** Sound or silence in what the host sends (decided from the decoded PCM). */
    public SignalMonitor signal() {
        return signal;
    }

    public long accepted() {
        return accepted;
    }

    public long refused() {
        return refused;
    }

    /** Host Opus packets decoded so far. */
    public long decoded() {
        return decoded;
    }

    /** Host Opus packets forwarded without decoding (checked by their framing) so far. */
    public long undecoded() {
        return undecoded;
    }

    /** Host frames dropped as repeats of one already forwarded. */
    public long repeats() {
        return repeats;
    }

    /**
     * Whether this host frame was forwarded already: the same host sequence and capture time as one of
     * the last few. The gateway's audio producer retries a send that timed out (no idempotence, for
     * latency: KafkaClients.audioProducer), so a frame whose first try did land arrives twice, possibly
     * after the next one. Decoding it again would put a second copy of its 20 ms into the room under
     * new sequences — a stutter every guest hears, which no sequence check downstream can catch.
     */
    private boolean isRepeat(long hostSeq, long captureUs) {
        for (int i = 0; i < recentCount; i++) {
            if (recentSeq[i] == hostSeq && recentCaptureUs[i] == captureUs) {
                return true;
            }
        }
        return false;
    }

    private void remember(long hostSeq, long captureUs) {
        recentSeq[recentNext] = hostSeq;
        recentCaptureUs[recentNext] = captureUs;
        recentNext = (recentNext + 1) % RECENT;
        recentCount = Math.min(RECENT, recentCount + 1);
    }

    /**
     * Processes one host frame.
     *
     * @param expectedCodec the codec the room announced, or null when unknown (both accepted)
     * @param highBitrate   bitrate for PCM hosts' high tier, or 0 for the default
     * @param nowUs         arrival time, server µs (for stats)
     * @return null when the frame was forwarded to {@code out} (or dropped as a repeat of one that was,
     *     {@link #repeats()}), otherwise why it was refused
     */
    public Refusal process(byte[] b, Codec expectedCodec, int highBitrate, long nowUs, Output out) {
        try {
            AudioFrames.validate(b, b.length);
        } catch (ProtocolException e) {
            return refuse(e.code(), e.getMessage());
        }
        Codec codec = Codec.ofId(AudioFrames.codecId(b));
        if (expectedCodec != null && codec != expectedCodec) {
            return refuse(ErrorCode.BAD_CODEC, "this broadcast was started with codec " + expectedCodec.wire()
                    + ", got " + codec.wire());
        }
        if (AudioFrames.tierId(b) != Tier.HIGH.id()) {
            return refuse(ErrorCode.BAD_FRAME, "a host sends tier high only");
        }
        long hostSeq = AudioFrames.sequence(b);
        if (isRepeat(hostSeq, AudioFrames.captureTimeUs(b))) {
            repeats++;
            return null;
        }
        int n = AudioFrames.packetCount(b);
        short[] pcm = scratch.pcm;
        long captureUs = AudioFrames.captureTimeUs(b);
        // capture times before the skip began are a stream that started over (a host whose clock stepped back): judge it
        boolean decode = codec != Codec.OPUS || reencode != 0 || captureUs >= skipUntilUs
                || captureUs < skipUntilUs - SKIP_AFTER_SOUND_US;
        int pos = AudioFrames.firstPacket();
        for (int i = 0; i < n; i++) {
            int len = AudioFrames.packetLength(b, pos);
            if (codec == Codec.OPUS && !decode) {
                if (!OpusPackets.is20ms(b, pos + 2, len)) {
                    return refuse(ErrorCode.BAD_FRAME, "packet " + i + " is not a valid 20 ms Opus packet");
                }
            } else if (codec == Codec.OPUS) {
                if (decoderBehind) {
                    decoder.resetState();
                    decoderBehind = false;
                    warm = WARM_PACKETS;
                }
                int samples;
                try {
                    samples = decoder.decode(b, pos + 2, len, pcm, i * PACKET_SHORTS, Limits.PACKET_SAMPLES, false);
                } catch (OpusException | RuntimeException e) {
                    samples = -1;
                }
                if (samples != Limits.PACKET_SAMPLES) {
                    decoder.resetState();
                    warm = WARM_PACKETS;
                    return refuse(ErrorCode.BAD_FRAME, "packet " + i + " is not a valid 20 ms Opus packet");
                }
            } else {
                pcmFromLittleEndian(b, pos + 2, pcm, i * PACKET_SHORTS);
            }
            pos = AudioFrames.nextPacket(b, pos);
        }

        if (codec == Codec.OPUS) {
            if (decode) {
                decoded += n;
            } else {
                undecoded += n;
                decoderBehind = true;
            }
        }
        int flags = discontinuity || (AudioFrames.flags(b) & AudioFrame.FLAG_DISCONTINUITY) != 0
                ? AudioFrame.FLAG_DISCONTINUITY : 0;
        discontinuity = false;
        int highBytes = 0;
        pos = AudioFrames.firstPacket();
        for (int i = 0; i < n; i++) {
            long seq = nextSequence;
            nextSequence = (nextSequence + 1) & 0xffffffffL;
            long packetCaptureUs = captureUs + i * Limits.PACKET_DURATION_US;
            int packetFlags = i == 0 ? flags : 0;
            judge(decode, packetCaptureUs, pcm, i * PACKET_SHORTS);
            byte[] high;
            if (codec == Codec.OPUS) {
                int len = AudioFrames.packetLength(b, pos);
                high = frame(Codec.OPUS, Tier.HIGH, seq, packetCaptureUs, packetFlags, b, pos + 2, len);
                highBytes += len;
            } else {
                int len = encode(highEncoder(highBitrate), pcm, i * PACKET_SHORTS);
                high = frame(Codec.OPUS, Tier.HIGH, seq, packetCaptureUs, packetFlags, scratch.packet, 0, len);
                highBytes += len;
            }
            out.emit(Tier.HIGH, seq, packetCaptureUs, high);
            long reencodedUs = packetCaptureUs - REENCODE_DELAY_US;
            reencoded(Tier.MEDIUM, medium, seq, reencodedUs, packetFlags, pcm, i * PACKET_SHORTS, out);
            reencoded(Tier.LOW, low, seq, reencodedUs, packetFlags, pcm, i * PACKET_SHORTS, out);
            encoding = reencode;
            pos = AudioFrames.nextPacket(b, pos);
        }
        remember(hostSeq, captureUs);
        stats.onFrame(hostSeq, n, captureUs, nowUs, highBytes);
        accepted += n;
        return null;
    }

    /** Tells the signal monitor about one accepted packet (heard or not), and skips decoding a while after a loud one. */
    private void judge(boolean decoded, long packetCaptureUs, short[] pcm, int offset) {
        if (!decoded) {
            signal.onUnheard(packetCaptureUs);
        } else if (warm > 0) {
            warm--;
            signal.onUnheard(packetCaptureUs);
        } else if (signal.onPacket(packetCaptureUs, pcm, offset, PACKET_SHORTS)) {
            skipUntilUs = packetCaptureUs + SKIP_AFTER_SOUND_US;
        }
    }

    /** One packet of a re-encoded tier, if it is wanted; a tier starting (again) starts from a fresh encoder. */
    private void reencoded(Tier tier, OpusEncoder encoder, long seq, long captureUs, int packetFlags, short[] pcm, int offset, Output out) {
        int bit = TierDemand.bit(tier);
        if ((reencode & bit) == 0) {
            return;
        }
        int flags = packetFlags;
        if ((encoding & bit) == 0) {
            encoder.resetState(); // what it last heard is long gone: its first packet must not carry it
            flags |= AudioFrame.FLAG_DISCONTINUITY;
        }
        int len = encode(encoder, pcm, offset);
        out.emit(tier, seq, captureUs, frame(Codec.OPUS, tier, seq, captureUs, flags, scratch.packet, 0, len));
    }

    private Refusal refuse(ErrorCode code, String message) {
        refused++;
        discontinuity = true;
        return new Refusal(code, message);
    }

    private OpusEncoder highEncoder(int bitrate) {
        int wanted = bitrate > 0 ? bitrate : settings.defaultHighBitrate();
        if (pcmHigh == null) {
            try {
                pcmHigh = encoder(wanted, settings.highComplexity());
            } catch (OpusException e) {
                throw new IllegalStateException(e);
            }
            pcmHighBitrate = wanted;
        } else if (wanted != pcmHighBitrate) {
            pcmHigh.setBitrate(wanted);
            pcmHighBitrate = wanted;
        }
        return pcmHigh;
    }

    private int encode(OpusEncoder encoder, short[] pcm, int offset) {
        try {
            return encoder.encode(pcm, offset, Limits.PACKET_SAMPLES, scratch.packet, 0, scratch.packet.length);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus encoding failed", e);
        }
    }

    static void pcmFromLittleEndian(byte[] b, int off, short[] pcm, int pcmOff) {
        for (int i = 0; i < PACKET_SHORTS; i++) {
            pcm[pcmOff + i] = (short) ((b[off + 2 * i] & 0xff) | (b[off + 2 * i + 1] << 8));
        }
    }

    /** A single-packet frame. */
    public static byte[] frame(Codec codec, Tier tier, long seq, long captureUs, int flags, byte[] src, int off, int len) {
        byte[] out = new byte[AudioFrames.HEADER_BYTES + 2 + len];
        AudioFrames.writeHeader(out, codec, tier, 1, seq, captureUs, Limits.PACKET_SAMPLES, flags);
        out[AudioFrames.HEADER_BYTES] = (byte) (len >>> 8);
        out[AudioFrames.HEADER_BYTES + 1] = (byte) len;
        System.arraycopy(src, off, out, AudioFrames.HEADER_BYTES + 2, len);
        return out;
    }
}
