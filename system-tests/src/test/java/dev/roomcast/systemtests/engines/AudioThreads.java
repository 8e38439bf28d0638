package dev.roomcast.systemtests.engines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Does what rtkit does on a desktop: makes the audio threads of the browsers this JVM started
 * SCHED_RR (priority 8, below the private PulseAudio's 9). Without D-Bus and rtkit, Firefox's
 * AudioIPC callback and graph threads, WebKit's GStreamer web-audio source and every engine's
 * libpulse thread run at normal priority, and on this shared 2-core box they starve: the stream
 * underruns at the sound server and plays late by what it lost (measured: Firefox 71 dropouts and
 * +74 ms in 19 s at load 17). A real listener's desktop runs them RT. Needs root (chrt); where it
 * cannot, the threads stay as they are and the measurement shows the starvation.
 *
 * <p>Only libpulse's I/O thread ({@code threaded-ml}), as audio-loop/setup.sh does. Rendering
 * threads made RT from outside hung Firefox's content process in the four-browser test (it stopped
 * answering BiDi within a minute, 5 runs of 6): WebKit's {@code webaudioSrcTask} (it renders the
 * whole graph, AudioWorklet included) and Firefox's own AudioIPC callback / graph threads, which
 * Firefox's rtkit request would have promoted together with what they wait on. With Firefox's
 * graph threads RT and two browsers only, Firefox played within 7 ms of Chromium with 0 dropouts
 * at load 18 ({@code -Droomcast.audioThreads='threaded-ml|AudioIP.*allback|GraphRunner|MediaTrackGrph'});
 * without, at load 17–29 its graph rendered 40 packets' worth per second of 50 and clicks landed
 * tens to hundreds of ms late (docs/SYNC.md "Measured at the sink").
 */
final class AudioThreads implements AutoCloseable {
    static final Pattern AUDIO = Pattern.compile(System.getProperty("roomcast.audioThreads", "threaded-ml"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "audio-thread-booster");
        t.setDaemon(true);
        return t;
    });
    private final Set<Long> boosted = new HashSet<>();

    AudioThreads() {
        timer.scheduleWithFixedDelay(this::boostOnce, 0, 500, TimeUnit.MILLISECONDS);
    }

    int boostedCount() {
        synchronized (boosted) {
            return boosted.size();
        }
    }

    private void boostOnce() {
        ProcessHandle.current().descendants().forEach(p -> {
            Path tasks = Path.of("/proc", String.valueOf(p.pid()), "task");
            try (var ts = Files.list(tasks)) {
                ts.forEach(t -> {
                    long tid = Long.parseLong(t.getFileName().toString());
                    synchronized (boosted) {
                        if (boosted.contains(tid)) {
                            return;
                        }
                    }
                    try {
                        String comm = Files.readString(t.resolve("comm")).trim();
                        if (!AUDIO.matcher(comm).matches()) {
                            return;
                        }
                        Process chrt = new ProcessBuilder("chrt", "-r", "-p", "8", String.valueOf(tid))
                                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                        if (chrt.waitFor(5, TimeUnit.SECONDS) && chrt.exitValue() == 0) {
                            synchronized (boosted) {
                                boosted.add(tid);
                            }
                        }
                    } catch (IOException e) {
                        // the thread ended meanwhile
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (IOException | RuntimeException e) {
                // the process ended meanwhile
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
