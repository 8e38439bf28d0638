package dev.roomcast.systemtests.engines;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Child processes of the drivers: started with extra env and a log file, stopped by pid with their descendants. */
final class Procs {
    private Procs() {}

    static Process start(List<String> cmd, Map<String, String> env, Path log) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        if (log != null) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        try {
            return pb.start();
        } catch (IOException e) {
            throw new EngineException("cannot start " + cmd.get(0) + " (is it installed?): " + e.getMessage(), e);
        }
    }

    /** SIGTERM to the process and everything it started (by pid), then SIGKILL to what is left after 5 s. */
    static void stop(Process p) {
        if (p == null) {
            return;
        }
        List<ProcessHandle> all = new java.util.ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new EngineException("no free port", e);
        }
    }
}
