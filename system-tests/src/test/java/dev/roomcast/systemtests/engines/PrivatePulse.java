package dev.roomcast.systemtests.engines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private PulseAudio daemon (no system one is touched), as /work/shared/audio-loop/setup.sh runs
 * it, in a directory of the caller's: one null sink {@code rec} with {@code channels} channels
 * (aux0…), and one mono sink {@code g<i>} per channel (module-remap-sink, channel i of rec). A
 * browser started with {@link #env(String) env("g1")} plays into channel 1; everything played is
 * recorded together, sample-aligned, from {@code rec.monitor} ({@link ClickRecorder}). Started and
 * stopped by its owner; stop kills only the daemon this object started (by pid). While it runs, the
 * audio threads of the browsers this JVM starts are made real-time, as rtkit does on a desktop
 * ({@link AudioThreads}).
 */
public final class PrivatePulse implements AutoCloseable {
    private final Path dir;
    private final int channels;
    private final Process daemon;
    private AudioThreads booster;

    private PrivatePulse(Path dir, int channels, Process daemon) {
        this.dir = dir;
        this.channels = channels;
        this.daemon = daemon;
    }

    public static PrivatePulse start(Path dir, int channels) {
        Path run = dir.resolve("run");
        try {
            Files.createDirectories(run);
            Files.createDirectories(dir.resolve("state"));
            Files.createDirectories(dir.resolve("home"));
            run.toFile().setReadable(false, false);
            run.toFile().setReadable(true, true);
            Files.writeString(dir.resolve("daemon.conf"), String.join("\n",
                    "exit-idle-time = -1", "flat-volumes = no", "default-sample-rate = 48000", "alternate-sample-rate = 48000",
                    "default-sample-format = float32le", "default-sample-channels = 2", "avoid-resampling = yes",
                    "high-priority = yes", "realtime-scheduling = yes", "realtime-priority = 9", ""));
            StringBuilder pa = new StringBuilder();
            pa.append("load-module module-native-protocol-unix auth-anonymous=1 socket=").append(run.resolve("native")).append('\n');
            List<String> map = new ArrayList<>();
            for (int i = 0; i < channels; i++) {
                map.add("aux" + i);
            }
            pa.append("load-module module-null-sink sink_name=rec rate=48000 channels=").append(channels)
                    .append(" channel_map=").append(String.join(",", map)).append('\n');
            for (int i = 0; i < channels; i++) {
                pa.append("load-module module-remap-sink sink_name=g").append(i)
                        .append(" master=rec channels=1 channel_map=mono master_channel_map=aux").append(i).append(" remix=yes\n");
            }
            pa.append("set-default-sink g0\n");
            Files.writeString(dir.resolve("base.pa"), pa);
        } catch (IOException e) {
            throw new EngineException("cannot prepare " + dir, e);
        }
        ProcessBuilder pb = new ProcessBuilder("pulseaudio", "-n", "-F", dir.resolve("base.pa").toString(), "--daemonize=no",
                "--exit-idle-time=-1", "--use-pid-file=no", "--log-target=file:" + dir.resolve("pulse.log"), "--log-level=notice")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pulse.out").toFile()));
        pb.environment().putAll(Map.of("XDG_RUNTIME_DIR", run.toString(), "PULSE_RUNTIME_PATH", run.toString(),
                "PULSE_STATE_PATH", dir.resolve("state").toString(), "PULSE_CONFIG", dir.resolve("daemon.conf").toString(),
                "HOME", dir.resolve("home").toString()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new EngineException("cannot start pulseaudio (apt-get install pulseaudio pulseaudio-utils): " + e.getMessage(), e);
        }
        PrivatePulse pulse = new PrivatePulse(dir, channels, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!pulse.pactlOk("info")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                pulse.close();
                throw new EngineException("pulseaudio did not come up, see " + dir.resolve("pulse.log"));
            }
            try {
                Thread.sleep(100); // polling a socket that is not there yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pulse.close();
                throw new EngineException("interrupted", e);
            }
        }
        // the daemon's main thread (client protocol I/O) starves under load otherwise (audio-loop README)
        run("chrt", "-r", "-p", "9", String.valueOf(p.pid()));
        pulse.booster = new AudioThreads();
        return pulse;
    }

    /** The environment a browser needs to play into sink {@code sink} of this daemon. */
    public Map<String, String> env(String sink) {
        Path run = dir.resolve("run");
        return Map.of("PULSE_SERVER", "unix:" + run.resolve("native"), "XDG_RUNTIME_DIR", run.toString(),
                "PULSE_RUNTIME_PATH", run.toString(), "PULSE_SINK", sink);
    }

    public int channels() {
        return channels;
    }

    public Path dir() {
        return dir;
    }

    /** {@code pactl} against this daemon; true when it answered 0. */
    public boolean pactlOk(String... args) {
        List<String> cmd = new ArrayList<>(List.of("pactl"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env("g0"));
        try {
            Process p = pb.start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What pactl says (sinks and streams), for a report. */
    public String describe() {
        ProcessBuilder pb = new ProcessBuilder("pactl", "list", "short", "sink-inputs").redirectErrorStream(true);
        pb.environment().putAll(env("g0"));
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return out.trim();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void run(String... cmd) {
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // not root or no chrt: the daemon runs at normal priority
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many browser audio threads were made real-time so far (as rtkit would on a desktop; see {@link AudioThreads}). */
    public int boostedThreads() {
        return booster == null ? 0 : booster.boostedCount();
    }

    @Override
    public void close() {
        if (booster != null) {
            booster.close();
        }
        Procs.stop(daemon);
    }
}
