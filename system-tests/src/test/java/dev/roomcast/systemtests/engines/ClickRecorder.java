package dev.roomcast.systemtests.engines;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Ground truth outside every page: records {@code rec.monitor} of a {@link PrivatePulse} with
 * {@code parec} (all channels in one stream, so one sample index is one moment for every guest) and
 * finds, per channel, each click onset (the first sample above {@code threshold} after
 * {@code refractoryS} without one) and each dropout (at least 10 ms of silence between sound: the
 * page ran dry). Nothing but the onsets and counters is kept.
 */
public final class ClickRecorder implements AutoCloseable {
    public static final int RATE = 48_000;
    private static final double SILENCE = 0.002;
    private static final int DROPOUT_FRAMES = RATE / 100;

    private final Process parec;
    private final Thread reader;
    private final int channels;
    private final double threshold;
    private final long refractory;
    private final List<List<Long>> onsets = new ArrayList<>();
    private final List<List<Long>> dropouts = new ArrayList<>();
    private final long[] lastLoud;
    private final long[] silentSince;
    private final double[] peak;
    private volatile long frames;
    private volatile IOException failure;

    private ClickRecorder(PrivatePulse pulse, double threshold, double refractoryS) {
        this.channels = pulse.channels();
        this.threshold = threshold;
        this.refractory = Math.round(refractoryS * RATE);
        this.lastLoud = new long[channels];
        this.silentSince = new long[channels];
        this.peak = new double[channels];
        List<String> map = new ArrayList<>();
        for (int i = 0; i < channels; i++) {
            onsets.add(new ArrayList<>());
            dropouts.add(new ArrayList<>());
            lastLoud[i] = Long.MIN_VALUE / 2;
            silentSince[i] = -1;
            map.add("aux" + i);
        }
        ProcessBuilder pb = new ProcessBuilder("parec", "-d", "rec.monitor", "--format=float32le", "--rate=" + RATE,
                "--channels=" + channels, "--channel-map=" + String.join(",", map), "--latency-msec=20", "--raw")
                .redirectError(ProcessBuilder.Redirect.appendTo(pulse.dir().resolve("parec.log").toFile()));
        pb.environment().putAll(pulse.env("g0"));
        try {
            parec = pb.start();
        } catch (IOException e) {
            throw new EngineException("cannot start parec (apt-get install pulseaudio-utils): " + e.getMessage(), e);
        }
        reader = new Thread(this::read, "click-recorder");
        reader.setDaemon(true);
        reader.start();
    }

    /** Records every channel of {@code pulse}; onsets above {@code threshold} at least {@code refractoryS} apart. */
    public static ClickRecorder start(PrivatePulse pulse, double threshold, double refractoryS) {
        return new ClickRecorder(pulse, threshold, refractoryS);
    }

    private void read() {
        int frameBytes = 4 * channels;
        byte[] block = new byte[frameBytes * 480];
        ByteBuffer bb = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        try (InputStream in = parec.getInputStream(); DataInputStream din = new DataInputStream(in)) {
            while (true) {
                din.readFully(block);
                long f0 = frames;
                synchronized (this) {
                    for (int i = 0; i < 480; i++) {
                        long at = f0 + i;
                        for (int c = 0; c < channels; c++) {
                            double v = Math.abs(bb.getFloat((i * channels + c) * 4));
                            peak[c] = Math.max(peak[c], v);
                            if (v > threshold && at - lastLoud[c] > refractory) {
                                onsets.get(c).add(at);
                            }
                            if (v > threshold) {
                                lastLoud[c] = at;
                            }
                            if (v < SILENCE) {
                                if (silentSince[c] < 0) {
                                    silentSince[c] = at;
                                }
                            } else {
                                if (silentSince[c] >= 0 && at - silentSince[c] >= DROPOUT_FRAMES && !onsets.get(c).isEmpty()) {
                                    dropouts.get(c).add(silentSince[c]);
                                }
                                silentSince[c] = -1;
                            }
                        }
                    }
                }
                frames = f0 + 480;
            }
        } catch (EOFException e) {
            // parec stopped
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Frames recorded so far (one frame = one sample of every channel). */
    public long frames() {
        if (failure != null) {
            throw new EngineException("the recording failed", failure);
        }
        return frames;
    }

    /** Sample indices of the onsets in channel {@code c} at or after frame {@code from}. */
    public synchronized List<Long> onsets(int c, long from) {
        return onsets.get(c).stream().filter(x -> x >= from).toList();
    }

    /** Dropouts (≥ 10 ms of silence between sound) in channel {@code c} at or after frame {@code from}. */
    public synchronized List<Long> dropouts(int c, long from) {
        return dropouts.get(c).stream().filter(x -> x >= from).toList();
    }

    /** The loudest sample seen in channel {@code c}. */
    public synchronized double peak(int c) {
        return peak[c];
    }

    @Override
    public void close() {
        Procs.stop(parec);
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
