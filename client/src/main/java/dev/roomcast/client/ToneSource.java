package dev.roomcast.client;

/** An endless sine tone on both channels. */
public final class ToneSource implements AudioSource {
    private final double hz;
    private final double amplitude;
    private long sample;

    /** @param amplitude 0..1 of full scale */
    public ToneSource(double hz, double amplitude) {
        if (hz <= 0 || hz >= 24_000 || amplitude < 0 || amplitude > 1) {
            throw new IllegalArgumentException("tone must be 0 < hz < 24000, amplitude 0..1");
        }
        this.hz = hz;
        this.amplitude = amplitude;
    }

    public ToneSource(double hz) {
        this(hz, 0.5);
    }

    @Override
    public boolean next(short[] out) {
        for (int i = 0; i < 960; i++) {
            double v = Math.sin(2 * Math.PI * hz * (sample++) / 48_000.0) * amplitude * 32767;
            short s = (short) Math.round(v);
            out[2 * i] = s;
            out[2 * i + 1] = s;
        }
        return true;
    }
}
